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
 * 3. Edges: a cluster's sparse ends (fewer than half of 8 words seeded) are trimmed.
 * 4. Validation: a cluster's two extents are compared as bags of words — the cosine of their
 *    tf-idf vectors — and kept when it reaches `minCosine`, `minDensity` of each extent's words are
 *    seeded, and both extents hold `minLength` normalized characters; a failing cluster is clustered
 *    again with half the gap. A kept one has each end moved inward where that raises the cosine
 *    clearly (text on the same subject around a passage shares some of its words).
 * Positions are content-word indices; the caller maps the extents back to characters.
 */

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
  // Sorted by (coordinate, seed): packed keys, one native numeric sort.
  const keys = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) keys[k] = coord[idx[k]] * 0x1000000 + idx[k];
  keys.sort();
  const sorted = new Int32Array(idx.length);
  for (let k = 0; k < idx.length; k++) sorted[k] = keys[k] % 0x1000000;
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
 * Aligns a fixed document A against others: A's term positions are indexed once. Terms are dense
 * numbers (`0 … weights.length - 1`), so every per-term table is a typed array; the aligner owns them.
 */
export class WordAligner {
  private a: Int32Array = new Int32Array(0);
  /** A's positions grouped by term: `order[first[t] … first[t] + count[t])` hold term t. */
  private order = new Int32Array(0);
  private readonly first: Int32Array;
  private readonly count: Int32Array;
  /** Scratch per term: B's counts; term frequencies of the two extents a cosine compares. */
  private readonly bCount: Int32Array;
  private readonly tx: Float64Array;
  private readonly ty: Float64Array;

  /** @param weights - idf of each term (how rare it is in the corpus) */
  constructor(
    private readonly params: WordAlignParams,
    private readonly weights: Float64Array,
  ) {
    const n = weights.length;
    this.first = new Int32Array(n);
    this.count = new Int32Array(n);
    this.bCount = new Int32Array(n);
    this.tx = new Float64Array(n);
    this.ty = new Float64Array(n);
  }

  /** Index document A (its terms, in order). */
  setA(terms: Int32Array): void {
    for (const t of this.a) this.count[t] = 0;
    this.a = terms;
    const n = terms.length;
    // Positions sorted by (term, position): packed keys, one native numeric sort.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = terms[i] * 0x1000000 + i;
    keys.sort();
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const i = keys[k] % 0x1000000;
      order[k] = i;
      const t = terms[i];
      if (this.count[t]++ === 0) this.first[t] = k;
    }
    this.order = order;
  }

  /** Word-level alignments of B (its terms, in order) against A, ordered by B then A extent. */
  align(b: Int32Array, bChars: (from: number, to: number) => number, aChars: (from: number, to: number) => number): WordAlignment[] {
    const { params, count, first, bCount } = this;
    // Seeds.
    for (const t of b) bCount[t]++;
    const pi: number[] = [];
    const pj: number[] = [];
    for (let j = 0; j < b.length; j++) {
      const t = b[j];
      const ca = count[t];
      if (ca === 0 || ca * bCount[t] > params.maxTermPairs) continue;
      for (let k = first[t]; k < first[t] + ca; k++) {
        pi.push(this.order[k]);
        pj.push(j);
      }
    }
    for (const t of b) bCount[t] = 0;
    if (pi.length < params.minWords) return [];
    const ci = Int32Array.from(pi);
    const cj = Int32Array.from(pj);
    const all = new Int32Array(ci.length);
    for (let k = 0; k < all.length; k++) all[k] = k;
    const out: WordAlignment[] = [];
    this.extend(all, ci, cj, params.gap, this.a, b, aChars, bChars, out);
    out.sort((x, y) => x.bFrom - y.bFrom || x.aFrom - y.aFrom);
    return out;
  }

  /** Cluster seeds `idx` with `gap`, validate each cluster, recluster failures with half the gap. */
  private extend(
    idx: Int32Array,
    ci: Int32Array,
    cj: Int32Array,
    gap: number,
    a: Int32Array,
    b: Int32Array,
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
      const cosine = this.cosine(a, aFrom, aTo, b, bFrom, bTo);
      if (cosine >= params.minCosine && density >= params.minDensity) {
        const al = { aFrom, aTo, bFrom, bTo, cosine, density };
        this.tighten(al, kept, ci, cj, a, b);
        if (al.aFrom <= al.aTo && aChars(al.aFrom, al.aTo) >= params.minLength && bChars(al.bFrom, al.bTo) >= params.minLength) out.push(al);
      }
      else if (gap >= 2) this.extend(kept, ci, cj, gap >> 1, a, b, aChars, bChars, out);
    }
  }

  /**
   * Tighten an alignment's four ends: each end moves inward to the seeded position, within the outer
   * `TIGHTEN_SHARE` of its extent, that gives the two extents the highest cosine — text around a reused
   * passage on the same subject shares some of its words, and pulls a bag-of-words extent past the
   * passage's true end; cutting it raises the cosine.
   */
  private tighten(al: WordAlignment, seeds: Int32Array, ci: Int32Array, cj: Int32Array, a: Int32Array, b: Int32Array): void {
    const pa = positions(seeds, ci);
    const pb = positions(seeds, cj);
    const cos = (x: WordAlignment) => this.cosine(a, x.aFrom, x.aTo, b, x.bFrom, x.bTo);
    for (const end of ['aFrom', 'aTo', 'bFrom', 'bTo'] as const) {
      const p = end[0] === 'a' ? pa : pb;
      const from = end[0] === 'a' ? al.aFrom : al.bFrom;
      const to = end[0] === 'a' ? al.aTo : al.bTo;
      const reach = Math.floor(TIGHTEN_SHARE * (to - from + 1));
      let best = al.cosine;
      let bestAt = al[end];
      for (const q of p) {
        const ok = end.endsWith('From') ? q > from && q <= from + reach : q < to && q >= to - reach;
        if (!ok) continue;
        const c = cos({ ...al, [end]: q });
        if (c > best + TIGHTEN_GAIN) {
          best = c;
          bestAt = q;
        }
      }
      al[end] = bestAt;
      al.cosine = best;
    }
  }

  /** tf-idf cosine of two stretches of terms. */
  private cosine(x: Int32Array, xFrom: number, xTo: number, y: Int32Array, yFrom: number, yTo: number): number {
    const { tx, ty, weights } = this;
    for (let i = xFrom; i <= xTo; i++) tx[x[i]]++;
    for (let j = yFrom; j <= yTo; j++) ty[y[j]]++;
    let dot = 0;
    let nx = 0;
    let ny = 0;
    // Each term once: its count is zeroed once taken (ty after the second loop).
    for (let i = xFrom; i <= xTo; i++) {
      const t = x[i];
      const c = tx[t];
      if (c === 0) continue;
      tx[t] = 0;
      const w = weights[t];
      nx += c * w * c * w;
      dot += c * w * ty[t] * w;
    }
    for (let j = yFrom; j <= yTo; j++) {
      const t = y[j];
      const c = ty[t];
      if (c === 0) continue;
      ty[t] = 0;
      ny += c * weights[t] * c * weights[t];
    }
    return nx === 0 || ny === 0 ? 0 : dot / Math.sqrt(nx * ny);
  }

}

