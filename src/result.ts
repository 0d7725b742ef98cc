/**
 * Stage 5 (cluster) — the result: aligned pairs oriented earliest copy first, clustered, and shaped
 * into the public result (documents, clusters, pairs, params).
 */
import { clusterPairs, type RawCluster, type RawPair } from './cluster.js';
import { CopyFamilies } from './copies.js';
import type { Corpus, StoredDocument } from './corpus.js';
import { dateRanks } from './dates.js';
import type { Stopwatch } from './stopwatch.js';
import type { ReorderedPair } from './reuse/reuse-pairs.js';
import type { AlignedPair, Cluster, DocumentInfo, MatchKind, ReprintsResult, ResolvedParams } from './types.js';

/** Orient a pair earliest copy first. */
export function orient(p: RawPair, rank: Int32Array): RawPair {
  if (rank[p.b] < rank[p.a]) {
    [p.a, p.b] = [p.b, p.a];
    [p.aStart, p.bStart] = [p.bStart, p.aStart];
    [p.aEnd, p.bEnd] = [p.bEnd, p.aEnd];
  }
  return p;
}

/**
 * Cluster the aligned pairs (of documents that are not exact copies), give the exact copies their
 * passages and whole-copy pairs, and build the result in the public shape.
 */
export function buildResult(
  corpus: Corpus,
  aligned: RawPair[],
  copies: CopyFamilies,
  params: ResolvedParams,
  watch: Stopwatch,
): ReprintsResult {
  const t = performance.now();
  const { docs } = corpus;
  // Earliest instant first (dates parsed: ISO 8601, RFC 2822, epoch), undated and unparseable last.
  const rank = dateRanks(docs.map((d) => d.date));
  const raw = aligned.concat(copies.markers());
  for (const p of raw) orient(p, rank);
  const raws = clusterPairs(raw, rank, (clusters) => copies.expand(clusters));
  const pairs: AlignedPair[] = [];
  const clusters = raws.map((c, i) => shapeCluster(i + 1, c, raw, copies, rank, docs, pairs));
  const documents = docs.map((d, i) => documentInfo(d, corpus.textLength(i)));
  watch.add('cluster', t);
  watch.emit('cluster', clusters.length, clusters.length);
  return { documents, clusters, pairs, params: resultParams(params) };
}

/**
 * One cluster in the public shape; its pairs (a family marker replaced by its whole-copy pairs,
 * oriented, earliest copy first) appended to `pairsOut` in the result's order. The persistent index
 * shapes its clusters here too, with its own cluster ids.
 */
export function shapeCluster(
  id: number,
  c: RawCluster,
  raw: readonly RawPair[],
  copies: CopyFamilies,
  rank: Int32Array,
  docs: readonly StoredDocument[],
  pairsOut: AlignedPair[],
): Cluster {
  const members = c.pairs.flatMap((pi) =>
    CopyFamilies.isMarker(raw[pi]) ? copies.wholePairs(raw[pi].a).map((p) => orient(p, rank)) : [raw[pi]],
  );
  members.sort((x, y) => rank[x.a] - rank[y.a] || x.aStart - y.aStart || rank[x.b] - rank[y.b] || x.bStart - y.bStart);
  for (const p of members) {
    pairsOut.push({
      a: { doc: docs[p.a].id, start: p.aStart, end: p.aEnd },
      b: { doc: docs[p.b].id, start: p.bStart, end: p.bEnd },
      similarity: Math.round(p.similarity * 1e4) / 1e4,
      cluster: id,
      kind: matchKind(p),
    });
  }
  return {
    id,
    passages: c.passages.map((p) => ({ doc: docs[p.doc].id, start: p.start, end: p.end, text: docs[p.doc].slice(p.start, p.end) })),
  };
}

/** How a raw pair matches: found by the word-level path, identical after normalization, or edited. */
export function matchKind(p: RawPair): MatchKind {
  if ((p as Partial<ReorderedPair>).reordered) return 'reordered';
  return p.similarity === 1 ? 'verbatim' : 'edited';
}

/** A document's summary in the result (key order id, series, date, length is part of the JSON contract). */
export function documentInfo(d: { id: string; series?: string; date?: string }, length: number): DocumentInfo {
  const info = { id: d.id } as DocumentInfo;
  if (d.series !== undefined) info.series = d.series;
  if (d.date !== undefined) info.date = d.date;
  info.length = length;
  return info;
}

/** The parameters as the result reports them (a copy). */
export function resultParams(params: ResolvedParams): ResolvedParams {
  const { normalization, ...rest } = params;
  return { ...rest, normalization: { ...normalization } };
}
