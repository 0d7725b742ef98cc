/**
 * `reprints dedup`: the input records back, without the documents that are copies of another, and
 * optionally a map of what was removed in favour of what. Records are written as they were read (a JSON
 * line's bytes unchanged; a JSON array element on one line, its insignificant line breaks turned into
 * spaces; a text file as `{"id", "text"}` under the field names given). Records without a text are not
 * documents and are passed through. Every record is held in memory until the end.
 */
import type { Writable } from 'node:stream';
import { findReprints } from '../../node/index.js';
import { dateRanks } from '../../dates.js';
import type { FindReprintsOptions, ReprintDocument } from '../../index.js';
import { corpusExecutor } from '../args.js';
import type { DedupConfig } from '../args.js';
import type { Messages } from '../messages.js';
import { atomicFileSink, streamSink } from '../output.js';
import type { Sink } from '../output.js';
import { counted, formatCount } from '../format/count.js';
import { formatDuration } from '../progress.js';
import { planInputs } from '../readers/plan.js';
import { readWithProgress } from '../readers/read-inputs.js';
import { chooseRemoved, copyEdges, folder } from './select.js';

/** One input record in input order: the document number it became (-1: none) and its bytes. */
interface Held {
  doc: number;
  raw: Buffer | undefined;
}

/** `better` orders of `--keep`: a total order over document numbers. */
export function keepOrder(keep: DedupConfig['keep'], docs: readonly ReprintDocument[], content: (doc: number) => number): (a: number, b: number) => number {
  switch (keep) {
    case 'first':
      return (a, b) => a - b;
    case 'longest':
      return (a, b) => content(b) - content(a) || a - b;
    case 'earliest': {
      // As the engine orders copies: by instant, undated and unreadable dates last, then input order.
      const rank = dateRanks(docs.map((d) => d.date));
      return (a, b) => rank[a] - rank[b];
    }
  }
}

/** Run `dedup` with a parsed configuration. */
export async function runDedup(config: DedupConfig, stdin: AsyncIterable<Buffer | Uint8Array>, stdout: Writable, messages: Messages): Promise<void> {
  const started = Date.now();
  const plan = await planInputs(config.paths);
  const kept: Sink = config.output !== undefined ? await atomicFileSink(config.output) : streamSink(stdout);
  let removedSink: Sink | undefined;
  const executor = corpusExecutor(config.options);
  try {
    removedSink = config.removed !== undefined ? await atomicFileSink(config.removed, '--removed') : undefined;
    const held: Held[] = [];
    const docs: ReprintDocument[] = [];
    const index = new Map<string, number>();
    const { reader, progress } = readWithProgress(plan, {
      fields: config.fields,
      skipBadLines: config.skipBadLines,
      stdin,
      messages,
      onRecord: (id, raw) => {
        held.push({ doc: id === undefined ? -1 : docs.length, raw: raw === undefined ? undefined : Buffer.from(raw) });
      },
    });
    async function* collect(): AsyncGenerator<ReprintDocument> {
      for await (const d of reader.documents()) {
        index.set(d.id, docs.length);
        docs.push(d);
        yield d;
      }
    }
    const options: FindReprintsOptions = { ...config.options, executor, onProgress: progress.onEvent };
    const result = await findReprints(collect(), options);
    messages.clearProgress();
    reader.reportSkipped();

    const fold = folder(result.params.normalization);
    const edges = copyEdges(result.pairs, index, (d) => docs[d].text, config.minCoverageCopy, fold);
    const lengths = new Map<number, number>();
    const content = (d: number) => {
      let n = lengths.get(d);
      if (n === undefined) lengths.set(d, (n = docs[d].text.replace(/\s+/g, '').length));
      return n;
    };
    // Same normalized text: the engine's exact copies, which it pairs with their family's head only.
    const normalized = new Map<number, string>();
    const norm = (d: number) => {
      let t = normalized.get(d);
      if (t === undefined) normalized.set(d, (t = fold(docs[d].text)));
      return t;
    };
    const removed = chooseRemoved(edges, keepOrder(config.keep, docs, content), (a, b) => norm(a) === norm(b));

    const { id: idField, text: textField } = config.fields;
    const keptOut = new Batch(kept);
    for (const { doc, raw } of held) {
      if (doc >= 0 && removed.has(doc)) continue;
      if (raw !== undefined) await keptOut.add(oneLine(raw));
      else await keptOut.add(Buffer.from(`${JSON.stringify({ [idField]: docs[doc].id, [textField]: docs[doc].text })}\n`));
    }
    await keptOut.flush();
    if (removedSink) {
      const removedOut = new Batch(removedSink);
      for (const [doc, edge] of [...removed].sort((x, y) => x[0] - y[0])) {
        const line = { id: docs[doc].id, kept: docs[edge.of].id, coverage: round(edge.coverage), similarity: round(edge.similarity) };
        await removedOut.add(Buffer.from(`${JSON.stringify(line)}\n`));
      }
      await removedOut.flush();
    }
    await kept.commit();
    await removedSink?.commit();
    messages.summary(
      () => `${counted(docs.length, 'document')} read, ${formatCount(docs.length - removed.size)} kept, ${formatCount(removed.size)} removed as copies in ${formatDuration(Date.now() - started)}`,
    );
  } catch (e) {
    await kept.abort();
    await removedSink?.abort();
    throw e;
  } finally {
    await executor?.close();
  }
}

/** Lines gathered into writes of about a megabyte. */
class Batch {
  #parts: Buffer[] = [];
  #size = 0;
  constructor(private readonly sink: Sink) {}
  async add(line: Buffer): Promise<void> {
    this.#parts.push(line);
    this.#size += line.length;
    if (this.#size >= 1 << 20) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.#parts.length === 0) return;
    const chunk = Buffer.concat(this.#parts);
    this.#parts = [];
    this.#size = 0;
    await this.sink.write(chunk);
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * A record's bytes as one line with its newline. JSON allows no raw line break inside a string, so a line
 * break in a record is whitespace between tokens and a space does as well (bytes 0x0A and 0x0D never occur
 * inside a UTF-8 sequence). Every other byte is written as read.
 */
function oneLine(raw: Buffer): Buffer {
  const line = Buffer.allocUnsafe(raw.length + 1);
  raw.copy(line);
  for (let i = 0; i < raw.length; i++) if (line[i] === 0x0a || line[i] === 0x0d) line[i] = 0x20;
  line[raw.length] = 0x0a;
  return line;
}
