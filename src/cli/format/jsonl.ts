/**
 * `--format jsonl`: one cluster a line, self-contained for `jq` or a database:
 * `{"cluster", "documents", "passages": [{doc, series?, date?, start, end, text}], "pairs": [{a, b, similarity, kind}]}`.
 */
import type { ReprintsResult } from '../../index.js';
import { documentsById, pairsByCluster } from './documents.js';

export function* formatJsonl(result: ReprintsResult): Iterable<string> {
  const docs = documentsById(result);
  const pairs = pairsByCluster(result);
  for (const cluster of result.clusters) {
    const line = {
      cluster: cluster.id,
      documents: new Set(cluster.passages.map((p) => p.doc)).size,
      passages: cluster.passages.map((p) => {
        const info = docs.get(p.doc);
        return {
          doc: p.doc,
          ...(info?.series !== undefined ? { series: info.series } : {}),
          ...(info?.date !== undefined ? { date: info.date } : {}),
          start: p.start,
          end: p.end,
          text: p.text,
        };
      }),
      pairs: (pairs.get(cluster.id) ?? []).map(({ a, b, similarity, kind }) => ({ a, b, similarity, kind })),
    };
    yield `${JSON.stringify(line)}\n`;
  }
}
