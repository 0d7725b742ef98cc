/**
 * Stage 5 (cluster) — clustering aligned pairs into the copies of one reprinted text.
 *
 * Every aligned pair contributes two spans, joined by union-find. Within one document, two spans
 * that are mostly the same text (overlap ≥ 80% of the longer) join. A span mostly inside a longer
 * one (≥ half of the shorter) attaches its component to the longer span's component — but only when
 * it lies inside exactly one other component: a quote of part of a statement joins the statement's
 * cluster, while a formula shared by two different stories does not chain them together.
 * Finally a component nested in a bigger one — all its documents in it, in each a passage at least
 * half inside one of its passages — joins it: one family, one cluster, whichever extents of the
 * text its members carry. Such a join brings no new document into the bigger component, so it
 * chains nothing. Neighbouring paragraphs touching by a few characters never merge. A cluster's passages are, per
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
  const spans = spansOf(pairs);
  const { doc, start, end } = spans;
  const uf = new UnionFind(n);
  for (let i = 0; i < pairs.length; i++) uf.union(2 * i, 2 * i + 1);

  // Spans by document, then start. A sweep finds overlapping spans of one document: spans that are
  // mostly the same text (overlap ≥ 80% of the longer) join at once; a span mostly inside a longer
  // one (≥ half of the shorter) is a candidate attachment, decided below.
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => doc[x] - doc[y] || start[x] - start[y] || end[x] - end[y] || x - y,
  );
  // A span equal to the one before it in `order` (same document, start and end) is the same passage:
  // it joins that one and stays out of the sweep, whose overlaps it would repeat (a boilerplate
  // paragraph paired with thousands of documents holds thousands of equal spans in each of its
  // first documents, and the sweep would compare every two of them).
  const contained: [number, number][] = [];
  let active: number[] = [];
  for (let oi = 0; oi < n; oi++) {
    const s = order[oi];
    if (oi > 0 && doc[order[oi - 1]] !== doc[s]) active = [];
    else if (oi > 0 && start[order[oi - 1]] === start[s] && end[order[oi - 1]] === end[s]) {
      uf.union(s, order[oi - 1]);
      continue;
    }
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

  // Nested components: a component whose documents all hold a passage of one bigger component, a
  // passage of its own at least half inside that one's in each, is the same text at another extent
  // (a statement's second half, a longer version carried by two outlets) and joins it. It brings
  // no new document into the bigger component, so no two stories are chained through it.
  const clusters: RawCluster[] = mergeNested(uf, order, spans).map(({ passages, spans: members }) => ({
    passages,
    pairs: [...new Set(members.map((s) => s >> 1))].sort((x, y) => x - y),
  }));
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

/** The spans of the pairs (span 2i is pair i's A side, 2i + 1 its B side), as parallel arrays. */
interface Spans {
  doc: Int32Array;
  start: Int32Array;
  end: Int32Array;
}

function spansOf(pairs: readonly RawPair[]): Spans {
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
  return { doc, start, end };
}

/**
 * The pairs that {@link clusterPairs} could put in one cluster with pair `from` or a later one, or
 * with a pair holding a span in any of `docs` (ascending pair indices). Every join above — same
 * passage, attachment, nesting — needs two spans that overlap in one document, so these are the
 * pairs reached from those through overlapping spans and from each span to its pair's other side:
 * clustering them alone gives their clusters as clustering every pair would.
 */
export function pairsReached(pairs: readonly RawPair[], from: number, docs: Iterable<number>): number[] {
  const { doc, start, end } = spansOf(pairs);
  // The spans of each document, sorted by start when first reached.
  const inDoc = new Map<number, number[]>();
  for (let s = 0; s < doc.length; s++) {
    const list = inDoc.get(doc[s]);
    if (list) list.push(s);
    else inDoc.set(doc[s], [s]);
  }
  const sorted = new Set<number[]>();
  const seen = new Uint8Array(doc.length);
  const queue: number[] = [];
  const visit = (s: number): void => {
    if (!seen[s]) {
      seen[s] = 1;
      queue.push(s);
    }
  };
  for (let s = 2 * from; s < doc.length; s++) visit(s);
  for (const d of docs) for (const s of inDoc.get(d) ?? []) visit(s);
  while (queue.length > 0) {
    const s = queue.pop() as number;
    visit(s ^ 1);
    const list = inDoc.get(doc[s]) as number[];
    if (!sorted.has(list)) {
      list.sort((x, y) => start[x] - start[y]);
      sorted.add(list);
    }
    for (let k = 0; k < list.length && start[list[k]] < end[s]; k++) if (end[list[k]] > start[s]) visit(list[k]);
  }
  const picked: number[] = [];
  for (let i = 0; i < pairs.length; i++) if (seen[2 * i]) picked.push(i);
  return picked;
}

