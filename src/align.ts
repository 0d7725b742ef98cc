/**
 * Stage 4 (align) — verification and alignment of one candidate document pair.
 *
 * Seed, extend, filter — the scheme of the PAN text-alignment systems (e.g. Sanchez-Perez, Sidorov &
 * Gelbukh 2014), on character shingles:
 * 0. Quick check: B's winnowing anchors looked up in A. Full seeding happens only around the
 *    stretches where their matches cluster over `minLength` characters; a pair with none costs
 *    nothing more.
 * 1. Seeds: every shingle of B found in A (shingles occurring very often in A are skipped);
 *    consecutive seeds on one diagonal merge into maximal exact segments.
 * 2. Stage 1, monotone chains: segments that follow each other in both documents within `maxGap`
 *    characters chain into one passage, so a substituted word or a dropped clause does not split
 *    it; an end segment shorter than the gap joining it is trimmed. Reprints — whole, trimmed or
 *    lightly edited — align here, with exact boundaries.
 * 3. Stage 2, clusters: segments left over are clustered within `maxGap` in both documents in any
 *    order (reordered phrases), and each cluster is cut to its densest stretch along each document.
 * 4. Verification: a passage is reported when both spans have at least `minLength` characters,
 *    shared segments cover at least `minCoverage` of each span, and the similarity
 *    (1 − Levenshtein distance / longer length, via fast-levenshtein) is at least `minSimilarity`.
 *    A chain too weak as a whole is not dropped whole: its best sub-chains (X-drop style, split at
 *    its costliest gaps) are verified in turn, so a verbatim run of `minLength` inside an edited
 *    stretch is always reported.
 * Offsets here are normalized units; the pipeline maps them back to the original text.
 */
import { SeedIndex, Seeds, segment, type AlignInput, type Segment } from './seeds.js';
import { bagDistance, chainGaps, chainSimilarity, similarity, type ChainGaps } from './similarity.js';
import { Chainer, Clusterer } from './segment-groups.js';
import { snapToWords, WORD_SNAP } from './spans.js';

export type { AlignInput } from './seeds.js';

/** Two aligned spans of normalized text, `[aStart, aEnd)` in A and `[bStart, bEnd)` in B. */
export interface Alignment {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
  /** Characters of B's span covered by shared shingles. */
  matched: number;
  similarity: number;
}

export interface AlignParams {
  shingleSize: number;
  minLength: number;
  minSimilarity: number;
  /** Largest gap (characters, in either document) bridged inside one passage. */
  maxGap: number;
  /** Least share of each span covered by shared shingles (0–1). */
  minCoverage: number;
  /** Winnowing window of the anchors (shingles), for the quick check's bound. */
  anchorWindow?: number;
}

/** What `verify` made of a passage. */
type Verdict = 'reported' | 'short' | 'echo' | 'weak';

/** How far the texts agree before `[aStart, bStart)`, character by character. */
function agreeBack(ta: string, tb: string, aStart: number, bStart: number): number {
  let t = 0;
  while (aStart - t > 0 && bStart - t > 0 && ta.charCodeAt(aStart - t - 1) === tb.charCodeAt(bStart - t - 1)) t++;
  return t;
}

/** How far the texts agree from `[aEnd, bEnd)` on, character by character. */
function agreeAhead(ta: string, tb: string, aEnd: number, bEnd: number): number {
  let t = 0;
  while (aEnd + t < ta.length && bEnd + t < tb.length && ta.charCodeAt(aEnd + t) === tb.charCodeAt(bEnd + t)) t++;
  return t;
}

/**
 * Extend a chain's first segment backwards and its last forwards while the characters agree: the
 * exact boundaries of the match, also where repetitive text (whose shingles are too frequent to
 * seed) runs up to it.
 */
function extendEnds(ta: string, tb: string, members: Segment[]): Segment[] {
  if (members.length === 0) return members;
  const m = members[0];
  const back = agreeBack(ta, tb, m.aStart, m.bStart);
  const out = [segment(m.aStart - back, m.aEnd, m.bStart - back, m.bEnd), ...members.slice(1)];
  const lastIndex = out.length - 1;
  const l = out[lastIndex];
  const ahead = agreeAhead(ta, tb, l.aEnd, l.bEnd);
  out[lastIndex] = segment(l.aStart, l.aEnd + ahead, l.bStart, l.bEnd + ahead);
  return out;
}

