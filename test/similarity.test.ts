import levenshtein from 'fast-levenshtein';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainSimilarity, similarity } from '../src/similarity.js';

const exact = (x: string, y: string): number => 1 - levenshtein.get(x, y) / Math.max(x.length, y.length, 1);
const text = (min: number, max: number) => fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' '), minLength: min, maxLength: max });

describe('similarity', () => {
  it('is 1 − Levenshtein distance / longer length for spans up to 2,000 characters (property)', () => {
    fc.assert(
      fc.property(text(0, 300), text(0, 300), (x, y) => {
        expect(similarity(x, y)).toBeCloseTo(exact(x, y), 12);
      }),
      { numRuns: 200 },
    );
  });

  it('never overstates the similarity of longer spans, scored block by block (property)', () => {
    fc.assert(
      fc.property(text(2100, 3000), fc.array(fc.nat({ max: 2999 }), { maxLength: 40 }), (x, edits) => {
        const chars = [...x];
        for (const at of edits) chars[at % chars.length] = 'z';
        const y = chars.join('');
        expect(similarity(x, y)).toBeLessThanOrEqual(exact(x, y) + 1e-12);
        expect(similarity(x, y)).toBeGreaterThanOrEqual(1 - edits.length / x.length - 1e-12);
      }),
      { numRuns: 15 },
    );
  });

  it('is 1 for identical spans and for two empty ones', () => {
    expect(similarity('abc', 'abc')).toBe(1);
    expect(similarity('', '')).toBe(1);
  });
});

describe('chainSimilarity', () => {
  it('scores a chain of exact segments by the Levenshtein distances of its gaps', () => {
    // a: XXXXX-gap(ab)-YYYYY, b: XXXXX-gap(abc)-YYYYY: one insertion.
    const a = 'xxxxxabyyyyy';
    const b = 'xxxxxabcyyyyy';
    const members = [
      { aStart: 0, aEnd: 5, bStart: 0, bEnd: 5 },
      { aStart: 7, aEnd: 12, bStart: 8, bEnd: 13 },
    ];
    expect(chainSimilarity(a, b, members, 12, 13)).toBeCloseTo(1 - 1 / 13, 12);
    expect(chainSimilarity(a, b, members, 12, 13)).toBeCloseTo(exact(a, b), 12);
  });
});
