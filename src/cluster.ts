/**
 * Stage 8 — clustering aligned pairs into the copies of one reprinted text.
 *
 * Every aligned pair contributes two spans, joined by union-find. Within one document, two spans are
 * joined too when they overlap by at least half of the shorter one: a quote of part of a statement
 * joins the statement's cluster, while two neighbouring paragraphs touching by a few characters do
 * not merge. A cluster's passages are, per document, the unions of its overlapping spans.
 */

/** One aligned pair in original offsets, documents as input indices. */
export interface RawPair {
  a: number;
  aStart: number;
  aEnd: number;
  b: number;
  bStart: number;
  bEnd: number;
  similarity: number;
}

export interface RawPassage {
  doc: number;
  start: number;
  end: number;
}

export interface RawCluster {
  passages: RawPassage[];
  /** Indices into the input pairs. */
  pairs: number[];
}

/** Least overlap, as a share of the shorter span, for two spans of one document to join. */
export const MIN_OVERLAP = 0.5;

class UnionFind {
  private parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]];
      x = this.parent[x];
    }
    return x;
  }
  union(x: number, y: number): void {
    const rx = this.find(x);
    const ry = this.find(y);
    // The smaller index becomes the root: the result does not depend on union order.
    if (rx < ry) this.parent[ry] = rx;
    else if (ry < rx) this.parent[rx] = ry;
  }
}

/**
 * Group pairs into clusters.
 * @param pairs - aligned pairs (span 2i is pair i's A side, 2i + 1 its B side)
 * @param rank - order of documents in a cluster (earliest date first, then input order)
 * @returns clusters with passages ordered by rank then start, largest cluster (most documents) first
 */
export function clusterPairs(pairs: readonly RawPair[], rank: Int32Array): RawCluster[] {
  const n = pairs.length * 2;
  const doc = new Int32Array(n);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  pairs.forEach((p, i) => {
    doc[2 * i] = p.a;
    start[2 * i] = p.aStart;
    end[2 * i] = p.aEnd;
    doc[2 * i + 1] = p.b;
    start[2 * i + 1] = p.bStart;
    end[2 * i + 1] = p.bEnd;
  });
  const uf = new UnionFind(n);
  for (let i = 0; i < pairs.length; i++) uf.union(2 * i, 2 * i + 1);

  // Spans by document, then start: a sweep joins overlapping spans of one document.
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => doc[x] - doc[y] || start[x] - start[y] || end[x] - end[y] || x - y,
  );
  let active: number[] = [];
  for (let oi = 0; oi < n; oi++) {
    const s = order[oi];
    if (oi > 0 && doc[order[oi - 1]] !== doc[s]) active = [];
    active = active.filter((t) => end[t] > start[s]);
    for (const t of active) {
      const overlap = Math.min(end[t], end[s]) - start[s];
      const shorter = Math.min(end[t] - start[t], end[s] - start[s]);
      if (overlap >= MIN_OVERLAP * shorter) uf.union(s, t);
    }
    active.push(s);
  }

  // Components → passages (per document, unions of overlapping spans).
  const byRoot = new Map<number, number[]>();
  for (const s of order) {
    const r = uf.find(s);
    let list = byRoot.get(r);
    if (!list) byRoot.set(r, (list = []));
    list.push(s);
  }
  const clusters: RawCluster[] = [];
  for (const spans of byRoot.values()) {
    const passages: RawPassage[] = [];
    for (const s of spans) {
      const last = passages[passages.length - 1];
      if (last && last.doc === doc[s] && start[s] < last.end) last.end = Math.max(last.end, end[s]);
      else passages.push({ doc: doc[s], start: start[s], end: end[s] });
    }
    passages.sort((x, y) => rank[x.doc] - rank[y.doc] || x.start - y.start);
    const pairIds = [...new Set(spans.map((s) => s >> 1))].sort((x, y) => x - y);
    clusters.push({ passages, pairs: pairIds });
  }
  const docCount = (c: RawCluster): number => new Set(c.passages.map((p) => p.doc)).size;
  const chars = (c: RawCluster): number => c.passages.reduce((t, p) => t + p.end - p.start, 0);
  clusters.sort((x, y) => {
    const dx = docCount(x);
    const dy = docCount(y);
    if (dx !== dy) return dy - dx;
    const cx = chars(x);
    const cy = chars(y);
    if (cx !== cy) return cy - cx;
    const px = x.passages[0];
    const py = y.passages[0];
    return rank[px.doc] - rank[py.doc] || px.start - py.start;
  });
  return clusters;
}
