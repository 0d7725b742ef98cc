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
 * Bag distance of two spans (Bartolini, Ciaccia & Patella 2002): the larger of the counts of
 * characters of one not matched by equal characters of the other — a lower bound of their
 * Levenshtein distance (an edit changes each count by at most one), also of {@link similarity}'s
 * blocked distance (the counts of blocks add up to at least those of the whole), in linear time.
 * `counts` is scratch of 65,536 zeros, left zeroed.
 */
export function bagDistance(x: string, xs: number, xe: number, y: string, ys: number, ye: number, counts: Int32Array): number {
  for (let i = xs; i < xe; i++) counts[x.charCodeAt(i)]++;
  let onlyY = 0;
  for (let i = ys; i < ye; i++) if (--counts[y.charCodeAt(i)] < 0) onlyY++;
  // What is left positive belongs to x only; reset as we go.
  let onlyX = 0;
  for (let i = xs; i < xe; i++) {
    const c = x.charCodeAt(i);
    if (counts[c] > 0) onlyX += counts[c];
    counts[c] = 0;
  }
  for (let i = ys; i < ye; i++) counts[y.charCodeAt(i)] = 0;
  return Math.max(onlyX, onlyY);
}

/**
 * The gaps of a chain of exact segments (monotone, in order in both documents): for each member,
 * the Levenshtein distance of the gap before it (`distance`), that gap's width (longer side,
 * `width`), and the member's own exact length past what earlier members already covered (`length`;
 * 0 when swallowed). `end` holds the A and B ends reached after the last member. Member 0 has no
 * gap, unless the span starts before it (`aStart`, `bStart`: then the gap before member 0 counts).
 * One walk serves the chain's similarity and the search for its best sub-chains.
 */
export interface ChainGaps {
  distance: Int32Array;
  width: Int32Array;
  length: Int32Array;
  aReached: number;
  bReached: number;
}

export function chainGaps(
  ta: string,
  tb: string,
  members: readonly Segment[],
  aStart = members[0].aStart,
  bStart = members[0].bStart,
): ChainGaps {
  const m = members.length;
  const distance = new Int32Array(m);
  const width = new Int32Array(m);
  const length = new Int32Array(m);
  let pa = aStart;
  let pb = bStart;
  for (let t = 0; t < m; t++) {
    const g = members[t];
    // A segment is a diagonal run (same length in A and B); the part already passed is skipped.
    const skip = Math.max(0, pa - g.aStart, pb - g.bStart);
    const own = g.aEnd - g.aStart - skip;
    if (own <= 0) continue;
    const sa = g.aStart + skip;
    const sb = g.bStart + skip;
    if (sa > pa || sb > pb) {
      distance[t] = levenshtein.get(ta.slice(pa, sa), tb.slice(pb, sb));
      width[t] = Math.max(sa - pa, sb - pb);
    }
    length[t] = own;
    pa = sa + own;
    pb = sb + own;
  }
  return { distance, width, length, aReached: pa, bReached: pb };
}

/**
 * Similarity along a chain: exact segments cost nothing, and the Levenshtein distances of the gaps
 * between them add up — the edit distance of one alignment, so an upper bound of the optimum (the
 * similarity is never overstated), equal to it for the local edits of reprints, at a fraction of the
 * cost of whole-span Levenshtein. The spans are `[aStart, aEnd)` and `[bStart, bEnd)` (by default
 * from the first member's start): text before the first member or after the last is a gap too.
 */
export function chainSimilarity(
  ta: string,
  tb: string,
  members: Segment[],
  aEnd: number,
  bEnd: number,
  aStart = members[0].aStart,
  bStart = members[0].bStart,
): number {
  const longer = Math.max(aEnd - aStart, bEnd - bStart);
  if (longer === 0) return 1;
  const gaps = chainGaps(ta, tb, members, aStart, bStart);
  let distance = 0;
  for (let t = 0; t < members.length; t++) distance += gaps.distance[t];
  const pa = gaps.aReached;
  const pb = gaps.bReached;
  if (pa < aEnd || pb < bEnd) distance += levenshtein.get(ta.slice(pa, aEnd), tb.slice(pb, bEnd));
  return Math.max(0, 1 - distance / longer);
}
