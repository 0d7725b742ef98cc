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
import { withRoom } from './typed-arrays.js';
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
  const uf = new UnionFind(n);
  for (let i = 0; i < pairs.length; i++) uf.union(2 * i, 2 * i + 1);

  // Spans by document, then start. A sweep finds overlapping spans of one document: spans that are
  // mostly the same text (overlap ≥ 80% of the longer) join at once; a span mostly inside a longer
  // one (≥ half of the shorter) is a candidate attachment, decided below.
  const order = sweepOrder(spans);
  attachContained(uf, sweepOverlaps(spans, order, uf), n);

  // Nested components: a component whose documents all hold a passage of one bigger component, a
  // passage of its own at least half inside that one's in each, is the same text at another extent
  // (a statement's second half, a longer version carried by two outlets) and joins it. It brings
  // no new document into the bigger component, so no two stories are chained through it.
  const clusters = mergeNested(uf, order, spans);
  expand?.(clusters);
  for (const c of clusters) c.passages.sort((x, y) => rank[x.doc] - rank[y.doc] || x.start - y.start);
  // Largest first: most documents, then most characters, then the earliest first passage.
  const docCount = new Map<RawCluster, number>();
  const chars = new Map<RawCluster, number>();
  for (const c of clusters) {
    docCount.set(c, new Set(c.passages.map((p) => p.doc)).size);
    chars.set(c, c.passages.reduce((t, p) => t + p.end - p.start, 0));
  }
  clusters.sort((x, y) => {
    const dx = docCount.get(x) as number;
    const dy = docCount.get(y) as number;
    if (dx !== dy) return dy - dx;
    const cx = chars.get(x) as number;
    const cy = chars.get(y) as number;
    if (cx !== cy) return cy - cx;
    const px = x.passages[0];
    const py = y.passages[0];
    return rank[px.doc] - rank[py.doc] || px.start - py.start;
  });
  return clusters;
}

/**
 * The sweep of {@link clusterPairs} over the spans in `order`: joins in `uf` the spans of one
 * document that are the same passage; returns the (inner, outer) span pairs where one lies mostly
 * inside the other, flat.
 * A span equal to the one before it in `order` (same document, start and end) is the same passage:
 * it joins that one and stays out of the sweep, whose overlaps it would repeat (a boilerplate
 * paragraph paired with thousands of documents holds thousands of equal spans in each of its first
 * documents, and the sweep would compare every two of them).
 */
function sweepOverlaps({ doc, start, end }: Spans, order: Int32Array, uf: UnionFind): Int32Array {
  const n = order.length;
  let contained = new Int32Array(64);
  let containedCount = 0;
  // The spans still open, compacted in place.
  const active = new Int32Array(n);
  let open = 0;
  for (let oi = 0; oi < n; oi++) {
    const s = order[oi];
    const before = oi > 0 ? order[oi - 1] : -1;
    if (before >= 0 && doc[before] !== doc[s]) open = 0;
    else if (before >= 0 && start[before] === start[s] && end[before] === end[s]) {
      uf.union(s, before);
      continue;
    }
    let still = 0;
    for (let k = 0; k < open; k++) if (end[active[k]] > start[s]) active[still++] = active[k];
    open = still;
    const lenS = end[s] - start[s];
    for (let k = 0; k < open; k++) {
      const t = active[k];
      const overlap = Math.min(end[t], end[s]) - start[s];
      const lenT = end[t] - start[t];
      if (overlap >= SAME_PASSAGE * Math.max(lenS, lenT)) uf.union(s, t);
      else if (overlap >= MIN_OVERLAP * Math.min(lenS, lenT)) {
        if (contained.length < containedCount + 2) contained = withRoom(contained, containedCount + 2);
        contained[containedCount++] = lenS < lenT ? s : t;
        contained[containedCount++] = lenS < lenT ? t : s;
      }
    }
    active[open++] = s;
  }
  return contained.subarray(0, containedCount);
}

