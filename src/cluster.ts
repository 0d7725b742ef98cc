/**
 * Stage 5 (cluster) — clustering aligned pairs into the copies of one reprinted text.
 *
 * Every aligned pair contributes two spans, joined by union-find. Within one document, two spans
 * that are mostly the same text (overlap ≥ 80% of the longer) join. A span mostly inside a longer
 * one (≥ half of the shorter) attaches its component to the longer span's component — but only when
 * it lies inside exactly one other component: a quote of part of a statement joins the statement's
 * cluster, while a formula shared by two different stories does not chain them together.
 * Neighbouring paragraphs touching by a few characters never merge. A cluster's passages are, per
 * document, the unions of its overlapping spans.
 */
import { UnionFind } from './union-find.js';

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

/** Least overlap, as a share of the shorter span, for a span to lie inside another. */
export const MIN_OVERLAP = 0.5;
/** Least overlap, as a share of the longer span, for two spans to be the same passage. */
const SAME_PASSAGE = 0.8;

/**
 * Group pairs into clusters.
 * @param pairs - aligned pairs (span 2i is pair i's A side, 2i + 1 its B side)
 * @param rank - order of documents in a cluster (earliest date first, then input order)
 * @param expand - adds passages to the clusters before they are ordered (exact copies of the
 *   documents clustered)
 * @returns clusters with passages ordered by rank then start, largest cluster (most documents) first
 */
export function clusterPairs(
  pairs: readonly RawPair[],
  rank: Int32Array,
  expand?: (clusters: RawCluster[]) => void,
): RawCluster[] {
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

  // Spans by document, then start. A sweep finds overlapping spans of one document: spans that are
  // mostly the same text (overlap ≥ 80% of the longer) join at once; a span mostly inside a longer
  // one (≥ half of the shorter) is a candidate attachment, decided below.
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => doc[x] - doc[y] || start[x] - start[y] || end[x] - end[y] || x - y,
  );
  const contained: [number, number][] = [];
  let active: number[] = [];
  for (let oi = 0; oi < n; oi++) {
    const s = order[oi];
    if (oi > 0 && doc[order[oi - 1]] !== doc[s]) active = [];
    active = active.filter((t) => end[t] > start[s]);
    for (const t of active) {
      const overlap = Math.min(end[t], end[s]) - start[s];
      const lenS = end[s] - start[s];
      const lenT = end[t] - start[t];
      if (overlap >= SAME_PASSAGE * Math.max(lenS, lenT)) uf.union(s, t);
      else if (overlap >= MIN_OVERLAP * Math.min(lenS, lenT)) contained.push(lenS < lenT ? [s, t] : [t, s]);
    }
    active.push(s);
  }
  // Attachments: a component whose short spans lie inside the spans of exactly one other component
  // joins it (a quote of part of a statement joins the statement's cluster). A component inside
  // two different ones is a shared formula — an honorific title, a standard opening — and stays on
  // its own rather than chaining unrelated stories together.
  // Rounds until nothing attaches: a quote inside a statement that is itself inside a longer
  // version of it (three extents of one text, each aligned with other copies) sees two containers
  // at first, and one once the statement has joined its longer version.
  for (let attached = true; attached; ) {
    attached = false;
    const containers = new Map<number, Set<number>>();
    for (const [inner, outer] of contained) {
      const ri = uf.find(inner);
      const ro = uf.find(outer);
      if (ri === ro) continue;
      let set = containers.get(ri);
      if (!set) containers.set(ri, (set = new Set()));
      set.add(ro);
    }
    const attach: [number, number][] = [];
    for (const [inner, outers] of containers) if (outers.size === 1) attach.push([inner, [...outers][0]]);
    for (const [inner, outer] of attach) {
      if (uf.find(inner) === uf.find(outer)) continue;
      uf.union(inner, outer);
      attached = true;
    }
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
    const pairIds = [...new Set(spans.map((s) => s >> 1))].sort((x, y) => x - y);
    clusters.push({ passages, pairs: pairIds });
  }
  expand?.(clusters);
  for (const c of clusters) c.passages.sort((x, y) => rank[x.doc] - rank[y.doc] || x.start - y.start);
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
