/** --output: the temp file is renamed into place on commit and removed on abort. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomicFileSink, streamSink } from '../../src/cli/output.js';
import { collector, tempDir } from './helpers.js';

describe('atomicFileSink', () => {
  it('writes into a hidden temp file and renames it over FILE on commit', async () => {
    const dir = tempDir();
    const file = join(dir, 'out.txt');
    writeFileSync(file, 'old');
    const sink = await atomicFileSink(file);
    await sink.write('new ');
    await sink.write('content');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
    await sink.commit();
    expect(readFileSync(file, 'utf8')).toBe('new content');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('on abort removes the temp file and leaves FILE as it was', async () => {
    const dir = tempDir();
    const file = join(dir, 'out.txt');
    writeFileSync(file, 'old');
    const sink = await atomicFileSink(file);
    await sink.write('half');
    await sink.abort();
    await sink.abort();
    expect(readdirSync(dir)).toEqual(['out.txt']);
    expect(readFileSync(file, 'utf8')).toBe('old');
  });

  it('fails up front (exit 2) when the folder does not exist', async () => {
    const dir = tempDir();
    await expect(atomicFileSink(join(dir, 'no', 'out.txt'))).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('streamSink', () => {
  it('writes chunks in order', async () => {
    const out = collector();
    const sink = streamSink(out);
    await sink.write('a');
    await sink.write('b');
    await sink.commit();
    expect(out.text()).toBe('ab');
  });
});