/**
 * Attachments: a component whose short spans lie inside the spans of exactly one other component
 * joins it (a quote of part of a statement joins the statement's cluster). A component inside two
 * different ones is a shared formula — an honorific title, a standard opening — and stays on its
 * own rather than chaining unrelated stories together. Rounds until nothing attaches: a quote
 * inside a statement that is itself inside a longer version of it (three extents of one text, each
 * aligned with other copies) sees two containers at first, and one once the statement has joined
 * its longer version. Each round decides every attachment from the components as the round found
 * them, then joins them all.
 * @param contained - (inner, outer) span pairs
 */
function attachContained(uf: UnionFind, contained: Int32Array, n: number): void {
  // Per inner root, in the current round: its one container root, or SEVERAL.
  const container = new Int32Array(n);
  const round = new Int32Array(n);
  const SEVERAL = -1;
  // The edges still between two components, as their roots this round (a joined edge stays joined).
  const roots = contained.slice();
  let edges = contained.length / 2;
  for (let r = 1; ; r++) {
    let live = 0;
    for (let e = 0; e < edges; e++) {
      const ri = uf.find(roots[2 * e]);
      const ro = uf.find(roots[2 * e + 1]);
      if (ri === ro) continue;
      roots[2 * live] = ri;
      roots[2 * live + 1] = ro;
      live++;
      if (round[ri] !== r) {
        round[ri] = r;
        container[ri] = ro;
      } else if (container[ri] !== ro) container[ri] = SEVERAL;
    }
    edges = live;
    let attached = false;
    for (let e = 0; e < edges; e++) {
      const ri = roots[2 * e];
      if (container[ri] === SEVERAL) continue;
      uf.union(ri, container[ri]);
      attached = true;
    }
    if (!attached) return;
  }
}

/**
 * Span indices grouped by document (ascending; each group in index order until sorted): document
 * d's spans are `order[first[d] … first[d + 1])`.
 */
interface ByDocument {
  order: Int32Array;
  first: Int32Array;
}

/** The spans grouped by document: a counting sort on the document. */
function byDocument(doc: Int32Array): ByDocument {
  const n = doc.length;
  let maxDoc = -1;
  for (let s = 0; s < n; s++) if (doc[s] > maxDoc) maxDoc = doc[s];
  const at = new Int32Array(maxDoc + 2);
  for (let s = 0; s < n; s++) at[doc[s] + 1]++;
  for (let d = 1; d < at.length; d++) at[d] += at[d - 1];
  const first = at.slice();
  const order = new Int32Array(n);
  for (let s = 0; s < n; s++) order[at[doc[s]]++] = s;
  return { order, first };
}

/** Sort the spans of document `d` in `groups` by start, then end, then index. */
function sortGroup({ order, first }: ByDocument, d: number, { start, end }: Spans): void {
  if (first[d + 1] - first[d] < 2) return;
  order.subarray(first[d], first[d + 1]).sort((x, y) => start[x] - start[y] || end[x] - end[y] || x - y);
}

/**
 * Span indices in sweep order: by document, then start, then end, then index (each document's few
 * spans sorted on their own).
 */
function sweepOrder(spans: Spans): Int32Array {
  const groups = byDocument(spans.doc);
  for (let d = 0; d + 1 < groups.first.length; d++) sortGroup(groups, d, spans);
  return groups.order;
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
  const spans = spansOf(pairs);
  const { doc, start, end } = spans;
  const n = doc.length;
  // The spans of each document, sorted by start when first reached.
  const groups = byDocument(doc);
  const { order, first } = groups;
  const sorted = new Uint8Array(first.length);
  const seen = new Uint8Array(n);
  const queue = new Int32Array(n);
  let queued = 0;
  const visit = (s: number): void => {
    if (!seen[s]) {
      seen[s] = 1;
      queue[queued++] = s;
    }
  };
  for (let s = 2 * from; s < n; s++) visit(s);
  for (const d of docs) if (d >= 0 && d + 1 < first.length) for (let k = first[d]; k < first[d + 1]; k++) visit(order[k]);
  while (queued > 0) {
    const s = queue[--queued];
    visit(s ^ 1);
    const d = doc[s];
    if (!sorted[d]) {
      sortGroup(groups, d, spans);
      sorted[d] = 1;
    }
    for (let k = first[d]; k < first[d + 1] && start[order[k]] < end[s]; k++) if (end[order[k]] > start[s]) visit(order[k]);
  }
  const picked: number[] = [];
  for (let i = 0; i < pairs.length; i++) if (seen[2 * i]) picked.push(i);
  return picked;
}

