import { resolveOptions } from './options.js';
import type { FindReprintsOptions, ReprintDocument, ReprintsResult } from './types.js';

/** Work in progress: replaced by the real pipeline. */
export async function findReprints(
  docs: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>,
  options: FindReprintsOptions = {},
): Promise<ReprintsResult> {
  const params = resolveOptions(options);
  const documents = [];
  for await (const d of docs) documents.push({ id: d.id, ...(d.series !== undefined ? { series: d.series } : {}), ...(d.date !== undefined ? { date: d.date } : {}), length: d.text.length });
  return { documents, clusters: [], pairs: [], params };
}
