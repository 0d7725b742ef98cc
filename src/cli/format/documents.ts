/** Lookups shared by the formats: document metadata by id, the pairs of each cluster. */
import type { AlignedPair, DocumentInfo, ReprintsResult, Span } from '../../index.js';

/** Document summaries by id. */
export function documentsById(result: ReprintsResult): Map<string, DocumentInfo> {
  return new Map(result.documents.map((d) => [d.id, d]));
}

/** The aligned pairs of each cluster, in the result's order. */
export function pairsByCluster(result: ReprintsResult): Map<number, AlignedPair[]> {
  const byCluster = new Map<number, AlignedPair[]>();
  for (const pair of result.pairs) {
    const list = byCluster.get(pair.cluster);
    if (list) list.push(pair);
    else byCluster.set(pair.cluster, [pair]);
  }
  return byCluster;
}

/** Two spans of the same document overlap. */
export function overlaps(a: Span, b: Span): boolean {
  return a.doc === b.doc && a.start < b.end && b.start < a.end;
}