/**
 * Join each component nested in a bigger one (see `clusterPairs`) to it, in rounds until none is
 * left: a join widens passages, and a component may then be found inside the widened one. A
 * component inside several picks the one with the most documents, then characters, then the
 * earliest first passage; every join thus adds no document to the component it joins.
 * @returns the components once none is nested, in order of their first span in `order`, each with
 *   its passages (per document, ascending, then start: the unions of its overlapping spans) and its
 *   pairs
 */
function mergeNested(uf: UnionFind, order: Int32Array, spans: Spans): RawCluster[] {
  for (;;) {
    const comps = new ComponentPassages(uf, order, spans);
    const joins: number[] = [];
    for (let ci = 0; ci < comps.count; ci++) {
      const best = comps.bestHost(ci);
      if (best >= 0) joins.push(comps.firstSpan[ci], comps.firstSpan[best]);
    }
    if (joins.length === 0) return comps.clusters();
    for (let j = 0; j < joins.length; j += 2) uf.union(joins[j], joins[j + 1]);
  }
}

/**
 * The components of the union-find in typed arrays, numbered in order of their first span in the
 * sweep order, with their passages: the unions of a component's overlapping spans in one document.
 * Passages are numbered as they open, so they come by document, then start; each component links
 * its own in that order.
 */
class ComponentPassages {
  count = 0;
  /** Per component: its first span in the sweep order, its last passage, documents and characters. */
  readonly firstSpan: Int32Array;
  private readonly firstPassage: Int32Array;
  private readonly docs: Int32Array;
  private readonly chars: Float64Array;
  /** Per span (by root): its component. */
  private readonly compOf: Int32Array;
  /**
   * Per passage: component, document, start, end, the component's next passage, and the range of
   * its document's passages (first, last + 1).
   */
  private readonly pComp: Int32Array;
  private readonly pDoc: Int32Array;
  private readonly pStart: Int32Array;
  private readonly pEnd: Int32Array;
  private readonly pNext: Int32Array;
  private readonly pDocStart: Int32Array;
  private readonly pDocEnd: Int32Array;
  private passages = 0;
  /**
   * Scratch of {@link bestHost}: the hosts found in the document last scanned (once every document
   * is scanned, the candidates), and marks of those kept so far and of those found in a document.
   */
  private readonly here: Int32Array;
  private readonly kept: Int32Array;
  private readonly found: Int32Array;
  private stamp = 0;

