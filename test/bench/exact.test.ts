import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactWindowPairs, longestCommonRun, pairKey, type Windowed } from '../../bench/exact.js';

/** Naive oracle: every window pair, exact Jaccard of distinct values. */
function naive(w: Windowed, t: number, accept: (a: number, b: number) => boolean): Set<number> {
  const sets = Array.from(w.windowDoc, (d, i) => new Set(w.hashes[d].subarray(w.windowFrom[i], w.windowTo[i])));
  const out = new Set<number>();
  for (let x = 0; x < sets.length; x++) {
    for (let y = 0; y < x; y++) {
      const dx = w.windowDoc[x];
      const dy = w.windowDoc[y];
      if (dx === dy || !accept(Math.min(dx, dy), Math.max(dx, dy))) continue;
      let inter = 0;
      for (const v of sets[x]) if (sets[y].has(v)) inter++;
      const union = sets[x].size + sets[y].size - inter;
      if (union > 0 && inter >= t * union) out.add(pairKey(dx, dy));
    }
  }
  return out;
}

describe('exact window join (prefix filtering)', () => {
  it('finds exactly the document pairs that comparing every window pair finds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 0, maxLength: 40 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 2, max: 12 }),
        fc.constantFrom(0.3, 0.5, 0.8),
        (docs, span, t) => {
          const hashes = docs.map((d) => Uint32Array.from(d));
          const doc: number[] = [];
          const from: number[] = [];
          const to: number[] = [];
          hashes.forEach((h, i) => {
            for (let s = 0; s < h.length; s += 3) {
              doc.push(i);
              from.push(s);
              to.push(Math.min(s + span, h.length));
            }
          });
          const w: Windowed = { hashes, windowDoc: Int32Array.from(doc), windowFrom: Int32Array.from(from), windowTo: Int32Array.from(to) };
          const accept = (a: number, b: number) => (a + b) % 5 !== 0;
          expect([...exactWindowPairs(w, t, accept)].sort()).toEqual([...naive(w, t, accept)].sort());
        },
      ),
      { numRuns: 300, seed: 4 },
    );
  });
});

describe('longest common run', () => {
  const units = (s: string) => Uint16Array.from(s, (c) => c.charCodeAt(0));
  it('finds the longest shared substring', () => {
    expect(longestCommonRun(units('xxabcdefyy'), units('zzzabcdezz'))).toBe(5);
    expect(longestCommonRun(units('abc'), units('xyz'))).toBe(0);
    expect(longestCommonRun(units('same text'), units('same text'))).toBe(9);
  });
});
