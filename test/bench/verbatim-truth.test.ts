import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreVerbatimTruth, verbatimRuns, type VerbatimRun } from '../../bench/verbatim-truth.js';
import { normalize } from '../../src/normalize.js';
import type { ReprintsResult } from '../../src/types.js';

/** Every maximal common run of ≥ min characters of x and y, by dynamic programming (the oracle). */
function bruteRuns(x: string, y: string, min: number): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  let prev = new Int32Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    const cur = new Int32Array(y.length + 1);
    for (let j = 1; j <= y.length; j++) {
      if (x[i - 1] !== y[j - 1]) continue;
      cur[j] = prev[j - 1] + 1;
    }
    // A run ending at (i, j) is maximal when it cannot continue at (i + 1, j + 1).
    for (let j = 1; j <= y.length; j++) {
      const len = cur[j];
      if (len >= min && (i === x.length || j === y.length || x[i] !== y[j])) out.push([i - len, j - len, len]);
    }
    prev = cur;
  }
  return out.sort((u, v) => u[0] - v[0] || u[1] - v[1]);
}

const text = (min: number, max: number) => fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', ' '), minLength: min, maxLength: max });

describe('verbatimRuns', () => {
  it('finds exactly the maximal common runs of ≥ minRun characters that brute force finds (property)', () => {
    fc.assert(
      fc.property(fc.array(text(0, 120), { minLength: 2, maxLength: 4 }), text(40, 90), fc.array(fc.nat(), { maxLength: 8 }), (parts, shared, cuts) => {
        // Plant the shared text (or a piece of it) in each document.
        const texts = parts.map((p, i) => {
          const c = cuts[i] ?? 0;
          const piece = shared.slice(c % 10);
          const at = p.length ? c % p.length : 0;
          return p.slice(0, at) + piece + p.slice(at);
        });
        const min = 30;
        const runs = verbatimRuns(texts, min, () => true, 8);
        const key = (r: VerbatimRun) => `${r.a},${r.b},${r.aStart},${r.bStart},${r.aEnd - r.aStart}`;
        const expected: string[] = [];
        for (let a = 0; a < texts.length; a++) {
          for (let b = a + 1; b < texts.length; b++) {
            for (const [s, t, len] of bruteRuns(texts[a], texts[b], min)) expected.push(`${a},${b},${s},${t},${len}`);
          }
        }
        expect(runs.map(key).sort()).toEqual(expected.sort());
        for (const r of runs) expect(texts[r.a].slice(r.aStart, r.aEnd)).toBe(texts[r.b].slice(r.bStart, r.bEnd));
      }),
      { numRuns: 150, seed: 3 },
    );
  });

  it('leaves out pairs that accept rejects (documents of one series)', () => {
    const shared = 'the quick brown fox jumps over the lazy dog and runs far away';
    const texts = [`aa ${shared} bb`, `cc ${shared} dd`, `ee ${shared} ff`];
    const series = ['s', 's', 't'];
    const runs = verbatimRuns(texts, 40, (a, b) => series[a] !== series[b], 10);
    expect(runs.map((r) => [r.a, r.b])).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });
});

describe('scoreVerbatimTruth', () => {
  const texts = ['one two three four five', 'xx one two three four five yy', 'zz one two three four five'];
  const norms = new Map(texts.map((t, i) => [i, normalize(t)]));
  const runs: VerbatimRun[] = [
    { a: 0, b: 1, aStart: 0, aEnd: 23, bStart: 3, bEnd: 26 },
    { a: 0, b: 2, aStart: 0, aEnd: 23, bStart: 3, bEnd: 26 },
  ];
  const result = (clusters: Array<Array<[string, number, number]>>): ReprintsResult =>
    ({
      documents: [],
      pairs: [],
      params: {},
      clusters: clusters.map((ps, i) => ({ id: i + 1, passages: ps.map(([doc, start, end]) => ({ doc, start, end, text: '' })) })),
    }) as unknown as ReprintsResult;

  it('counts pairs sharing a cluster and the covered share of the runs', () => {
    const s = scoreVerbatimTruth(runs, ['0', '1', '2'], norms, result([[['0', 0, 23], ['1', 3, 26]], [['2', 3, 14]]]));
    expect(s.pairs).toBe(2);
    expect(s.pairsTogether).toBe(1);
    expect(s.pairRecall).toBe(0.5);
    // Run 0–1 fully covered (19 letters a side); run 0–2 in no common cluster.
    expect(s.coverage).toBeCloseTo(38 / 76, 12);
    expect(s.nestedClusters).toBe(0);
  });

  it('counts a cluster nested in a bigger one for the same text', () => {
    const s = scoreVerbatimTruth(runs, ['0', '1', '2'], norms, result([[['0', 0, 23], ['1', 3, 26], ['2', 3, 26]], [['0', 8, 23], ['1', 11, 26]]]));
    expect(s.pairRecall).toBe(1);
    expect(s.coverage).toBe(1);
    expect(s.nestedClusters).toBe(1);
  });
});
