/**
 * Reuse mode — word-level, order-insensitive alignment of one document pair.
 *
 * The scheme of Sanchez-Perez, Sidorov & Gelbukh (PAN 2014 text alignment), with content words in
 * place of sentences, so it needs no sentence boundaries (a word-shuffled passage has none left):
 * 1. Seeds: every pair of positions `(i, j)` where content word i of A and j of B have the same term
 *    (terms repeated often in either document are left out: they seed everywhere).
 * 2. Extension: seeds are clustered along both documents by their projections — sorted by A position
 *    and cut wherever consecutive seeds are more than `gap` words apart, then each part sorted by B
 *    position and cut the same way, alternately, until no part splits. Order inside a cluster does not
 *    matter, so shuffled words and phrases stay one cluster.
 * 3. Validation: a cluster's two extents are compared as bags of words — the cosine of their
 *    tf-idf vectors — and kept when it reaches `minCosine` and both extents hold `minLength`
 *    normalized characters; a failing cluster is clustered again with half the gap.
 * Positions are content-word indices; the caller maps the extents back to characters.
 */
import type { ContentWords } from './words.js';

/** A word-level alignment: content-word extents `[aFrom, aTo]` and `[bFrom, bTo]` (inclusive), and their cosine. */
export interface WordAlignment {
  aFrom: number;
  aTo: number;
  bFrom: number;
  bTo: number;
  cosine: number;
  /** Least share, over both extents, of content words that are seeded. */
  density: number;
}

export interface WordAlignParams {
  /** Largest gap (content words) between neighbouring seeds of one cluster, in either document. */
  gap: number;
  /** Least tf-idf cosine of the two extents. */
  minCosine: number;
  /** Shortest extent, in normalized characters, in both documents. */
  minLength: number;
  /** Least share of each extent's content words that are seeded. */
  minDensity: number;
  /** Fewest distinct seeded positions in each document. */
  minWords: number;
  /** A term is not seeded when (occurrences in A) × (occurrences in B) exceeds this. */
  maxTermPairs: number;
}

/** Split `idx` (point indices) into runs sorted by `coord`, cut where neighbours are more than `gap` apart. */
function splitByGap(idx: Int32Array, coord: Int32Array, gap: number): Int32Array[] {
  const sorted = Int32Array.from(idx).sort((x, y) => coord[x] - coord[y] || x - y);
  const parts: Int32Array[] = [];
  let from = 0;
  for (let k = 1; k <= sorted.length; k++) {
    if (k === sorted.length || coord[sorted[k]] - coord[sorted[k - 1]] > gap) {
      parts.push(sorted.subarray(from, k));
      from = k;
    }
  }
  return parts;
}

/**
 * Aligns a fixed document A against others: A's term positions are indexed once. Owns its buffers.
 */
export class WordAligner {
  private a: ContentWords | null = null;
  /** A's positions grouped by term: `order[first.get(t) … )` while `aTerm` is t. */
  private order = new Int32Array(0);
  private first = new Map<number, number>();
  private count = new Map<number, number>();

  /** @param weight - idf of a term id (how rare it is in the corpus) */
  constructor(
    private readonly params: WordAlignParams,
    private readonly weight: (term: number) => number,
  ) {}

  /** Index document A. */
  setA(a: ContentWords): void {
    this.a = a;
    const n = a.terms.length;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((x, y) => a.terms[x] - a.terms[y] || x - y);
    this.order = order;
    this.first.clear();
    this.count.clear();
    for (let k = 0; k < n; k++) {
      const t = a.terms[order[k]];
      if (k === 0 || a.terms[order[k - 1]] !== t) this.first.set(t, k);
      this.count.set(t, (this.count.get(t) ?? 0) + 1);
    }
  }

  /** Word-level alignments of B against A, ordered by B then A extent. */
  align(b: ContentWords, bChars: (from: number, to: number) => number, aChars: (from: number, to: number) => number): WordAlignment[] {
    const a = this.a;
    if (!a) throw new Error('WordAligner.align: setA first');
    const { params } = this;
    // Seeds.
    const bCount = new Map<number, number>();
    for (let j = 0; j < b.terms.length; j++) bCount.set(b.terms[j], (bCount.get(b.terms[j]) ?? 0) + 1);
    const pi: number[] = [];
    const pj: number[] = [];
    for (let j = 0; j < b.terms.length; j++) {
      const t = b.terms[j];
      const ca = this.count.get(t);
      if (ca === undefined || ca * (bCount.get(t) as number) > params.maxTermPairs) continue;
      const f = this.first.get(t) as number;
      for (let k = f; k < f + ca; k++) {
        pi.push(this.order[k]);
        pj.push(j);
      }
    }
    if (pi.length < params.minWords) return [];
    const ci = Int32Array.from(pi);
    const cj = Int32Array.from(pj);
    const all = new Int32Array(ci.length);
    for (let k = 0; k < all.length; k++) all[k] = k;
    const out: WordAlignment[] = [];
    this.extend(all, ci, cj, params.gap, a, b, aChars, bChars, out);
    out.sort((x, y) => x.bFrom - y.bFrom || x.aFrom - y.aFrom);
    return out;
  }

