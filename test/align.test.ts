import levenshtein from 'fast-levenshtein';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignDocuments, type AlignInput, type AlignParams } from '../src/align.js';
import { shingleHashes } from '../src/shingle.js';
import { prng, vocabulary } from './helpers/prng.js';

const params: AlignParams = { shingleSize: 7, minLength: 80, minSimilarity: 0.5, maxGap: 60, minCoverage: 0.3 };

/**
 * A fixed vocabulary of 1,000 distinct words of 2–4 letters. No word plus its spaces reaches 7
 * characters, so every 7-gram spans at least two words and chance matches between unrelated texts
 * need a shared word pair: rare.
 */
const VOCAB: string[] = vocabulary(prng(99));

const words = (min: number, max: number) =>
  fc.array(fc.nat({ max: VOCAB.length - 1 }), { minLength: min, maxLength: max }).map((ix) => ix.map((i) => VOCAB[i]));

const prep = (text: string): AlignInput => ({ text, hashes: shingleHashes(text, params.shingleSize) });

/** Length of the common suffix of x[..i) and y[..j): how far an exact match can extend left. */
function commonBefore(x: string, i: number, y: string, j: number): number {
  let n = 0;
  while (n < i && n < j && x[i - 1 - n] === y[j - 1 - n]) n++;
  return n;
}
function commonAfter(x: string, i: number, y: string, j: number): number {
  let n = 0;
  while (i + n < x.length && j + n < y.length && x[i + n] === y[j + n]) n++;
  return n;
}

/**
 * Texts with the same passage planted at a word boundary of each. The passage is not periodic: no
 * word makes up more than a fifth of it and none follows itself ('uo uo uo …' matches itself at every
 * shift of its period, so its alignment is not unique, and its shingles are too frequent to seed — a
 * documented limitation; exact copies of whole documents are caught by fingerprint). Its neighbours
 * differ from its first and last words, so the shared text really ends where it was planted (give or
 * take a few letters).
 */
const planted = fc
  .record({ preA: words(0, 40), sufA: words(0, 40), preB: words(0, 40), sufB: words(0, 40), passage: words(30, 120) })
  .filter(({ preA, sufA, preB, sufB, passage }) => {
    const counts = new Map<string, number>();
    for (const w of passage) counts.set(w, (counts.get(w) ?? 0) + 1);
    if (Math.max(...counts.values()) > passage.length / 5) return false;
    if (passage.some((w, i) => i > 0 && passage[i - 1] === w)) return false;
    const first = passage[0];
    const last = passage[passage.length - 1];
    return preA.at(-1) !== first && preB.at(-1) !== first && sufA[0] !== last && sufB[0] !== last;
  })
  .map(({ preA, sufA, preB, sufB, passage }) => {
    const P = passage.join(' ');
    const join = (pre: string[], suf: string[]) => [...pre, P, ...suf].join(' ');
    const a = join(preA, sufA);
    const b = join(preB, sufB);
    const pA = preA.length === 0 ? 0 : preA.join(' ').length + 1;
    const pB = preB.length === 0 ? 0 : preB.join(' ').length + 1;
    return { a, b, P, pA, pB };
  });

