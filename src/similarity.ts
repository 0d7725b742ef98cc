/**
 * Stage 4 (align) — similarity of aligned spans: 1 − Levenshtein distance / longer length, via fast-levenshtein.
 */
import levenshtein from 'fast-levenshtein';
import type { Segment } from './seeds.js';

/** Spans up to this length get an exact Levenshtein distance; longer ones are cut in blocks. */
const LEVENSHTEIN_BLOCK = 2_000;

/**
 * Normalized Levenshtein similarity. Spans longer than LEVENSHTEIN_BLOCK are cut into blocks at
 * proportional offsets and their distances summed (an upper bound of the distance): whole-span
 * Levenshtein is O(n·m/32) even bit-parallel, and would dominate on article-length reprints.
 */
export function similarity(x: string, y: string): number {
  const longer = Math.max(x.length, y.length);
  if (longer === 0) return 1;
  if (x === y) return 1;
  if (longer <= LEVENSHTEIN_BLOCK) return 1 - levenshtein.get(x, y) / longer;
  const blocks = Math.ceil(longer / LEVENSHTEIN_BLOCK);
  let distance = 0;
  for (let t = 0; t < blocks; t++) {
    const xs = Math.round((t * x.length) / blocks);
    const xe = Math.round(((t + 1) * x.length) / blocks);
    const ys = Math.round((t * y.length) / blocks);
    const ye = Math.round(((t + 1) * y.length) / blocks);
    distance += levenshtein.get(x.slice(xs, xe), y.slice(ys, ye));
  }
  return Math.max(0, 1 - distance / longer);
}

/**
 * Similarity along a chain: exact segments cost nothing, and the Levenshtein distances of the gaps
 * between them add up — the edit distance of one alignment, so an upper bound of the optimum (the
 * similarity is never overstated), equal to it for the local edits of reprints, at a fraction of the
 * cost of whole-span Levenshtein.
 */
export function chainSimilarity(ta: string, tb: string, members: Segment[], aEnd: number, bEnd: number): number {
  let pa = members[0].aStart;
  let pb = members[0].bStart;
  const longer = Math.max(aEnd - pa, bEnd - pb);
  if (longer === 0) return 1;
  let distance = 0;
  for (const g of members) {
    // A segment is a diagonal run (same length in A and B); the part already passed is skipped.
    const skip = Math.max(0, pa - g.aStart, pb - g.bStart);
    const length = g.aEnd - g.aStart - skip;
    if (length <= 0) continue;
    const sa = g.aStart + skip;
    const sb = g.bStart + skip;
    if (sa > pa || sb > pb) distance += levenshtein.get(ta.slice(pa, sa), tb.slice(pb, sb));
    pa = sa + length;
    pb = sb + length;
  }
  if (pa < aEnd || pb < bEnd) distance += levenshtein.get(ta.slice(pa, aEnd), tb.slice(pb, bEnd));
  return Math.max(0, 1 - distance / longer);
}
