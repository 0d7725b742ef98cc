import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairSet, SortedPairsMerger, type SortedPairs } from '../src/pair-set.js';

/** The hits of one pair, read through `sorted()`. */
function hitsOf(set: PairSet, a: number, b: number): number {
  const e = set.sorted();
  for (let i = 0; i < e.a.length; i++) if (e.a[i] === a && e.b[i] === b) return e.hits[i];
  return 0;
}

const pairs = fc.array(
  fc.tuple(fc.nat({ max: 60 }), fc.nat({ max: 60 })).filter(([a, b]) => a < b),
  { maxLength: 400 },
);

describe('PairSet', () => {
  it('holds each distinct pair once, sorted by (a, b), through rehashing (property vs a Map)', () => {
    fc.assert(
      fc.property(pairs, (list) => {
        const set = new PairSet(1); // tiny, so adding forces several rehashes
        const oracle = new Map<string, number>();
        for (const [a, b] of list) {
          set.add(a, b);
          oracle.set(`${a},${b}`, (oracle.get(`${a},${b}`) ?? 0) + 1);
        }
        expect(set.size).toBe(oracle.size);
        const { a, b } = set.sorted();
        const got = Array.from(a, (x, i) => [x, b[i]] as [number, number]);
        const want = [...oracle.keys()].map((k) => k.split(',').map(Number) as [number, number]);
        want.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        expect(got).toEqual(want);
        for (const [k, n] of oracle) {
          const [x, y] = k.split(',').map(Number);
          expect(hitsOf(set, x, y)).toBe(n);
          expect(set.hitsOf(x, y)).toBe(n);
        }
        expect(set.hitsOf(61, 62)).toBe(0);
      }),
      { numRuns: 200, seed: 30 },
    );
  });

  it('counts hits per pair and keeps the counts across a rehash', () => {
    const set = new PairSet(1);
    for (let i = 0; i < 5; i++) set.add(1, 2);
    for (let i = 0; i < 100; i++) set.add(i, i + 1000); // forces rehashes
    set.add(1, 2);
    expect(hitsOf(set, 1, 2)).toBe(6);
    expect(hitsOf(set, 50, 1050)).toBe(1);
  });

  it('is empty when nothing was added', () => {
    const set = new PairSet();
    expect(set.size).toBe(0);
    expect(set.sorted().a.length).toBe(0);
  });

  // Regression: the float64 sort key a·2^32 + b was exact only while a < 2^21, so (3_000_000,
  // 3_000_001) came back as (3_000_000, 3_000_000).
  it('returns pairs of document indices above 2^21 unchanged (corpora of millions of documents)', () => {
    const set = new PairSet();
    set.add(3_000_000, 3_000_001);
    set.add(16_777_216, 16_777_219);
    const { a, b } = set.sorted();
    expect(Array.from(a)).toEqual([3_000_000, 16_777_216]);
    expect(Array.from(b)).toEqual([3_000_001, 16_777_219]);
  });

  it('merges sorted lists: hits add up as if every pair had been added to one set, the bar applied to the sum', () => {
    fc.assert(
      fc.property(pairs, pairs, pairs, (x, y, z) => {
        const one = new PairSet(1);
        for (const [a, b] of [...x, ...y, ...z]) one.add(a, b);
        const lists = [x, y, z].map((part) => {
          const set = new PairSet(1);
          for (const [a, b] of part) set.add(a, b);
          return set.sorted();
        });
        const merged = (parts: SortedPairs[], min: number): SortedPairs => {
          const merger = new SortedPairsMerger();
          for (const part of parts) merger.add(part);
          return merger.result(min);
        };
        for (const min of [1, 2, 3]) {
          expect(merged(lists, min)).toEqual(one.sorted(min));
          // In any order of arrival (tasks finish in any order).
          expect(merged([lists[2], lists[0], lists[1]], min)).toEqual(one.sorted(min));
        }
      }),
      { numRuns: 100, seed: 5 },
    );
  });
});
