import levenshtein from 'fast-levenshtein';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bagDistance, chainSimilarity, similarity } from '../src/similarity.js';

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

describe('bagDistance', () => {
  it('is a lower bound of the Levenshtein distance and of similarity()\'s blocked distance, and leaves its scratch zeroed (property)', () => {
    const counts = new Int32Array(65_536);
    const text = fc.string({ unit: fc.constantFrom('ا', 'ب', 'ت', 'a', 'b', ' ', '\u{1F600}'), maxLength: 2_600 });
    fc.assert(
      fc.property(text, text, (x, y) => {
        const bag = bagDistance(x, 0, x.length, y, 0, y.length, counts);
        expect(bag).toBeLessThanOrEqual(levenshtein.get(x, y));
        const longer = Math.max(x.length, y.length);
        if (longer > 0) expect(1 - bag / longer).toBeGreaterThanOrEqual(similarity(x, y));
        expect(counts.every((c) => c === 0)).toBe(true);
      }),
      { numRuns: 150, seed: 31 },
    );
  });

  it('counts the characters of one span missing from the other', () => {
    const counts = new Int32Array(65_536);
    expect(bagDistance('xxabcxx', 2, 5, 'cab', 0, 3, counts)).toBe(0);
    expect(bagDistance('aab', 0, 3, 'abbb', 0, 4, counts)).toBe(2);
  });
});
