/**
 * `--format text` (the default), for reading in a terminal: clusters in the engine's order (largest first);
 * for each, one line per copy (document, series, date, span, similarity to the earliest copy) and the reprinted passage once,
 * taken from the earliest copy, whitespace folded and trimmed in the middle when long. Huge clusters list
 * their first `maxCopies` copies and count the rest on one line. Text is printed as
 * it is (no bidi marks added), so a bidi-capable terminal shows Arabic right to left.
 */
import type { AlignedPair, Cluster, ReprintsResult, Span } from '../../index.js';
import { formatDuration } from '../progress.js';
import { counted, formatCount } from './count.js';
import { documentsById, overlaps, pairsByCluster } from './documents.js';

/** Longest passage shown whole; longer ones keep their head and tail. */
const EXCERPT_MAX = 480;
const EXCERPT_HEAD = 320;
const EXCERPT_TAIL = 120;

/** Two decimals, rounded down so that only an exact copy shows 1.00. */
export function similarity(value: number): string {
  return (Math.floor(value * 100 + 1e-9) / 100).toFixed(2);
}

/** Move a cut position off the middle of a surrogate pair. */
function safeCut(text: string, at: number): number {
  const c = text.charCodeAt(at);
  return c >= 0xdc00 && c <= 0xdfff ? at + 1 : at;
}

/** The passage as one line: whitespace runs folded to one space, the middle left out when long. */
export function excerpt(text: string, max = EXCERPT_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const head = safeCut(flat, EXCERPT_HEAD);
  const tail = safeCut(flat, flat.length - EXCERPT_TAIL);
  return `${flat.slice(0, head).trimEnd()} … [${formatCount(tail - head)} characters left out] … ${flat.slice(tail).trimStart()}`;
}

/** Length of the overlap of two spans of the same document (0 when apart or in different documents). */
function overlapLength(a: Span, b: Span): number {
  return a.doc === b.doc ? Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start)) : 0;
}

/**
 * The pair that speaks for one copy: the aligned pair joining it to the earliest copy, or, when the
 * two were not aligned directly, the pair covering most of it. Among equals, the pair covering more
 * of it wins.
 */
export function copyPair(copy: Span, earliest: Span, pairs: readonly AlignedPair[]): AlignedPair | undefined {
  let best: { toEarliest: boolean; covered: number; pair: AlignedPair } | undefined;
  for (const pair of pairs) {
    const [mine, other] = overlaps(pair.a, copy) ? [pair.a, pair.b] : overlaps(pair.b, copy) ? [pair.b, pair.a] : [];
    if (!mine || !other) continue;
    const candidate = { toEarliest: overlaps(other, earliest), covered: overlapLength(mine, copy), pair };
    if (
      !best ||
      (candidate.toEarliest && !best.toEarliest) ||
      (candidate.toEarliest === best.toEarliest && candidate.covered > best.covered)
    ) {
      best = candidate;
    }
  }
  return best?.pair;
}

/** Similarity of one copy: that of {@link copyPair}. */
export function copySimilarity(copy: Span, earliest: Span, pairs: readonly AlignedPair[]): number | undefined {
  return copyPair(copy, earliest, pairs)?.similarity;
}

/** Options of the text format. */
export interface TextOptions {
  /** Most copies listed per cluster; the rest are counted on one line. 0 lists all. */
  maxCopies: number;
}

/** Copies listed per cluster by default (`--max-copies`). */
export const DEFAULT_MAX_COPIES = 20;

/** The pairs of one cluster by the documents they touch, so each copy looks only at its own. */
export function pairsByDocument(pairs: readonly AlignedPair[]): Map<string, AlignedPair[]> {
  const byDoc = new Map<string, AlignedPair[]>();
  for (const pair of pairs) {
    for (const doc of pair.a.doc === pair.b.doc ? [pair.a.doc] : [pair.a.doc, pair.b.doc]) {
      const list = byDoc.get(doc);
      if (list) list.push(pair);
      else byDoc.set(doc, [pair]);
    }
  }
  return byDoc;
}

function clusterBlock(
  cluster: Cluster,
  docs: ReturnType<typeof documentsById>,
  pairs: ReturnType<typeof pairsByCluster>,
  options: TextOptions,
): string {
  const byDoc = pairsByDocument(pairs.get(cluster.id) ?? []);
  const nDocs = new Set(cluster.passages.map((p) => p.doc)).size;
  const nPassages = cluster.passages.length;
  const out: string[] = [`Cluster ${cluster.id}: ${formatCount(nDocs)} documents, ${formatCount(nPassages)} passage${nPassages === 1 ? '' : 's'}`];
  const first = cluster.passages[0];
  const shown = options.maxCopies > 0 ? cluster.passages.slice(0, options.maxCopies) : cluster.passages;
  const rows = shown.map((p, i) => {
    const info = docs.get(p.doc);
    const best = i === 0 ? undefined : copyPair(p, first, byDoc.get(p.doc) ?? []);
    return [
      p.doc,
      info?.series ?? '',
      info?.date ?? '',
      `${p.start}–${p.end}`,
      `${formatCount(p.end - p.start)} chars`,
      i === 0 ? 'earliest' : best !== undefined ? `similarity ${similarity(best.similarity)}  ${best.kind}` : '',
    ];
  });
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => r[col].length))) ?? [];
  for (const r of rows) {
    out.push(`  ${r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]))).filter((c, col) => widths[col] > 0 || c !== '').join('  ')}`.trimEnd());
  }
  const hidden = nPassages - shown.length;
  if (hidden > 0) {
    const hiddenDocs = nDocs - new Set(shown.map((p) => p.doc)).size;
    out.push(`  … ${formatCount(hidden)} more passage${hidden === 1 ? '' : 's'} in ${formatCount(hiddenDocs)} more document${hiddenDocs === 1 ? '' : 's'} (list all with --max-copies 0, or use --format jsonl)`);
  }
  if (first) {
    out.push(`  passage (from ${first.doc}):`);
    out.push(`    ${excerpt(first.text)}`);
  }
  return `${out.join('\n')}\n\n`;
}

export function* formatText(result: ReprintsResult, options: TextOptions = { maxCopies: DEFAULT_MAX_COPIES }): Iterable<string> {
  const docs = documentsById(result);
  const pairs = pairsByCluster(result);
  for (const cluster of result.clusters) yield clusterBlock(cluster, docs, pairs, options);
}

/** The one-line summary printed on stderr at the end of a run (every format). */
export function summaryLine(result: ReprintsResult, ms: number): string {
  return `${counted(result.documents.length, 'document')} read, ${counted(result.clusters.length, 'cluster')}, ${counted(result.pairs.length, 'aligned pair')} in ${formatDuration(ms)}`;
}
