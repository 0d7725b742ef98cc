/**
 * Stage 5 (cluster) — the result: aligned pairs oriented earliest copy first, clustered, and shaped
 * into the public result (documents, clusters, pairs, params).
 */
import { clusterPairs, type RawPair } from './cluster.js';
import type { Corpus } from './corpus.js';
import { dateRanks } from './dates.js';
import type { Stopwatch } from './stopwatch.js';
import type { AlignedPair, Cluster, DocumentInfo, ReprintsResult, ResolvedParams } from './types.js';

/** Cluster the aligned pairs and build the result in the public shape. */
export function buildResult(corpus: Corpus, raw: RawPair[], params: ResolvedParams, watch: Stopwatch): ReprintsResult {
  const t = performance.now();
  const { docs } = corpus;
  // Earliest instant first (dates parsed: ISO 8601, RFC 2822, epoch), undated and unparseable last.
  const rank = dateRanks(docs.map((d) => d.date));
  // Orient every pair earliest-first.
  for (const p of raw) {
    if (rank[p.b] < rank[p.a]) {
      [p.a, p.b] = [p.b, p.a];
      [p.aStart, p.bStart] = [p.bStart, p.aStart];
      [p.aEnd, p.bEnd] = [p.bEnd, p.aEnd];
    }
  }
  const raws = clusterPairs(raw, rank);
  const clusters: Cluster[] = [];
  const pairs: AlignedPair[] = [];
  raws.forEach((c, i) => {
    const id = i + 1;
    clusters.push({
      id,
      passages: c.passages.map((p) => ({
        doc: docs[p.doc].id,
        start: p.start,
        end: p.end,
        text: docs[p.doc].text.slice(p.start, p.end),
      })),
    });
    const members = c.pairs.map((pi) => raw[pi]);
    members.sort(
      (x, y) => rank[x.a] - rank[y.a] || x.aStart - y.aStart || rank[x.b] - rank[y.b] || x.bStart - y.bStart,
    );
    for (const p of members) {
      pairs.push({
        a: { doc: docs[p.a].id, start: p.aStart, end: p.aEnd },
        b: { doc: docs[p.b].id, start: p.bStart, end: p.bEnd },
        similarity: Math.round(p.similarity * 1e4) / 1e4,
        cluster: id,
      });
    }
  });
  const documents: DocumentInfo[] = docs.map((d) => {
    const info: DocumentInfo = { id: d.id, length: 0 };
    if (d.series !== undefined) info.series = d.series;
    if (d.date !== undefined) info.date = d.date;
    // Key order (id, series, date, length) is part of the JSON contract.
    delete (info as Partial<DocumentInfo>).length;
    info.length = d.text.length;
    return info;
  });
  watch.add('cluster', t);
  watch.emit('cluster', clusters.length, clusters.length);
  const { normalization, ...rest } = params;
  return { documents, clusters, pairs, params: { ...rest, normalization: { ...normalization } } };
}
