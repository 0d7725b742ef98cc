/**
 * The on-disk index looks a small add up by seeking to the partitions of its band keys (format 4),
 * a large add by decoding whole bands: both must find what the in-memory index finds.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPool, generateCorpus } from '../../bench/synthetic.js';
import { MemoryIndexStore, ReprintIndex, type ReprintsResult } from '../../src/index.js';
import { openIndex } from '../../src/node/index.js';

const seedsDir = join(import.meta.dirname, '..', 'fixtures', 'seeds');
const pool = buildPool(readdirSync(seedsDir).sort().map((f) => readFileSync(join(seedsDir, f), 'utf8')));
const dir = mkdtempSync(join(tmpdir(), 'reprints-index-lookup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shape = (r: ReprintsResult) => ({ clusters: r.clusters, pairs: r.pairs });

describe('on-disk index: sparse look-up', () => {
  it('an add of a few documents to a larger archive finds what the in-memory index finds', async () => {
    const docs = [...generateCorpus({ docs: 900, seed: 11, pool }).documents];
    const memory = await ReprintIndex.open(new MemoryIndexStore(), { create: true });
    const disk = await openIndex(join(dir, 'sparse.reprints'), { create: true });
    try {
      await memory.add(docs.slice(0, 880));
      await disk.add(docs.slice(0, 880));
      // One document per add: its few hundred band keys are far fewer than a band's entries.
      let found = 0;
      for (const doc of docs.slice(880)) {
        const got = await disk.add([doc]);
        expect(shape(got)).toEqual(shape(await memory.add([doc])));
        found += got.pairs.length;
      }
      expect(found).toBeGreaterThan(0);
      expect(await disk.export()).toEqual(await memory.export());
      expect((await disk.check()).ok).toBe(true);
    } finally {
      await disk.close();
    }
  });
});
