/**
 * The on-disk index looks a small add up by seeking to the partitions of its band keys (format 4),
 * a large add by decoding whole bands: both must find what the in-memory index finds.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPool, generateCorpus } from '../../bench/synthetic.js';
import { MemoryIndexStore, ReprintIndex, type ReprintDocument, type ReprintsResult } from '../../src/index.js';
import { openIndex } from '../../src/node/index.js';

const seedsDir = join(import.meta.dirname, '..', 'fixtures', 'seeds');
const pool = buildPool(readdirSync(seedsDir).sort().map((f) => readFileSync(join(seedsDir, f), 'utf8')));
const dir = mkdtempSync(join(tmpdir(), 'reprints-index-lookup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shape = (r: ReprintsResult) => ({ clusters: r.clusters, pairs: r.pairs });

/**
 * Add `batches` to an on-disk and an in-memory index and expect the same result from each add and
 * the same index at the end; `reopen` (after the first batch) starts a fresh connection, as a new
 * process would.
 */
async function expectSameAdds(file: string, docs: ReprintDocument[], sizes: number[], reopen: boolean): Promise<void> {
  const memory = await ReprintIndex.open(new MemoryIndexStore(), { create: true });
  let disk = await openIndex(join(dir, file), { create: true });
  try {
    let from = 0;
    let found = 0;
    for (const [n, size] of sizes.entries()) {
      const batch = docs.slice(from, (from += size));
      const got = await disk.add(batch);
      expect(shape(got)).toEqual(shape(await memory.add(batch)));
      found += got.pairs.length;
      if (n === 0 && reopen) {
        await disk.close();
        disk = await openIndex(join(dir, file));
      }
    }
    expect(found).toBeGreaterThan(0);
    expect(await disk.export()).toEqual(await memory.export());
    expect((await disk.check()).ok).toBe(true);
  } finally {
    await disk.close();
  }
}

describe('on-disk index: sparse look-up', () => {
  it('an add of a few documents to a larger archive finds what the in-memory index finds', async () => {
    // After a fresh connection the archive's bands are not held decoded. One document per add: its
    // few hundred band keys are far fewer than a band's entries.
    const docs = [...generateCorpus({ docs: 900, seed: 11, pool }).documents];
    await expectSameAdds('sparse.reprints', docs, [880, ...Array(20).fill(1)], true);
  });
});

describe('on-disk index: merged segments', () => {
  it('a process adding batch after batch (segments merged on disk, its own kept decoded) finds what the in-memory index finds', async () => {
    // Sizes that make segments merge (newer ones three times an older one's size) and stay apart.
    const docs = [...generateCorpus({ docs: 1000, seed: 12, pool }).documents];
    await expectSameAdds('runs.reprints', docs, [300, 60, 200, 100, 40, 40, 160, 100], false);
  });
});
