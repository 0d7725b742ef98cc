/**
 * Streaming JSON-lines reader (`.jsonl` or `.jsonl.gz`), one document a line with `id`, `text` and
 * optional `series`/`date` (passim's input shape). SaudiNewsNet and user corpora both come this way.
 */
import { decodeUtf8 } from '../../src/cli/readers/decode.js';
import { splitLines } from '../../src/cli/readers/lines.js';
import { openFile } from '../../src/cli/readers/open-file.js';
import type { ReprintDocument } from '../../src/index.js';

/**
 * Lines of a (possibly gzipped) text file, streamed the way the CLI reads them (its file stream,
 * line splitter and UTF-8 decoder), so that the read floor is the fastest read this code knows and
 * the engine's runs read their input as the CLI does.
 */
export async function* readLines(path: string): AsyncGenerator<string> {
  for await (const { bytes } of splitLines(openFile(path, path.endsWith('.gz')))) yield decodeUtf8(bytes).text;
}

/**
 * Documents of a JSON-lines corpus, streamed. Lines without a string `text` are skipped; a missing `id`
 * becomes the line number. `limit` stops after that many documents.
 */
export async function* readJsonl(path: string, limit = Infinity): AsyncGenerator<ReprintDocument> {
  let n = 0;
  let lineNo = 0;
  for await (const line of readLines(path)) {
    lineNo++;
    if (n >= limit) return;
    if (!line.trim()) continue;
    const o = JSON.parse(line) as Record<string, unknown>;
    if (typeof o.text !== 'string') continue;
    const doc: ReprintDocument = { id: typeof o.id === 'string' ? o.id : String(o.id ?? lineNo), text: o.text };
    if (typeof o.series === 'string') doc.series = o.series;
    if (typeof o.date === 'string') doc.date = o.date;
    n++;
    yield doc;
  }
}

/** The read floor: stream, decompress and `JSON.parse` every line, nothing else. */
export async function readFloor(path: string): Promise<{ docs: number; chars: number; ms: number }> {
  const t0 = performance.now();
  let docs = 0;
  let chars = 0;
  for await (const line of readLines(path)) {
    if (!line) continue;
    const o = JSON.parse(line) as { text?: unknown };
    docs++;
    if (typeof o.text === 'string') chars += o.text.length;
  }
  return { docs, chars, ms: performance.now() - t0 };
}