  constructor(
    private readonly uf: UnionFind,
    private readonly order: Int32Array,
    private readonly spans: Spans,
  ) {
    const n = order.length;
    const { doc, start, end } = spans;
    this.compOf = new Int32Array(n).fill(-1);
    this.firstSpan = new Int32Array(n);
    this.firstPassage = new Int32Array(n);
    const lastPassage = new Int32Array(n);
    this.docs = new Int32Array(n);
    this.chars = new Float64Array(n);
    const pComp = (this.pComp = new Int32Array(n));
    const pDoc = (this.pDoc = new Int32Array(n));
    const pStart = (this.pStart = new Int32Array(n));
    const pEnd = (this.pEnd = new Int32Array(n));
    const pNext = (this.pNext = new Int32Array(n));
    const pDocStart = (this.pDocStart = new Int32Array(n));
    const pDocEnd = (this.pDocEnd = new Int32Array(n));
    const { compOf, firstSpan, firstPassage, docs, chars } = this;
    for (let oi = 0; oi < n; oi++) {
      const s = order[oi];
      const r = uf.find(s);
      let c = compOf[r];
      if (c < 0) {
        c = compOf[r] = this.count++;
        firstSpan[c] = s;
        firstPassage[c] = -1;
        lastPassage[c] = -1;
      }
      const last = lastPassage[c];
      if (last >= 0 && pDoc[last] === doc[s] && start[s] < pEnd[last]) {
        if (end[s] > pEnd[last]) pEnd[last] = end[s];
        continue;
      }
      const p = this.passages++;
      pComp[p] = c;
      pDoc[p] = doc[s];
      pStart[p] = start[s];
      pEnd[p] = end[s];
      pNext[p] = -1;
      if (last >= 0) pNext[last] = p;
      else firstPassage[c] = p;
      if (last < 0 || pDoc[last] !== doc[s]) docs[c]++;
      lastPassage[c] = p;
    }
    for (let p = 0; p < this.passages; p++) pDocStart[p] = p > 0 && pDoc[p - 1] === pDoc[p] ? pDocStart[p - 1] : p;
    for (let p = this.passages - 1; p >= 0; p--) {
      pDocEnd[p] = p + 1 < this.passages && pDoc[p + 1] === pDoc[p] ? pDocEnd[p + 1] : p + 1;
      chars[pComp[p]] += pEnd[p] - pStart[p];
    }
    this.here = new Int32Array(this.count);
    this.kept = new Int32Array(this.count);
    this.found = new Int32Array(this.count);
  }

  /**
   * The component `ci` is nested in and joins, or −1: among the components holding, in every
   * document of `ci`, a passage with one of ci's at least half inside (and as many documents at
   * least), the one with the most documents, then characters, then the lowest number.
   */
  bestHost(ci: number): number {
    const { docs, chars, pComp, pDoc, pStart, pEnd, pNext, pDocStart, pDocEnd, here, kept, found } = this;
    let hostCount = -1; // −1: no document seen yet (every component may host)
    let keptStamp = 0;
    for (let p = this.firstPassage[ci]; p >= 0 && hostCount !== 0; ) {
      const d = pDoc[p];
      // The document's passages, by start.
      const docStart = pDocStart[p];
      const docEnd = pDocEnd[p];
      const foundStamp = ++this.stamp;
      let hereCount = 0;
      for (; p >= 0 && pDoc[p] === d; p = pNext[p]) {
        const s = pStart[p];
        const e = pEnd[p];
        for (let k = docStart; k < docEnd && pStart[k] < e; k++) {
          const cj = pComp[k];
          if (cj === ci || docs[cj] < docs[ci] || (hostCount >= 0 && kept[cj] !== keptStamp) || found[cj] === foundStamp) continue;
          if (Math.min(e, pEnd[k]) - Math.max(s, pStart[k]) >= MIN_OVERLAP * (e - s)) {
            found[cj] = foundStamp;
            here[hereCount++] = cj;
          }
        }
      }
      keptStamp = ++this.stamp;
      for (let h = 0; h < hereCount; h++) kept[here[h]] = keptStamp;
      hostCount = hereCount;
    }
    let best = -1;
    for (let h = 0; h < hostCount; h++) {
      const cj = here[h];
      if (best < 0 || docs[cj] > docs[best] || (docs[cj] === docs[best] && (chars[cj] > chars[best] || (chars[cj] === chars[best] && cj < best)))) best = cj;
    }
    return best;
  }

  /**
   * The components as clusters: passages, and the pairs of their spans (ascending: a pair's two
   * spans are joined from the start, so its A side names its component).
   */
  clusters(): RawCluster[] {
    const { order, uf, compOf, pDoc, pStart, pEnd, pNext } = this;
    const out: RawCluster[] = [];
    for (let c = 0; c < this.count; c++) {
      const passages: RawPassage[] = [];
      for (let p = this.firstPassage[c]; p >= 0; p = pNext[p]) passages.push({ doc: pDoc[p], start: pStart[p], end: pEnd[p] });
      out.push({ passages, pairs: [] });
    }
    for (let i = 0; 2 * i < order.length; i++) out[compOf[uf.find(2 * i)]].pairs.push(i);
    return out;
  }
}