/** The gap between consecutive segments of a chain (the larger of its two sides). */
function gapBetween(x: Segment, y: Segment): number {
  return Math.max(y.aStart - x.aEnd, y.bStart - x.bEnd);
}

/**
 * The members `[lo, hi]` a chain keeps once the end segments shorter than the gap that joins them
 * to the rest are dropped.
 */
function trimmedRange(members: Segment[]): [number, number] {
  let lo = 0;
  let hi = members.length - 1;
  while (hi > lo && members[hi].bEnd - members[hi].bStart < gapBetween(members[hi - 1], members[hi])) hi--;
  while (lo < hi && members[lo].bEnd - members[lo].bStart < gapBetween(members[lo], members[lo + 1])) lo++;
  return [lo, hi];
}

/** Drop end segments of a chain shorter than the gap that joins them to the rest. */
function trimChain(members: Segment[]): Segment[] {
  const [lo, hi] = trimmedRange(members);
  return members.slice(lo, hi + 1);
}

/**
 * The shorter side of what `extendEnds(trimChain(members))` spans, computed without copying it:
 * a chain under `minLength` there is one `verify` calls short.
 */
function trimmedExtent(ta: string, tb: string, members: Segment[]): number {
  const [lo, hi] = trimmedRange(members);
  let aStart = Infinity;
  let bStart = Infinity;
  let aEnd = 0;
  let bEnd = 0;
  for (let t = lo; t <= hi; t++) {
    const g = members[t];
    const back = t === lo ? agreeBack(ta, tb, g.aStart, g.bStart) : 0;
    const ahead = t === hi ? agreeAhead(ta, tb, g.aEnd, g.bEnd) : 0;
    aStart = Math.min(aStart, g.aStart - back);
    bStart = Math.min(bStart, g.bStart - back);
    aEnd = Math.max(aEnd, g.aEnd + ahead);
    bEnd = Math.max(bEnd, g.bEnd + ahead);
  }
  return Math.min(aEnd - aStart, bEnd - bStart);
}

const SPACE = 0x20;

/**
 * Snap a chain's spans to words on both sides at once: a chain starts and ends on exact segments,
 * where the two texts have their spaces at the same offsets, so moving both ends past the segment's
 * first (last) space leaves out the partial word on either side and keeps the two spans the same
 * text there. Where the end segment has no space near enough, each side is snapped on its own.
 */
function snapChain(
  ta: string,
  tb: string,
  members: Segment[],
  aStart: number,
  aEnd: number,
  bStart: number,
  bEnd: number,
): [number, number, number, number] {
  const [sa, ea] = snapToWords(ta, aStart, aEnd);
  const [sb, eb] = snapToWords(tb, bStart, bEnd);
  let out: [number, number, number, number] = [sa, ea, sb, eb];
  const first = members[0];
  if (sa - aStart !== sb - bStart && first.aStart === aStart && first.bStart === bStart) {
    const reach = Math.min(first.aEnd - first.aStart - 1, WORD_SNAP + 1);
    for (let t = 0; t < reach; t++) {
      if (ta.charCodeAt(aStart + t) === SPACE) {
        out = [aStart + t + 1, out[1], bStart + t + 1, out[3]];
        break;
      }
    }
  }
  const last = members[members.length - 1];
  if (aEnd - ea !== bEnd - eb && last.aEnd === aEnd && last.bEnd === bEnd) {
    const reach = Math.min(last.aEnd - last.aStart - 1, WORD_SNAP + 1);
    for (let t = 1; t <= reach; t++) {
      if (ta.charCodeAt(aEnd - t) === SPACE) {
        out = [out[0], aEnd - t, out[2], bEnd - t];
        break;
      }
    }
  }
  return out;
}

/** Members clipped to the box `[aStart, aEnd) × [bStart, bEnd)` along their diagonals (empty ones dropped). */
function clip(members: Segment[], aStart: number, aEnd: number, bStart: number, bEnd: number): Segment[] {
  const out: Segment[] = [];
  for (const g of members) {
    const skip = Math.max(0, aStart - g.aStart, bStart - g.bStart);
    const cut = Math.max(0, g.aEnd - aEnd, g.bEnd - bEnd);
    if (g.aEnd - g.aStart - skip - cut <= 0 || g.bEnd - g.bStart - skip - cut <= 0) continue;
    out.push(segment(g.aStart + skip, g.aEnd - cut, g.bStart + skip, g.bEnd - cut));
  }
  return out;
}