  /** Cluster seeds `idx` with `gap`, validate each cluster, recluster failures with half the gap. */
  private extend(
    idx: Int32Array,
    ci: Int32Array,
    cj: Int32Array,
    gap: number,
    a: ContentWords,
    b: ContentWords,
    aChars: (from: number, to: number) => number,
    bChars: (from: number, to: number) => number,
    out: WordAlignment[],
  ): void {
    const { params } = this;
    // Alternate projections until neither splits a part.
    let work: { idx: Int32Array; stable: number }[] = [{ idx, stable: 0 }];
    const done: Int32Array[] = [];
    let axis = 0;
    while (work.length > 0) {
      const next: { idx: Int32Array; stable: number }[] = [];
      for (const w of work) {
        const parts = splitByGap(w.idx, axis === 0 ? ci : cj, gap);
        for (const p of parts) {
          if (distinct(p, ci) < params.minWords || distinct(p, cj) < params.minWords) continue;
          const stable = parts.length === 1 ? w.stable + 1 : 0;
          if (stable >= 2) done.push(p);
          else next.push({ idx: p, stable });
        }
      }
      work = next;
      axis ^= 1;
    }
    for (const p of done) {
      const kept = trimEdges(p, ci, cj);
      if (kept.length < params.minWords) continue;
      let aFrom = Infinity;
      let aTo = -1;
      let bFrom = Infinity;
      let bTo = -1;
      for (const k of kept) {
        aFrom = Math.min(aFrom, ci[k]);
        aTo = Math.max(aTo, ci[k]);
        bFrom = Math.min(bFrom, cj[k]);
        bTo = Math.max(bTo, cj[k]);
      }
      if (aChars(aFrom, aTo) < params.minLength || bChars(bFrom, bTo) < params.minLength) continue;
      const density = Math.min(distinct(kept, ci) / (aTo - aFrom + 1), distinct(kept, cj) / (bTo - bFrom + 1));
      const cosine = this.cosine(a.terms, aFrom, aTo, b.terms, bFrom, bTo);
      if (cosine >= params.minCosine && density >= params.minDensity) out.push({ aFrom, aTo, bFrom, bTo, cosine, density });
      else if (gap >= 2) this.extend(kept, ci, cj, gap >> 1, a, b, aChars, bChars, out);
    }
  }

  /** tf-idf cosine of two stretches of terms. */
  private cosine(x: Uint32Array, xFrom: number, xTo: number, y: Uint32Array, yFrom: number, yTo: number): number {
    const tx = new Map<number, number>();
    for (let i = xFrom; i <= xTo; i++) tx.set(x[i], (tx.get(x[i]) ?? 0) + 1);
    const ty = new Map<number, number>();
    for (let j = yFrom; j <= yTo; j++) ty.set(y[j], (ty.get(y[j]) ?? 0) + 1);
    let dot = 0;
    let nx = 0;
    let ny = 0;
    for (const [t, c] of tx) {
      const w = this.weight(t);
      const vx = c * w;
      nx += vx * vx;
      const d = ty.get(t);
      if (d !== undefined) dot += vx * d * w;
    }
    for (const [t, c] of ty) {
      const vy = c * this.weight(t);
      ny += vy * vy;
    }
    return nx === 0 || ny === 0 ? 0 : dot / Math.sqrt(nx * ny);
  }
}

/** Seeds further than this (content words) from the next one inward, along either document, are edge noise. */
const EDGE_GAP = 3;

/**
 * A cluster without its stray edge seeds: seeds at either end of either document's projection
 * lying more than `EDGE_GAP` words from the next seed inward (background matches of common words
 * that the gap let in) are dropped, alternately along A and B, until none is.
 */
function trimEdges(idx: Int32Array, ci: Int32Array, cj: Int32Array): Int32Array {
  let cur = idx;
  for (let round = 0; round < 8; round++) {
    const before = cur.length;
    for (const coord of [ci, cj]) {
      const sorted = Int32Array.from(cur).sort((x, y) => coord[x] - coord[y] || x - y);
      let from = 0;
      let to = sorted.length;
      while (from < to - 1) {
        // Next distinct position inward.
        let k = from + 1;
        while (k < to && coord[sorted[k]] === coord[sorted[from]]) k++;
        if (k < to && coord[sorted[k]] - coord[sorted[from]] > EDGE_GAP) from = k;
        else break;
      }
      while (to - 1 > from) {
        let k = to - 2;
        while (k >= from && coord[sorted[k]] === coord[sorted[to - 1]]) k--;
        if (k >= from && coord[sorted[to - 1]] - coord[sorted[k]] > EDGE_GAP) to = k + 1;
        else break;
      }
      cur = sorted.subarray(from, to);
    }
    if (cur.length === before) break;
  }
  return cur;
}

/** Distinct values of `coord` over `idx` (idx is sorted by one of the coordinates, not necessarily this one). */
function distinct(idx: Int32Array, coord: Int32Array): number {
  const seen = new Set<number>();
  for (const k of idx) seen.add(coord[k]);
  return seen.size;
}
