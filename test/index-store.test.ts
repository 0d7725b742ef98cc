/**
 * Merging band segments: which segments merge after an add (tiered, so a look-up reads a few
 * segments, not one per add), and that a merged segment holds what its parts held, in archive order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryIndexStore, mergeSegments, segmentsToMerge, type BandSegment } from '../src/index-store.js';
import { commitSegments, randomSegments, segmentLookups, storeLookups } from './helpers/band-segments.js';

/** Add segments of the given sizes one at a time, merging as `segmentsToMerge` says; the sizes left, and windows rewritten. */
function simulate(adds: readonly number[]): { sizes: number[]; rewritten: number; settled: boolean } {
  const sizes: number[] = [];
  let rewritten = 0;
  let settled = true;
  for (const size of adds) {
    sizes.push(size);
    const k = segmentsToMerge(sizes);
    if (k === 1) settled = false;
    if (k > 1) {
      const merged = sizes.splice(sizes.length - k, k).reduce((x, y) => x + y, 0);
      rewritten += merged;
      sizes.push(merged);
      if (segmentsToMerge(sizes) !== 0) settled = false;
    }
  }
  return { sizes, rewritten, settled };
}

describe('segmentsToMerge', () => {
  it('from 8 segments on, merges the oldest segment whose newer ones hold three times its size, with all of them', () => {
    expect(segmentsToMerge([])).toBe(0);
    expect(segmentsToMerge([10])).toBe(0);
    expect(segmentsToMerge(Array(7).fill(10))).toBe(0);
    expect(segmentsToMerge(Array(8).fill(10))).toBe(8);
    const big = [5000, 1000, 500, 200];
    // A large old segment stays; the small ones after it merge among themselves.
    expect(segmentsToMerge([...big, 10, 10, 10, 10])).toBe(4);
    expect(segmentsToMerge([...big, 40, 10, 10, 10])).toBe(0);
    expect(segmentsToMerge([...big, 40, 40, 40, 40])).toBe(4);
    // The oldest segment that qualifies merges with everything newer.
    expect(segmentsToMerge([...big, 40, 30, 30, 30, 30])).toBe(5);
    expect(segmentsToMerge([10, 10, 10, 10], { from: 1 })).toBe(4);
  });

  it('equal daily adds: a year leaves a dozen segments at most, each window rewritten about three times', () => {
    let most = 0;
    const adds = Array(365).fill(100);
    for (let n = 1; n <= adds.length; n++) most = Math.max(most, simulate(adds.slice(0, n)).sizes.length);
    expect(most).toBeLessThanOrEqual(12);
    expect(simulate(adds).rewritten / (365 * 100)).toBeLessThan(3);
    // Without merging it would be 365 segments; 18 days stay cheap (each window rewritten under once).
    expect(simulate(Array(18).fill(100)).rewritten / (18 * 100)).toBeLessThan(1);
  });

  it('any sizes: one merge settles, and the segments left stay about log₄⁄₃ of the size range', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 400 }), (adds) => {
        const { sizes, settled } = simulate(adds);
        expect(settled).toBe(true);
        const total = adds.reduce((x, y) => x + y, 0);
        const smallest = Math.min(...adds);
        expect(sizes.length).toBeLessThanOrEqual(Math.max(8, 2 + Math.log(total / smallest) / Math.log(4 / 3)));
        expect(sizes.reduce((x, y) => x + y, 0)).toBe(total);
      }),
      { numRuns: 200 },
    );
  });
});

describe('mergeSegments and the in-memory store', () => {
  /** Segments of two bands over a few keys, so that each key recurs in every segment. */
  const segments = (counts: number[]): BandSegment[] => randomSegments(counts, { seed: 3, distinct: 20, step: 0x1000000, perDoc: 3 });
  const query = Uint32Array.from({ length: 20 }, (_, i) => i * 0x1000000);

  it('a merged segment reports each key\'s entries in archive order, as its parts one by one', () => {
    const segs = segments([50, 30, 70, 20, 5]);
    expect(segmentLookups([mergeSegments(segs)], query)).toEqual(segmentLookups(segs, query));
    expect(segmentLookups([mergeSegments(segs)], query).length).toBeGreaterThan(100);
  });

  it('the in-memory store merges its segments and looks up what the segments one by one hold', async () => {
    const segs = segments([400, 100, 300, 150, 60, 40, 500, 30, 30, 30, 30]);
    const store = new MemoryIndexStore();
    await commitSegments(store, segs, async (n) => {
      expect(await storeLookups(store, query)).toEqual(segmentLookups(segs.slice(0, n + 1), query));
    });
    const count = await store.read((view) => view.segmentCount());
    expect(count).toBe(simulate(segs.map((s) => s.keys[0].length)).sizes.length);
    expect(count).toBeLessThan(segs.length);
  });
});