/** Penalty per uncovered character when choosing a passage's extent (density bar λ/(1+λ) = 0.5). */
const GAP_PENALTY = 1;

/**
 * The densest stretch of a cluster along one document: the contiguous range maximizing
 * covered characters − GAP_PENALTY × uncovered characters (Kadane's maximum-sum segment over the
 * merged segment intervals). A passage's boundary thus stops where shared text thins out — a common
 * phrase a sentence away does not stretch it — while shuffled or lightly edited text, dense with
 * shared shingles, stays whole. Returns the members inside that range.
 */
function densest(members: Segment[], side: 'a' | 'b'): Segment[] {
  const start = side === 'a' ? 'aStart' : 'bStart';
  const end = side === 'a' ? 'aEnd' : 'bEnd';
  const sorted = [...members].sort((x, y) => x[start] - y[start] || x[end] - y[end]);
  // Merged covered intervals along this side.
  const lo: number[] = [];
  const hi: number[] = [];
  for (const g of sorted) {
    if (hi.length && g[start] <= hi[hi.length - 1]) hi[hi.length - 1] = Math.max(hi[hi.length - 1], g[end]);
    else {
      lo.push(g[start]);
      hi.push(g[end]);
    }
  }
  let best = -Infinity;
  let bestFrom = 0;
  let bestTo = 0;
  let run = 0;
  let from = 0;
  for (let t = 0; t < lo.length; t++) {
    const gap = t > 0 ? lo[t] - hi[t - 1] : 0;
    if (t === 0 || run - GAP_PENALTY * gap <= 0) {
      run = hi[t] - lo[t];
      from = t;
    } else {
      run += hi[t] - lo[t] - GAP_PENALTY * gap;
    }
    if (run > best) {
      best = run;
      bestFrom = from;
      bestTo = t;
    }
  }
  const left = lo[bestFrom];
  const right = hi[bestTo];
  return sorted.filter((g) => g[start] >= left && g[end] <= right);
}

/** Length of the overlap of `[s0, e0)` and `[s1, e1)` (negative when apart). */
function overlap(s0: number, e0: number, s1: number, e1: number): number {
  return Math.min(e0, e1) - Math.max(s0, s1);
}

/** Characters of B a chain spans (0 for an empty one). */
function extent(c: Segment[]): number {
  return c.length ? c[c.length - 1].bEnd - c[0].bStart : 0;
}

/** Whether a segment overlaps, on either side, a passage already reported. */
function taken(g: Segment, out: readonly Alignment[]): boolean {
  return out.some((al) => (g.bStart < al.bEnd && g.bEnd > al.bStart) || (g.aStart < al.aEnd && g.aEnd > al.aStart));
}

/** Characters covered by the union of intervals (any order). */
function unionLength(intervals: [number, number][]): number {
  intervals.sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let reach = -Infinity;
  for (const [s, e] of intervals) {
    if (e > reach) {
      covered += e - Math.max(s, reach);
      reach = e;
    }
  }
  return covered;
}

/**
 * Aligns one document A against many B's: A's shingle index is built once and kept until the next
 * `setA`. Every buffer belongs to the instance, so aligners are independent of each other.
 */
export class Aligner {
  private a: AlignInput | null = null;
  /** A's shingle index, with the seeding scratch buffers. */
  private readonly index = new SeedIndex();
  /** Seed buffers reused by every call: the quick check's and the full seeding's. */
  private readonly sparse = new Seeds();
  private readonly dense = new Seeds();
  /** Scratch of `bagDistance`: a count per UTF-16 unit, kept zeroed. */
  private readonly charCounts = new Int32Array(65_536);
  /** Chains of segments (stage 1). */
  private readonly chainer = new Chainer();
  /** Clusters of seeds (the quick check) and of segments (stage 2). */
  private readonly clusterer = new Clusterer();

  constructor(private readonly p: AlignParams) {}

  /** Index document A. */
  setA(a: AlignInput): void {
    this.a = a;
    this.index.build(a);
  }

