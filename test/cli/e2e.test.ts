/**
 * End-to-end: spawn the built binary (`node bin/reprints.js`) for every input kind, every format, every
 * bad-input error (exit code and message), `--output` atomicity, and stdin.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { findReprints } from '../../src/index.js';
import type { ReprintDocument, ReprintsResult } from '../../src/index.js';
import { BIN, ROOT, SEEDS, UNPRIVILEGED, openToAll, reprints, tempDir } from './helpers.js';

const JSONL = 'test/fixtures/cli/docs.jsonl';
const CORPUS = 'test/fixtures/cli/corpus';

/** Ids of the documents read, in order, from a `--format json` run. */
function idsRead(args: string[], input?: string): string[] {
  const r = reprints(['--format', 'json', ...args], { input });
  expect(r.stderr).not.toMatch(/unexpected failure/);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as ReprintsResult).documents.map((d) => d.id);
}

function seedDocs(): ReprintDocument[] {
  return readdirSync(SEEDS)
    .sort()
    .map((name) => ({ id: name, text: readFileSync(join(SEEDS, name), 'utf8') }));
}

describe('input kinds', () => {
  it('reads a folder recursively: .txt and .md only, sorted, ids relative with /, hidden files left out', () => {
    expect(idsRead([CORPUS])).toEqual(['a.txt', 'b.md', 'sub/c.txt']);
    const r = reprints([CORPUS]);
    expect(r.stderr).toContain(`reprints: warning: ${CORPUS}: ignored 1 file that is not .txt or .md (first: ${CORPUS}/table.csv)`);
  });

  it('reads a single text file with the path as given as its id', () => {
    expect(idsRead([`${CORPUS}/sub/c.txt`, `./${CORPUS}/b.md`])).toEqual([`${CORPUS}/sub/c.txt`, `./${CORPUS}/b.md`]);
  });

  it('reads JSON lines with id, series and date, skipping blank lines', () => {
    const r = reprints(['--format', 'json', JSONL]);
    const result = JSON.parse(r.stdout) as ReprintsResult;
    expect(result.documents.map(({ id, series, date }) => ({ id, series, date }))).toEqual([
      { id: 'spa-1', series: 'spa', date: '2015-07-21' },
      { id: 'okaz-7', series: 'okaz', date: '2015-07-22' },
      { id: 'riyadh-3', series: 'alriyadh', date: '2015-07-22' },
    ]);
  });

  it('reads .ndjson and gzip-compressed .jsonl.gz the same as .jsonl', () => {
    const dir = tempDir();
    const lines = readFileSync(join(ROOT, JSONL));
    writeFileSync(join(dir, 'docs.ndjson'), lines);
    writeFileSync(join(dir, 'docs.jsonl.gz'), gzipSync(lines));
    const expected = ['spa-1', 'okaz-7', 'riyadh-3'];
    expect(idsRead([join(dir, 'docs.ndjson')])).toEqual(expected);
    expect(idsRead([join(dir, 'docs.jsonl.gz')])).toEqual(expected);
  });

  it('reads a JSON array with other field names (--id-field --text-field --series-field)', () => {
    const r = reprints(['-f', 'json', '--id-field', 'url', '--text-field', 'content', '--series-field', 'source', 'test/fixtures/cli/docs.json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as ReprintsResult;
    expect(result.documents).toEqual([
      { id: 'http://example.com/1', series: 'sabq', length: 'نص أول فيه "اقتباس" و[أقواس] و{معقوفات}'.length },
      { id: 'http://example.com/2', series: 'was', length: 'نص ثانٍ, بفاصلة'.length },
    ]);
  });

  it('reads JSON lines from stdin given as -', () => {
    const input = '{"id":"x","text":"one"}\n{"id":"y","text":"two"}';
    expect(idsRead(['-'], input)).toEqual(['x', 'y']);
  });

  it('reads a mix of inputs in the order given', () => {
    expect(idsRead([JSONL, '-', CORPUS], '{"id":"from-stdin","text":"t"}\n')).toEqual([
      'spa-1',
      'okaz-7',
      'riyadh-3',
      'from-stdin',
      'a.txt',
      'b.md',
      'sub/c.txt',
    ]);
  });
});

describe('formats', () => {
  it('--format json is exactly JSON.stringify(findReprints(...)) of the same documents and options', async () => {
    const r = reprints(['--format', 'json', '--threshold', '0.4', '--min-length', '60', 'examples/seeds']);
    expect(r.code).toBe(0);
    const expected = await findReprints(seedDocs(), { threshold: 0.4, minLength: 60 });
    expect(r.stdout).toBe(`${JSON.stringify(expected)}\n`);
  });

  it('--format json of JSON lines keeps series and dates the same way the library does', async () => {
    const r = reprints(['--format', 'json', '--same-series', JSONL]);
    const docs = readFileSync(join(ROOT, JSONL), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as ReprintDocument);
    expect(r.stdout).toBe(`${JSON.stringify(await findReprints(docs, { sameSeries: true }))}\n`);
  });

  it('--format jsonl prints one cluster a line, matching the json result', () => {
    const json = JSON.parse(reprints(['-f', 'json', 'examples/seeds']).stdout) as ReprintsResult;
    const r = reprints(['-f', 'jsonl', 'examples/seeds']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(json.clusters.length);
    lines.forEach((line, i) => {
      const c = JSON.parse(line) as { cluster: number; passages: { doc: string; start: number; end: number }[] };
      expect(c.cluster).toBe(json.clusters[i].id);
      expect(c.passages.map((p) => [p.doc, p.start, p.end])).toEqual(json.clusters[i].passages.map((p) => [p.doc, p.start, p.end]));
    });
  });

  it('--format csv prints a header and one aligned pair a row', () => {
    const json = JSON.parse(reprints(['-f', 'json', 'examples/seeds']).stdout) as ReprintsResult;
    const r = reprints(['-f', 'csv', 'examples/seeds']);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\r\n');
    expect(rows[0]).toBe('cluster,similarity,kind,a_doc,a_series,a_date,a_start,a_end,b_doc,b_series,b_date,b_start,b_end');
    expect(rows.at(-1)).toBe('');
    expect(rows.length - 2).toBe(json.pairs.length);
  });

  it('text is the default format, and the summary goes to stderr so stdout holds only data', () => {
    const r = reprints(['examples/seeds']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^reprints: 5 documents read, \d+ clusters?, \d+ aligned pairs? in \d+\.\d s\n$/);
    expect(r.stdout).not.toContain('reprints:');
  });

  it('--quiet drops the summary', () => {
    expect(reprints(['-q', 'examples/seeds']).stderr).toBe('');
  });

  it('draws no progress line when stderr is not a terminal', () => {
    expect(reprints(['examples/seeds']).stderr).not.toContain('\r');
  });
});

describe('the seeds (golden: 000 and 001 share a statement, 003 quotes it, 002 and 004 are unrelated)', () => {
  it('text output shows one cluster with 000, 001 and 003 and nothing about 002 or 004', () => {
    const r = reprints(['examples/seeds']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^Cluster /gm)).toHaveLength(1);
    for (const id of ['000_9a2da25b0221ecc8.txt', '001_1b4abf1cf8d92138.txt', '003_bead3651e68e05a9.txt']) expect(r.stdout).toContain(id);
    expect(r.stdout).not.toContain('002_');
    expect(r.stdout).not.toContain('004_');
  });

  it('json output has exactly one cluster, over documents 000, 001 and 003', () => {
    const result = JSON.parse(reprints(['-f', 'json', 'examples/seeds']).stdout) as ReprintsResult;
    expect(result.clusters).toHaveLength(1);
    expect([...new Set(result.clusters[0].passages.map((p) => p.doc.slice(0, 3)))].sort()).toEqual(['000', '001', '003']);
  });
});

describe('bad input', () => {
  it('a missing path: message naming it, exit 2', () => {
    const r = reprints(['no/such/folder']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('reprints: cannot read no/such/folder: no such file or directory\n');
    expect(r.stdout).toBe('');
  });

  it('an unreadable file: message naming it, exit 2 (run as nobody under root)', () => {
    const dir = openToAll(tempDir());
    const file = join(dir, 'locked.txt');
    writeFileSync(file, 'secret');
    chmodSync(file, 0o000);
    const r = reprints([file], { as: UNPRIVILEGED });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`reprints: cannot read ${file}: permission denied\n`);
  });

  it('a malformed JSON line: file:line and what is wrong, exit 1', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"id":"a","text":"fine"}\n{"id":"b","text":"cut\n{"id":"c","text":"fine"}\n');
    const r = reprints([file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^reprints: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2: invalid JSON: .+ \\(use --skip-bad-lines to skip such lines\\)\\n$`));
    expect(r.stdout).toBe('');
  });

  it('--skip-bad-lines skips malformed lines and warns with a count at the end', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"id":"a","text":"fine"}\nnot json\n[1,2]\n{"id":"c","text":"fine"}\n');
    const r = reprints(['--skip-bad-lines', '-f', 'json', file]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ReprintsResult).documents.map((d) => d.id)).toEqual(['a', 'c']);
    expect(r.stderr).toContain(`reprints: warning: skipped 2 malformed lines (first: ${file}:2: invalid JSON:`);
  });

  it('a record that is not an object, or has no id, is a malformed line', () => {
    const dir = tempDir();
    const file = join(dir, 'noid.jsonl');
    writeFileSync(file, '{"text":"no id here"}\n');
    const r = reprints([file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:1: no "id" field (name the id field with --id-field)`);
  });

  it('duplicate ids: error naming the id and both places, exit 1', () => {
    const dir = tempDir();
    const file = join(dir, 'dup.jsonl');
    writeFileSync(file, '{"id":"a","text":"one"}\n{"id":"b","text":"two"}\n{"id":"a","text":"three"}\n');
    const r = reprints([file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`reprints: duplicate id "a": ${file}:1 and ${file}:3\n`);
  });

  it('duplicate ids across two folders name both files', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'one'));
    mkdirSync(join(dir, 'two'));
    writeFileSync(join(dir, 'one', 'same.txt'), 'first');
    writeFileSync(join(dir, 'two', 'same.txt'), 'second');
    const r = reprints([join(dir, 'one'), join(dir, 'two')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`reprints: duplicate id "same.txt": ${join(dir, 'one', 'same.txt')} and ${join(dir, 'two', 'same.txt')}\n`);
  });

  it('records without text: skipped with a warning and a count', () => {
    const dir = tempDir();
    const file = join(dir, 'notext.jsonl');
    writeFileSync(file, '{"id":"a","text":"one"}\n{"id":"b"}\n{"id":"c","text":null}\n');
    const r = reprints(['-f', 'json', file]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ReprintsResult).documents.map((d) => d.id)).toEqual(['a']);
    expect(r.stderr).toContain(`reprints: warning: skipped 2 records without a "text" field (first: ${file}:2); name the text field with --text-field`);
  });

  it('a binary file inside a folder: skipped with a warning naming it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.txt'), 'plain text');
    writeFileSync(join(dir, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]));
    const r = reprints(['-f', 'json', dir]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ReprintsResult).documents.map((d) => d.id)).toEqual(['good.txt']);
    expect(r.stderr).toContain(`reprints: warning: skipped binary file ${join(dir, 'image.txt')} (it contains NUL bytes)`);
  });

  it('bug: every input skipped (a binary file, records without text) exited 0 as if the run had found nothing; now exit 1 after the warnings, and no --output', () => {
    const dir = tempDir();
    const image = join(dir, 'image.txt');
    writeFileSync(image, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]));
    const notext = join(dir, 'notext.jsonl');
    writeFileSync(notext, '{"id":"b"}\n');
    const out = join(dir, 'out.json');
    const r = reprints(['-f', 'json', '-o', out, image, notext]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`reprints: warning: skipped binary file ${image} (it contains NUL bytes)`);
    expect(r.stderr).toContain(`reprints: warning: skipped 1 record without a "text" field (first: ${notext}:1)`);
    expect(r.stderr).toMatch(new RegExp(`reprints: no documents were read from ${image}, ${notext}: every file or record was skipped \\(see the warnings above\\)\\n$`));
    expect(existsSync(out)).toBe(false);
  });

  it('inputs that hold nothing (an empty file, an empty folder): a warning, exit 0 — there is nothing to do', () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    mkdirSync(join(dir, 'none'));
    const r = reprints(['-f', 'json', empty, join(dir, 'none')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('reprints: warning: no documents were read\n');
    expect((JSON.parse(r.stdout) as ReprintsResult).documents).toEqual([]);
  });

  it('invalid UTF-8 in a text file: decoded with replacement characters and a warning', () => {
    const dir = tempDir();
    const file = join(dir, 'latin1.txt');
    writeFileSync(file, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b])); // "café ok" in Latin-1
    const r = reprints(['-f', 'json', file]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ReprintsResult).documents[0].length).toBe('caf\uFFFD ok'.length);
    expect(r.stderr).toContain(`reprints: warning: ${file}: invalid UTF-8, decoded with replacement characters (U+FFFD)`);
  });

  it('invalid UTF-8 in JSON lines: decoded with replacement characters and a warning with a count', () => {
    const dir = tempDir();
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(file, Buffer.concat([Buffer.from('{"id":"a","text":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]));
    const r = reprints(['-f', 'json', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`reprints: warning: ${file}: 1 line has invalid UTF-8 (first: ${file}:1), decoded with replacement characters (U+FFFD)`);
  });

  it('a corrupt .jsonl.gz: message naming it, exit 1', () => {
    const dir = tempDir();
    const file = join(dir, 'broken.jsonl.gz');
    writeFileSync(file, gzipSync('{"id":"a","text":"x"}\n'.repeat(100)).subarray(0, 30));
    const r = reprints([file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^reprints: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid gzip data`));
  });

  it('a .json file that is not an array: file:line and what is wrong, exit 1', () => {
    const dir = tempDir();
    const file = join(dir, 'object.json');
    writeFileSync(file, '\n{"id":"a","text":"x"}');
    const r = reprints([file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`reprints: ${file}:2: expected a JSON array of objects`);
  });

  it('an option out of range (threshold 7): names the option and the allowed range, exit 2, before reading input', () => {
    const r = reprints(['--threshold', '7', 'no/such/folder']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('reprints: --threshold: 7 is out of range; use a number in (0, 1)\n');
  });

  it('an unknown flag is a usage error, exit 2', () => {
    const r = reprints(['--treshold', '0.5', 'examples/seeds']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('reprints: unknown option --treshold; see reprints --help\n');
  });

  it('no input at all is a usage error, exit 2', () => {
    const r = reprints([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^reprints: no input given/);
  });
});

describe('--output FILE', () => {
  it('writes the same bytes as stdout, and leaves no temp file', () => {
    const dir = tempDir();
    const out = join(dir, 'result.json');
    const r = reprints(['-f', 'json', '-o', out, 'examples/seeds']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(reprints(['-f', 'json', 'examples/seeds']).stdout);
    expect(readdirSync(dir)).toEqual(['result.json']);
  });

  it('into a missing folder: fails with exit 2 naming it, and creates nothing', () => {
    const dir = tempDir();
    const out = join(dir, 'missing', 'result.json');
    const r = reprints(['-o', out, 'examples/seeds']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`reprints: cannot write --output ${out}: ${join(dir, 'missing')}: no such file or directory\n`);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('into a read-only folder: fails with exit 2 and creates nothing (run as nobody under root)', () => {
    const dir = openToAll(tempDir());
    const ro = join(dir, 'ro');
    mkdirSync(ro, 0o555);
    const r = reprints(['-o', join(ro, 'result.json'), 'examples/seeds'], { as: UNPRIVILEGED });
    expect(r.code).toBe(2);
    expect(readdirSync(ro)).toEqual([]);
  });

  it('a run that fails after starting leaves an existing FILE untouched and no temp file behind', () => {
    const dir = tempDir();
    const out = join(dir, 'result.json');
    writeFileSync(out, 'previous results\n');
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${'{"id":"ok","text":"fine"}\n'}{"id":\n`);
    const r = reprints(['-f', 'json', '-o', out, bad]);
    expect(r.code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('previous results\n');
    expect(readdirSync(dir).sort()).toEqual(['bad.jsonl', 'result.json']);
  });

  it('an interrupted run (Ctrl-C) removes its temp file and leaves FILE untouched', async () => {
    const dir = tempDir();
    const out = join(dir, 'result.json');
    writeFileSync(out, 'previous results\n');
    // stdin stays open, so the run is still reading when it is interrupted
    const child = spawn(process.execPath, [BIN, '-', '-o', out], { cwd: ROOT, stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.write('{"id":"a","text":"x"}\n');
    const deadline = Date.now() + 10_000;
    while (!readdirSync(dir).some((f) => f.endsWith('.tmp')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(true);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(readdirSync(dir)).toEqual(['result.json']);
    expect(readFileSync(out, 'utf8')).toBe('previous results\n');
  });

  it('an existing folder as FILE is a usage error', () => {
    const dir = tempDir();
    const r = reprints(['-o', dir, 'examples/seeds']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`reprints: cannot write --output ${dir}: it is a directory\n`);
  });
});

describe('--help and --version', () => {
  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(reprints(['--version'])).toEqual({ code: 0, stdout: `reprints ${pkg.version}\n`, stderr: '' });
  });

  it('--help prints usage on stdout and exits 0', () => {
    const r = reprints(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: reprints/);
  });
});

