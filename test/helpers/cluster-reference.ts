/**
 * A plain reference of `src/cluster.ts`, for property tests: the same rules written the obvious way
 * (every two spans of a document compared, maps and sets), slow and small. The engine's version works
 * in typed arrays; the two must give the same clusters and the same reached pairs.
 */
import { MIN_OVERLAP as INSIDE, type RawCluster, type RawPair, type RawPassage } from '../../src/cluster.js';

/** Least overlap, as a share of the longer span, for two spans to be the same passage. */
const SAME_PASSAGE = 0.8;

interface Span {
  id: number;
  doc: number;
  start: number;
  end: number;
}

function spansOf(pairs: readonly RawPair[]): Span[] {
  return pairs.flatMap((p, i) => [
    { id: 2 * i, doc: p.a, start: p.aStart, end: p.aEnd },
    { id: 2 * i + 1, doc: p.b, start: p.bStart, end: p.bEnd },
  ]);
}

const bySweep = (x: Span, y: Span): number => x.doc - y.doc || x.start - y.start || x.end - y.end || x.id - y.id;
const overlap = (x: { start: number; end: number }, y: { start: number; end: number }): number => Math.min(x.end, y.end) - Math.max(x.start, y.start);
const length = (x: { start: number; end: number }): number => x.end - x.start;

class Partition {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    while (this.parent[x] !== x) x = this.parent[x];
    return x;
  }
  union(x: number, y: number): void {
    const [a, b] = [this.find(x), this.find(y)];
    if (a !== b) this.parent[Math.max(a, b)] = Math.min(a, b);
  }
}

/** What `clusterPairs` returns, the obvious way. */
export function referenceClusters(pairs: readonly RawPair[], rank: Int32Array): RawCluster[] {
  const spans = spansOf(pairs);
  const order = [...spans].sort(bySweep);
  const sets = new Partition(spans.length);
  for (let i = 0; i < pairs.length; i++) sets.union(2 * i, 2 * i + 1);
  // Every two overlapping spans of a document: the same passage (≥ 80 % of the longer) joins; one
  // mostly inside the other (≥ half of the shorter) may attach. Of two of one length, the one first in
  // sweep order is the inner one.
  const contained: [Span, Span][] = [];
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length && order[j].doc === order[i].doc; j++) {
      const [t, s] = [order[i], order[j]];
      const o = overlap(s, t);
      if (o <= 0) continue;
      if (o >= SAME_PASSAGE * Math.max(length(s), length(t))) sets.union(s.id, t.id);
      else if (o >= INSIDE * Math.min(length(s), length(t))) contained.push(length(s) < length(t) ? [s, t] : [t, s]);
    }
  }
  // Attachment rounds: a component inside exactly one other joins it.
  for (;;) {
    const containers = new Map<number, Set<number>>();
    for (const [inner, outer] of contained) {
      const [ri, ro] = [sets.find(inner.id), sets.find(outer.id)];
      if (ri === ro) continue;
      if (!containers.has(ri)) containers.set(ri, new Set());
      containers.get(ri)!.add(ro);
    }
    const attach = [...containers].filter(([, outers]) => outers.size === 1);
    if (attach.length === 0) break;
    for (const [inner, outers] of attach) sets.union(inner, [...outers][0]);
  }
  // Nesting rounds.
  let comps: { spans: Span[]; passages: RawPassage[] }[];
  for (;;) {
    const byRoot = new Map<number, { spans: Span[]; passages: RawPassage[] }>();
    for (const s of order) {
      const r = sets.find(s.id);
      if (!byRoot.has(r)) byRoot.set(r, { spans: [], passages: [] });
      const c = byRoot.get(r)!;
      c.spans.push(s);
      const last = c.passages[c.passages.length - 1];
      if (last && last.doc === s.doc && s.start < last.end) last.end = Math.max(last.end, s.end);
      else c.passages.push({ doc: s.doc, start: s.start, end: s.end });
    }
    comps = [...byRoot.values()];
    const docs = comps.map((c) => new Set(c.passages.map((p) => p.doc)).size);
    const chars = comps.map((c) => c.passages.reduce((t, p) => t + length(p), 0));
    const joins: [number, number][] = [];
    comps.forEach((c, ci) => {
      // Hosts: components that hold, in every document of c, a passage with one of c's at least half inside.
      let hosts: number[] | undefined;
      for (const d of new Set(c.passages.map((p) => p.doc))) {
        const here = comps
          .map((_, cj) => cj)
          .filter((cj) => cj !== ci && docs[cj] >= docs[ci] && (!hosts || hosts.includes(cj)))
          .filter((cj) =>
            c.passages.some((p) => p.doc === d && comps[cj].passages.some((q) => q.doc === d && overlap(p, q) >= INSIDE * length(p))),
          );
        hosts = here;
      }
      const best = (hosts ?? []).sort((x, y) => docs[y] - docs[x] || chars[y] - chars[x] || x - y)[0];
      if (best !== undefined) joins.push([c.spans[0].id, comps[best].spans[0].id]);
    });
    if (joins.length === 0) break;
    for (const [x, y] of joins) sets.union(x, y);
  }
  const clusters = comps.map((c) => ({
    passages: [...c.passages].sort((x, y) => rank[x.doc] - rank[y.doc] || x.start - y.start),
    pairs: [...new Set(c.spans.map((s) => s.id >> 1))].sort((x, y) => x - y),
  }));
  const docCount = (c: RawCluster): number => new Set(c.passages.map((p) => p.doc)).size;
  const chars = (c: RawCluster): number => c.passages.reduce((t, p) => t + length(p), 0);
  return clusters.sort(
    (x, y) =>
      docCount(y) - docCount(x) ||
      chars(y) - chars(x) ||
      rank[x.passages[0].doc] - rank[y.passages[0].doc] ||
      x.passages[0].start - y.passages[0].start,
  );
}

/** What `pairsReached` returns, the obvious way: pairs connected to the given ones through overlapping spans. */
export function referenceReached(pairs: readonly RawPair[], from: number, docs: Iterable<number>): number[] {
  const spans = spansOf(pairs);
  const seen = new Set<number>();
  const queue = spans.filter((s) => s.id >= 2 * from || [...docs].includes(s.doc)).map((s) => s.id);
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(id ^ 1);
    for (const t of spans) if (t.doc === spans[id].doc && overlap(t, spans[id]) > 0) queue.push(t.id);
  }
  return pairs.map((_, i) => i).filter((i) => seen.has(2 * i));
}
