/**
 * `--format csv`: one aligned pair a row, RFC 4180 (CRLF line ends; fields holding `,`, `"`, CR or LF are
 * quoted with `"` doubled), a header row first. Offsets are UTF-16 code units, end exclusive.
 */
import type { ReprintsResult, Span } from '../../index.js';
import { documentsById } from './documents.js';

export const CSV_HEADER = [
  'cluster',
  'similarity',
  'kind',
  'a_doc',
  'a_series',
  'a_date',
  'a_start',
  'a_end',
  'b_doc',
  'b_series',
  'b_date',
  'b_start',
  'b_end',
] as const;

/** One CSV field, quoted when it must be. */
export function csvField(value: string | number | undefined): string {
  const s = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(fields: (string | number | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function* formatCsv(result: ReprintsResult): Iterable<string> {
  const docs = documentsById(result);
  const side = (s: Span) => [s.doc, docs.get(s.doc)?.series, docs.get(s.doc)?.date, s.start, s.end];
  yield row([...CSV_HEADER]);
  for (const pair of result.pairs) {
    yield row([pair.cluster, pair.similarity, pair.kind, ...side(pair.a), ...side(pair.b)]);
  }
}
