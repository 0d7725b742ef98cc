/**
 * Stage 5 (cluster) — the result: aligned pairs oriented earliest copy first, clustered, and shaped
 * into the public result (documents, clusters, pairs, params).
 */
import { clusterPairs, type RawCluster, type RawPair } from './cluster.js';
import type { Corpus } from './corpus.js';
import { dateRanks } from './dates.js';
import type { Stopwatch } from './stopwatch.js';
import type { AlignedPair, Cluster, DocumentInfo, ReprintsResult, ResolvedParams } from './types.js';

/** Orient every pair earliest copy first (by rank), in place. */
export function orientPairs(raw: RawPair[], rank: Int32Array): void {
  for (const p of raw) {
    if (rank[p.b] < rank[p.a]) {
      [p.a, p.b] = [p.b, p.a];
      [p.aStart, p.bStart] = [p.bStart, p.aStart];
      [p.aEnd, p.bEnd] = [p.bEnd, p.aEnd];
    }
  }
}

/** How the result reads a document: its id and its original text. */
export interface ResultDocs {
  id(doc: number): string;
  text(doc: number): string;
}

/**
 * One cluster in the public shape, its pairs (oriented, earliest copy first) appended to `pairsOut`
 * in the result's order.
 */
export function shapeCluster(
  id: number,
  c: RawCluster,
  raw: readonly RawPair[],
  rank: Int32Array,
  docs: ResultDocs,
  pairsOut: AlignedPair[],
): Cluster {
  const members = c.pairs.map((pi) => raw[pi]);
  members.sort((x, y) => rank[x.a] - rank[y.a] || x.aStart - y.aStart || rank[x.b] - rank[y.b] || x.bStart - y.bStart);
  for (const p of members) {
    pairsOut.push({
      a: { doc: docs.id(p.a), start: p.aStart, end: p.aEnd },
      b: { doc: docs.id(p.b), start: p.bStart, end: p.bEnd },
      similarity: Math.round(p.similarity * 1e4) / 1e4,
      cluster: id,
    });
  }
  return {
    id,
    passages: c.passages.map((p) => ({ doc: docs.id(p.doc), start: p.start, end: p.end, text: docs.text(p.doc).slice(p.start, p.end) })),
  };
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

/** Cluster the aligned pairs and build the result in the public shape. */
export function buildResult(corpus: Corpus, raw: RawPair[], params: ResolvedParams, watch: Stopwatch): ReprintsResult {
  const t = performance.now();
  const { docs } = corpus;
  // Earliest instant first (dates parsed: ISO 8601, RFC 2822, epoch), undated and unparseable last.
  const rank = dateRanks(docs.map((d) => d.date));
  orientPairs(raw, rank);
  const reader: ResultDocs = { id: (d) => docs[d].id, text: (d) => docs[d].text };
  const pairs: AlignedPair[] = [];
  const clusters = clusterPairs(raw, rank).map((c, i) => shapeCluster(i + 1, c, raw, rank, reader, pairs));
  const documents = docs.map((d) => documentInfo(d, d.text.length));
  watch.add('cluster', t);
  watch.emit('cluster', clusters.length, clusters.length);
  return { documents, clusters, pairs, params: resultParams(params) };
}