/** One component of the union-find: its spans (in sweep order) and its passages. */
interface Component {
  spans: number[];
  /** Per document (ascending), then start: the unions of the component's overlapping spans. */
  passages: RawPassage[];
}

/** The components, in order of their first span in `order` (documents, then starts). */
function components(uf: UnionFind, order: readonly number[], { doc, start, end }: Spans): Component[] {
  const byRoot = new Map<number, Component>();
  for (const s of order) {
    const r = uf.find(s);
    let c = byRoot.get(r);
    if (!c) byRoot.set(r, (c = { spans: [], passages: [] }));
    c.spans.push(s);
    const last = c.passages[c.passages.length - 1];
    if (last && last.doc === doc[s] && start[s] < last.end) last.end = Math.max(last.end, end[s]);
    else c.passages.push({ doc: doc[s], start: start[s], end: end[s] });
  }
  return [...byRoot.values()];
}

/**
 * Join each component nested in a bigger one (see `clusterPairs`) to it, in rounds until none is
 * left: a join widens passages, and a component may then be found inside the widened one. A
 * component inside several picks the one with the most documents, then characters, then the
 * earliest first passage; every join thus adds no document to the component it joins.
 * @returns the components once none is nested
 */
function mergeNested(uf: UnionFind, order: readonly number[], spans: Spans): Component[] {
  for (;;) {
    const comps = components(uf, order, spans);
    // Per document: the passages of every component there, by start ([component, start, end]).
    const inDoc = new Map<number, number[]>();
    comps.forEach((c, ci) => {
      for (const p of c.passages) {
        let list = inDoc.get(p.doc);
        if (!list) inDoc.set(p.doc, (list = []));
        list.push(ci, p.start, p.end);
      }
    });
    for (const list of inDoc.values()) sortTriples(list);
    const docs = comps.map((c) => countDocs(c.passages));
    const chars = comps.map((c) => c.passages.reduce((t, p) => t + p.end - p.start, 0));
    const joins: [number, number][] = [];
    comps.forEach((c, ci) => {
      // Components holding, in every document of c, a passage with one of c's at least half inside.
      let hosts: Set<number> | undefined;
      for (let i = 0; i < c.passages.length && (!hosts || hosts.size > 0); ) {
        const d = c.passages[i].doc;
        const list = inDoc.get(d)!;
        const here = new Set<number>();
        for (; i < c.passages.length && c.passages[i].doc === d; i++) {
          const { start: s, end: e } = c.passages[i];
          for (let k = 0; k < list.length && list[k + 1] < e; k += 3) {
            const cj = list[k];
            if (cj === ci || docs[cj] < docs[ci] || (hosts && !hosts.has(cj))) continue;
            if (Math.min(e, list[k + 2]) - Math.max(s, list[k + 1]) >= MIN_OVERLAP * (e - s)) here.add(cj);
          }
        }
        hosts = here;
      }
      let best = -1;
      for (const cj of hosts ?? []) {
        if (best < 0 || docs[cj] > docs[best] || (docs[cj] === docs[best] && (chars[cj] > chars[best] || (chars[cj] === chars[best] && cj < best)))) best = cj;
      }
      if (best >= 0) joins.push([c.spans[0], comps[best].spans[0]]);
    });
    if (joins.length === 0) return comps;
    for (const [x, y] of joins) uf.union(x, y);
  }
}

function countDocs(passages: readonly RawPassage[]): number {
  let n = 0;
  for (let i = 0; i < passages.length; i++) if (i === 0 || passages[i].doc !== passages[i - 1].doc) n++;
  return n;
}

/** Sort a flat list of [component, start, end] triples by start, then end, then component. */
function sortTriples(list: number[]): void {
  const idx = Array.from({ length: list.length / 3 }, (_, i) => 3 * i);
  idx.sort((x, y) => list[x + 1] - list[y + 1] || list[x + 2] - list[y + 2] || list[x] - list[y]);
  const copy = idx.flatMap((k) => [list[k], list[k + 1], list[k + 2]]);
  for (let i = 0; i < copy.length; i++) list[i] = copy[i];
}