  /**
   * Quick check on sparse seeds (B's anchors): where can A and B hold a passage of `minLength`? An
   * exact shared passage of L characters (L − k + 1 shingles) holds a common anchor in every
   * `anchorWindow` (w) shingles lying wholly inside it, so its first anchor seed is at most w − 1
   * shingles past its start and its last at most w − 1 + k − 1 characters before its end: the seeds
   * span at least L − 2(w − 1) − k characters (both ends count — a slack of one window only lost
   * 150-character runs whose anchors fell mid-run). Returns the stretches of B, merged and in
   * order, around the clusters that could be such a passage (empty: the pair holds none).
   */
  private passageRegions(a: AlignInput, b: AlignInput, anchors: Int32Array): [number, number][] {
    const seeds = this.sparse;
    seeds.count = 0;
    this.index.find(b, anchors, seeds);
    if (seeds.count < 2) return [];
    // The seeds of a run of minLength span at least minLength − `short`; the run reaches at most
    // one window (plus a shingle) past its first and last seed, so `reach` bounds its region.
    const reach = (this.p.anchorWindow ?? 0) + this.p.shingleSize;
    const short = 2 * Math.max(0, (this.p.anchorWindow ?? 1) - 1) + this.p.shingleSize;
    const points = this.clusterer;
    points.clear();
    for (let s = 0; s < seeds.count; s++) points.add(seeds.a[s], seeds.a[s], seeds.b[s], seeds.b[s]);
    const regions: [number, number][] = [];
    const closed = points.run(this.p.maxGap + reach);
    const { aMin, aMax, bMin, bMax } = points;
    for (const c of closed) {
      if (Math.min(aMax[c] - aMin[c], bMax[c] - bMin[c]) + short < this.p.minLength) continue;
      regions.push([Math.max(0, bMin[c] - reach - this.p.maxGap), Math.min(b.hashes.length, bMax[c] + reach + this.p.maxGap)]);
    }
    regions.sort((x, y) => x[0] - y[0]);
    const merged: [number, number][] = [];
    for (const r of regions) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r);
    }
    return merged;
  }

  /**
   * Verify the passage spanned by `members`; push it to `out` when it passes. `monotone` members
   * (a chain, in order in both documents) are scored gap by gap along the chain. Returns what
   * happened: `reported`, `short` (under `minLength`), `echo` (mostly a passage already reported)
   * or `weak` (under `minCoverage` or `minSimilarity`: parts of it may still pass).
   */
  private verify(a: AlignInput, b: AlignInput, members: Segment[], out: Alignment[], monotone: boolean): Verdict {
    if (members.length === 0) return 'short';
    const p = this.p;
    let aStart = Infinity;
    let bStart = Infinity;
    let aEnd = 0;
    let bEnd = 0;
    for (const g of members) {
      aStart = Math.min(aStart, g.aStart);
      bStart = Math.min(bStart, g.bStart);
      aEnd = Math.max(aEnd, g.aEnd);
      bEnd = Math.max(bEnd, g.bEnd);
    }
    // `minLength` holds for the matched text; the spans reported are the word-snapped ones, and
    // they are what is scored.
    if (Math.min(aEnd - aStart, bEnd - bStart) < p.minLength) return 'short';
    [aStart, aEnd, bStart, bEnd] = monotone
      ? snapChain(a.text, b.text, members, aStart, aEnd, bStart, bEnd)
      : [...snapToWords(a.text, aStart, aEnd), ...snapToWords(b.text, bStart, bEnd)];
    members = clip(members, aStart, aEnd, bStart, bEnd);
    if (members.length === 0) return 'short';
    const lenA = aEnd - aStart;
    const lenB = bEnd - bStart;
    for (const al of out) {
      // Mostly the same text in both documents as a passage already reported: an echo, not a new one.
      if (
        overlap(aStart, aEnd, al.aStart, al.aEnd) > 0.5 * Math.min(lenA, al.aEnd - al.aStart) &&
        overlap(bStart, bEnd, al.bStart, al.bEnd) > 0.5 * Math.min(lenB, al.bEnd - al.bStart)
      ) {
        return 'echo';
      }
    }
    const coveredB = unionLength(members.map((g) => [g.bStart, g.bEnd]));
    const coveredA = unionLength(members.map((g) => [g.aStart, g.aEnd]));
    if (coveredB < p.minCoverage * lenB || coveredA < p.minCoverage * lenA) return 'weak';
    // Spans in any order are scored by Levenshtein over the whole spans: not before a linear lower
    // bound of the distance (bag distance) leaves `minSimilarity` within reach.
    // (Compared as `similarity` compares: floating-point division and subtraction are monotone, so
    // a bound under the bar means a similarity under it.)
    if (!monotone && 1 - bagDistance(a.text, aStart, aEnd, b.text, bStart, bEnd, this.charCounts) / Math.max(lenA, lenB) < p.minSimilarity) {
      return 'weak';
    }
    const sim = monotone
      ? chainSimilarity(a.text, b.text, members, aEnd, bEnd, aStart, bStart)
      : similarity(a.text.slice(aStart, aEnd), b.text.slice(bStart, bEnd));
    if (sim < p.minSimilarity) return 'weak';
    out.push({ aStart, aEnd, bStart, bEnd, matched: coveredB, similarity: sim });
    return 'reported';
  }

  /**
   * Verify a monotone chain (trimmed and extended at its ends); when it is too weak as a whole,
   * report its best parts instead — a verbatim run inside an edited stretch is never lost with it.
   * X-drop style: each member scores (1 − minSimilarity) × (its exact length + the gap before it)
   * − the gap's edit distance, so a sub-chain of score ≥ 0 holds about `minSimilarity`. The
   * maximum-score sub-chain (Kadane) is verified first and the members left on either side after;
   * when the best is the whole chain (the score bound is loose against the exact check), the chain
   * is split at its costliest gap. The gaps are scored once; a piece whose gap score is under
   * `minSimilarity` is split further at once, any other is verified exactly; a piece under
   * `minLength` is dropped, so the recursion ends; a single exact segment of `minLength` always
   * passes.
   */
  private verifyChain(a: AlignInput, b: AlignInput, chain: Segment[], out: Alignment[]): void {
    const members = extendEnds(a.text, b.text, trimChain(chain));
    if (this.verify(a, b, members, out, true) !== 'weak' || members.length < 2) return;
    // The gaps are scored once for the whole chain; pieces are ranges of it.
    this.splitRange(a, b, members, chainGaps(a.text, b.text, members), 0, members.length - 1, out);
  }

  /** Report the best parts of the weak chain range `members[lo0..hi0]` (see `verifyChain`). */
  private splitRange(a: AlignInput, b: AlignInput, members: Segment[], gaps: ChainGaps, lo0: number, hi0: number, out: Alignment[]): void {
    if (hi0 <= lo0) return;
    const keep = 1 - this.p.minSimilarity;
    let best = -Infinity;
    let lo = lo0;
    let hi = lo0;
    let run = -Infinity;
    let from = lo0;
    for (let t = lo0; t <= hi0; t++) {
      const alone = keep * gaps.length[t];
      const joined = run + keep * (gaps.length[t] + gaps.width[t]) - gaps.distance[t];
      if (t === lo0 || alone >= joined) {
        run = alone;
        from = t;
      } else {
        run = joined;
      }
      if (run > best) {
        best = run;
        lo = from;
        hi = t;
      }
    }
    if (lo === lo0 && hi === hi0) {
      // Split at the costliest gap (ties: the first).
      let cut = lo0 + 1;
      for (let t = lo0 + 2; t <= hi0; t++) {
        if (gaps.distance[t] - keep * gaps.width[t] > gaps.distance[cut] - keep * gaps.width[cut]) cut = t;
      }
      this.tryRange(a, b, members, gaps, lo0, cut - 1, out);
      this.tryRange(a, b, members, gaps, cut, hi0, out);
      return;
    }
    this.tryRange(a, b, members, gaps, lo, hi, out);
    this.tryRange(a, b, members, gaps, lo0, lo - 1, out);
    this.tryRange(a, b, members, gaps, hi + 1, hi0, out);
  }

  /**
   * One piece `members[lo..hi]` of a weak chain: too short for `minLength`, dropped (so are its
   * parts); scored under `minSimilarity` from the chain's gaps, split further without an exact
   * check; otherwise verified exactly (trimmed, extended, snapped), and split further if weak.
   */
  private tryRange(a: AlignInput, b: AlignInput, members: Segment[], gaps: ChainGaps, lo: number, hi: number, out: Alignment[]): void {
    if (hi < lo) return;
    let aEnd = 0;
    let bEnd = 0;
    let distance = 0;
    for (let t = lo; t <= hi; t++) {
      aEnd = Math.max(aEnd, members[t].aEnd);
      bEnd = Math.max(bEnd, members[t].bEnd);
      if (t > lo) distance += gaps.distance[t];
    }
    const longer = Math.max(aEnd - members[lo].aStart, bEnd - members[lo].bStart);
    if (Math.min(aEnd - members[lo].aStart, bEnd - members[lo].bStart) < this.p.minLength) return;
    if (1 - distance / longer >= this.p.minSimilarity) {
      const piece = extendEnds(a.text, b.text, trimChain(members.slice(lo, hi + 1)));
      if (this.verify(a, b, piece, out, true) !== 'weak') return;
    }
    this.splitRange(a, b, members, gaps, lo, hi, out);
  }

  /** Every verified shared passage of A and B, ordered by start in B, then in A. */
  align(b: AlignInput): Alignment[] {
    const a = this.a;
    if (!a) throw new Error('Aligner.align before setA');
    const p = this.p;
    const k = p.shingleSize;
    const seeds = this.dense;
    seeds.count = 0;
    if (b.anchors) {
      // Seed only around the stretches the quick check found (none: no passage).
      for (const [from, to] of this.passageRegions(a, b, b.anchors)) this.index.find(b, null, seeds, from, to);
      if (seeds.count === 0) return [];
    } else {
      this.index.find(b, null, seeds);
    }
    const segments = this.index.segments(seeds, a, b, k);
    const out: Alignment[] = [];
    // Stage 1: monotone chains — reprints, trimmed or lightly edited, with exact boundaries.
    // Longest chains first: in repetitive text a shifted echo of a passage (the same text matched a
    // period away) overlaps it in both documents and is dropped by `verify`.
    // A chain under `minLength` once trimmed and extended is one `verify` would call short:
    // skipped here without copying it (nineteen chains in twenty are common phrases).
    const chains = this.chainer.chains(segments, k, p.maxGap, (c) =>
      trimmedExtent(a.text, b.text, c) < p.minLength ? null : extendEnds(a.text, b.text, trimChain(c)),
    );
    chains.sort((x, y) => extent(y) - extent(x) || (x[0]?.bStart ?? 0) - (y[0]?.bStart ?? 0));
    for (const chain of chains) this.verifyChain(a, b, chain, out);
    // Stage 2: what is left, clustered in any order — shuffled words and phrases — cut to its
    // densest stretch along each document.
    // Single shingles are too common to place a passage by themselves; stage 2 links longer ones.
    const rest = segments.filter((g) => g.bEnd - g.bStart > k && !taken(g, out));
    if (rest.length > 1) {
      const groups = this.clusterer;
      groups.clear();
      for (const g of rest) groups.add(g.aStart, g.aEnd, g.bStart, g.bEnd);
      const closed = groups.run(p.maxGap);
      const { aMin, aMax, bMin, bMax, size } = groups;
      for (const c of closed) {
        // The densest stretch lies inside the cluster's box: a box under `minLength` is short.
        if (size[c] < 2 || Math.min(aMax[c] - aMin[c], bMax[c] - bMin[c]) < p.minLength) continue;
        const members = groups.items(c).map((g) => rest[g]);
        this.verify(a, b, densest(densest(members, 'b'), 'a'), out, false);
      }
    }
    out.sort((x, y) => x.bStart - y.bStart || x.aStart - y.aStart);
    return out;
  }
}

/**
 * Align two normalized documents: every verified shared passage, ordered by start in B.
 * @example
 * const prep = (t: string) => ({ text: t, hashes: shingleHashes(t, 5) });
 * alignDocuments(prep(a), prep(b), { shingleSize: 5, minLength: 150, minSimilarity: 0.5, maxGap: 60, minCoverage: 0.5 });
 */
export function alignDocuments(a: AlignInput, b: AlignInput, p: AlignParams): Alignment[] {
  const aligner = new Aligner(p);
  aligner.setA(a);
  return aligner.align(b);
}