/**
 * An edge of a cluster is kept when at least `EDGE_SEEDED` of the `EDGE_WINDOW` content words from it
 * inward are seeded: a reused passage is seeded densely, the text around it only by the odd common
 * word the gap let in.
 */
const EDGE_WINDOW = 8;
/** How far inward (share of the extent) `tighten` may move an end, and the least cosine gain it needs. */
const TIGHTEN_SHARE = 0.35;
const TIGHTEN_GAIN = 0.05;
const EDGE_SEEDED = 4;

/** Sorted distinct values of `coord` over `idx`. */
function positions(idx: Int32Array, coord: Int32Array): Int32Array {
  const p = new Int32Array(idx.length);
  for (let k = 0; k < idx.length; k++) p[k] = coord[idx[k]];
  p.sort();
  let n = 0;
  for (let k = 0; k < p.length; k++) if (k === 0 || p[k] !== p[k - 1]) p[n++] = p[k];
  return p.subarray(0, n);
}

/**
 * A cluster without its sparse edges: along A, then B, alternately until nothing changes, an end
 * position is dropped (with its seeds) while fewer than `EDGE_SEEDED` of the `EDGE_WINDOW` positions
 * from it inward are seeded.
 */
function trimEdges(idx: Int32Array, ci: Int32Array, cj: Int32Array): Int32Array {
  let cur = idx;
  for (let round = 0; round < 8; round++) {
    const before = cur.length;
    for (const coord of [ci, cj]) {
      const p = positions(cur, coord);
      let l = 0;
      let r = p.length - 1;
      const seededFrom = (i: number, dir: 1 | -1): number => {
        let c = 0;
        for (let m = i; m >= 0 && m < p.length && Math.abs(p[m] - p[i]) < EDGE_WINDOW; m += dir) c++;
        return c;
      };
      while (l < r && seededFrom(l, 1) < EDGE_SEEDED) l++;
      while (r > l && seededFrom(r, -1) < EDGE_SEEDED) r--;
      if (l === 0 && r === p.length - 1) continue;
      const lo = p[l];
      const hi = p[r];
      cur = cur.filter((k) => coord[k] >= lo && coord[k] <= hi);
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