describe('alignDocuments', () => {
  it('finds a planted exact passage as one alignment: the shared text, snapped to whole words the same way on both sides (property)', () => {
    const atWordEdge = (t: string, i: number): boolean => i === 0 || i === t.length || t[i - 1] === ' ' || t[i] === ' ';
    fc.assert(
      fc.property(planted, ({ a, b, P, pA, pB }) => {
        const al = alignDocuments(prep(a), prep(b), params);
        expect(al.length).toBe(1);
        // The exact match is P extended by whatever the neighbours happen to share (a space, a
        // letter, a word); a partial word at either end is left out, on both sides alike.
        const left = commonBefore(a, pA, b, pB);
        const right = commonAfter(a, pA + P.length, b, pB + P.length);
        const x = al[0];
        expect(a.slice(x.aStart, x.aEnd)).toBe(b.slice(x.bStart, x.bEnd));
        expect(x.similarity).toBe(1);
        for (const [t, i] of [[a, x.aStart], [a, x.aEnd], [b, x.bStart], [b, x.bEnd]] as const) expect(atWordEdge(t, i)).toBe(true);
        expect(x.aEnd - x.aStart).toBeGreaterThanOrEqual(P.length);
        expect(x.aEnd - x.aStart).toBeLessThanOrEqual(P.length + left + right);
        // Where P occurs more than once (periodic text such as 'uo uo uo …'), equally long exact
        // matches exist at other offsets: only the length and the exactness are determined.
        if (a.indexOf(P) !== a.lastIndexOf(P) || b.indexOf(P) !== b.lastIndexOf(P)) return;
        expect(x.aStart).toBeLessThanOrEqual(pA);
        expect(x.aStart).toBeGreaterThanOrEqual(pA - left);
        expect(x.bStart - pB).toBe(x.aStart - pA);
        expect(x.aEnd).toBeGreaterThanOrEqual(pA + P.length);
        expect(x.aEnd).toBeLessThanOrEqual(pA + P.length + right);
        // The neighbours share little by construction: the boundary moves by less than one shingle.
        expect(left).toBeLessThan(params.shingleSize);
        expect(right).toBeLessThan(params.shingleSize);
      }),
      { numRuns: 150, seed: 41 },
    );
  });

  it('keeps aligned spans in bounds, at least minLength long, with similarity ≥ minSimilarity (property)', () => {
    fc.assert(
      fc.property(
        planted,
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: VOCAB.length - 1 })), { maxLength: 12 }),
        fc.constantFrom(0.5, 0.8),
        ({ a, b }, edits, minSimilarity) => {
          // Substitute some words of B to blur the copy.
          const bw = b.split(' ');
          for (const [at, w] of edits) bw[at % bw.length] = VOCAB[w];
          const b2 = bw.join(' ');
          const p = { ...params, minSimilarity };
          for (const al of alignDocuments(prep(a), prep(b2), p)) {
            expect(0 <= al.aStart && al.aStart < al.aEnd && al.aEnd <= a.length).toBe(true);
            expect(0 <= al.bStart && al.bStart < al.bEnd && al.bEnd <= b2.length).toBe(true);
            // minLength holds for the matched text; the reported span leaves out a partial word
            // (at most 12 characters and its space) at either end.
            expect(Math.min(al.aEnd - al.aStart, al.bEnd - al.bStart)).toBeGreaterThanOrEqual(p.minLength - 2 * 13);
            const sa = a.slice(al.aStart, al.aEnd);
            const sb = b2.slice(al.bStart, al.bEnd);
            const exact = 1 - levenshtein.get(sa, sb) / Math.max(sa.length, sb.length);
            // Chains are scored gap by gap along their exact segments: one alignment's edit distance,
            // never below the optimum, so the reported similarity never overstates Levenshtein's.
            expect(al.similarity).toBeLessThanOrEqual(exact + 1e-9);
            expect(al.similarity).toBeGreaterThanOrEqual(minSimilarity);
            expect(exact).toBeGreaterThanOrEqual(minSimilarity);
            expect(al.matched).toBeLessThanOrEqual(Math.max(sa.length, sb.length));
          }
        },
      ),
      { numRuns: 150, seed: 41 },
    );
  });

  it('aligns a passage with a few substituted words as ONE alignment, not fragments', () => {
    const r = prng(5);
    const pick = () => VOCAB[Math.floor(r() * VOCAB.length)];
    const passage = Array.from({ length: 120 }, pick);
    const changed = passage.slice();
    for (const i of [15, 40, 41, 70, 100]) changed[i] = 'zzzzz'.slice(0, 2 + (i % 3));
    const a = [...Array.from({ length: 30 }, pick), ...passage, ...Array.from({ length: 30 }, pick)].join(' ');
    const b = [...Array.from({ length: 20 }, pick), ...changed, ...Array.from({ length: 25 }, pick)].join(' ');
    const al = alignDocuments(prep(a), prep(b), params);
    expect(al.length).toBe(1);
    const P = passage.join(' ');
    const pA = a.indexOf(P);
    expect(al[0].aStart).toBeLessThanOrEqual(pA + 7);
    expect(al[0].aEnd).toBeGreaterThanOrEqual(pA + P.length - 7);
    expect(al[0].similarity).toBeGreaterThan(0.9);
    expect(al[0].similarity).toBeLessThan(1);
  });

  it('finds nothing between unrelated texts', () => {
    const r = prng(6);
    const pick = () => VOCAB[Math.floor(r() * VOCAB.length)];
    for (let t = 0; t < 20; t++) {
      const a = Array.from({ length: 200 }, pick).join(' ');
      const b = Array.from({ length: 200 }, pick).join(' ');
      expect(alignDocuments(prep(a), prep(b), params)).toEqual([]);
    }
  });

  it('finds nothing when either text is shorter than a shingle', () => {
    expect(alignDocuments(prep('abc'), prep('abc'), params)).toEqual([]);
    expect(alignDocuments(prep(''), prep('a'.repeat(200)), params)).toEqual([]);
  });

  it('drops a shared passage shorter than minLength', () => {
    const shared = 'the same short phrase of forty chars ok';
    const al = alignDocuments(prep(`xq ${shared} vw`), prep(`jk ${shared} pl`), params);
    expect(al).toEqual([]);
    const long = alignDocuments(prep(`xq ${shared} vw`), prep(`jk ${shared} pl`), { ...params, minLength: 30 });
    expect(long.length).toBe(1);
  });

  it('reports two separate passages as two alignments, ordered by start in B', () => {
    const r = prng(7);
    const pick = () => VOCAB[Math.floor(r() * VOCAB.length)];
    const p1 = Array.from({ length: 40 }, pick).join(' ');
    const p2 = Array.from({ length: 40 }, pick).join(' ');
    const fill = (n: number) => Array.from({ length: n }, pick).join(' ');
    const a = [fill(10), p1, fill(60), p2, fill(10)].join(' ');
    const b = [fill(10), p2, fill(60), p1, fill(10)].join(' ');
    const al = alignDocuments(prep(a), prep(b), params);
    expect(al.length).toBe(2);
    expect(al[0].bStart).toBeLessThan(al[1].bStart);
    expect(b.slice(al[0].bStart, al[0].bEnd)).toContain(p2);
    expect(a.slice(al[0].aStart, al[0].aEnd)).toContain(p2);
    expect(b.slice(al[1].bStart, al[1].bEnd)).toContain(p1);
  });
});
