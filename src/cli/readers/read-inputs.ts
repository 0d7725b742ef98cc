/**
 * The planned inputs → one async stream of documents for `findReprints`, so a big corpus streams through
 * without being held as text. Here every bad item is either fatal with its place (`file:line: what`) or
 * skipped and counted — nothing is dropped silently — and ids are checked to be unique across all inputs.
 */
import { readFile } from 'node:fs/promises';
import { parseDate, type ReprintDocument } from '../../index.js';
import type { FieldNames } from '../args.js';
import { CliError, describeSystemError, runtimeError, usageError } from '../cli-error.js';
import { counted } from '../format/count.js';
import type { Messages } from '../messages.js';
import { Progress } from '../progress.js';
import { decodeUtf8, isBinary } from './decode.js';
import { openFile } from './open-file.js';
import { ArraySyntaxError, arrayElements } from './json-array.js';
import { isBlank, splitLines } from './lines.js';
import type { Input, InputPlan } from './plan.js';
import { recordToDocument } from './records.js';

/** The first bytes of every SQLite database file (a persistent index is one). */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** How stdin is named in messages. */
export const STDIN_NAME = '<stdin>';

export interface ReadOptions {
  fields: FieldNames;
  /** Skip malformed JSON records with a warning instead of failing. */
  skipBadLines: boolean;
  stdin: AsyncIterable<Buffer | Uint8Array>;
  messages: Messages;
  /** Called once per document handed on (for the progress line). */
  onDocument?: () => void;
  /**
   * Called for every record kept or passed over, in input order (`dedup` writes them back): a document's
   * id, or `undefined` for a record skipped for having no text; `raw` is the record's JSON bytes as read
   * (undefined for a text file).
   */
  onRecord?: (id: string | undefined, raw: Buffer | undefined) => void;
}

/**
 * A reader of the planned inputs whose documents advance a progress line: how every command (the
 * main one, `dedup`, `index add|query`) reads its inputs. The progress also takes the engine's events
 * (`progress.onEvent`).
 */
export function readWithProgress(plan: InputPlan, options: Omit<ReadOptions, 'onDocument'>): { reader: DocumentReader; progress: Progress } {
  const progress = new Progress(options.messages);
  const reader = new DocumentReader(plan, { ...options, onDocument: () => progress.documentRead() });
  return { reader, progress };
}

/** A count of skipped items and where the first one was. */
interface Tally {
  count: number;
  first: string;
}

/** A JSON record source: its name in messages and its raw items (lines or array elements). */
interface RecordSource {
  name: string;
  items: AsyncIterable<{ bytes: Buffer; line: number }>;
}

/**
 * Reads every input in order. Iterate `documents()` once; afterwards call `reportSkipped()` to print the
 * counted warnings (records without text, bad lines skipped, dates that do not parse).
 */
export class DocumentReader {
  readonly #plan: InputPlan;
  readonly #options: ReadOptions;
  readonly #places = new Map<string, string>();
  readonly #noText: Tally = { count: 0, first: '' };
  readonly #badSkipped: Tally = { count: 0, first: '' };
  readonly #badDates: Tally = { count: 0, first: '' };
  /** Files skipped whole (binary, an SQLite database). */
  #skippedFiles = 0;
  #reported = false;
  /** Documents handed on so far. */
  count = 0;

  constructor(plan: InputPlan, options: ReadOptions) {
    this.#plan = plan;
    this.#options = options;
  }

  /** Every document of every input, in input order. */
  async *documents(): AsyncGenerator<ReprintDocument> {
    for (const { folder, count, first } of this.#plan.ignored) {
      this.#options.messages.warn(`${folder}: ignored ${counted(count, 'file')} that ${count === 1 ? 'is' : 'are'} not .txt or .md (first: ${first})`);
    }
    for (const input of this.#plan.inputs) {
      for await (const [document, place, raw] of this.#read(input)) {
        const earlier = this.#places.get(document.id);
        if (earlier !== undefined) {
          throw runtimeError(`duplicate id ${JSON.stringify(document.id)}: ${earlier} and ${place}`);
        }
        this.#places.set(document.id, place);
        this.#options.onRecord?.(document.id, raw);
        if (document.date !== undefined && Number.isNaN(parseDate(document.date)) && this.#badDates.count++ === 0) {
          this.#badDates.first = `${place}: ${JSON.stringify(document.date)}`;
        }
        this.count++;
        this.#options.onDocument?.();
        yield document;
      }
    }
    if (this.count > 0) return;
    const ignored = this.#plan.ignored.reduce((n, f) => n + f.count, 0);
    if (this.#skippedFiles + ignored + this.#noText.count + this.#badSkipped.count === 0) {
      // Inputs that hold nothing (an empty file or folder) are not an error: there is nothing to do.
      this.#options.messages.warn('no documents were read');
      return;
    }
    // Everything given was skipped: the run would answer a question nobody asked.
    this.reportSkipped();
    const names = [...this.#plan.inputs.map((input) => (input.kind === 'stdin' ? STDIN_NAME : input.path)), ...this.#plan.ignored.map((f) => f.folder)];
    const named = names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
    throw runtimeError(`no documents were read from ${named}: every file or record was skipped (see the warnings above)`);
  }

  /** Warn about everything skipped along the way, with counts (once). */
  reportSkipped(): void {
    if (this.#reported) return;
    this.#reported = true;
    const { messages, fields } = this.#options;
    if (this.#noText.count > 0) {
      const n = this.#noText.count;
      messages.warn(
        `skipped ${counted(n, 'record')} without a ${JSON.stringify(fields.text)} field (first: ${this.#noText.first}); name the text field with --text-field`,
      );
    }
    if (this.#badSkipped.count > 0) {
      const n = this.#badSkipped.count;
      messages.warn(`skipped ${counted(n, 'malformed line')} (first: ${this.#badSkipped.first})`);
    }
    if (this.#badDates.count > 0) {
      const n = this.#badDates.count;
      messages.warn(
        `${counted(n, 'document')} ${n === 1 ? 'has a date' : 'have dates'} that could not be read (first: ${this.#badDates.first}); ${n === 1 ? 'it sorts' : 'they sort'} after the dated copies, as undated. Dates are read as ISO 8601, RFC 2822 or epoch seconds/milliseconds (see --date-field)`,
      );
    }
  }

  #read(input: Input): AsyncIterable<[ReprintDocument, string, Buffer?]> {
    switch (input.kind) {
      case 'text':
        return this.#readText(input.path, input.id);
      case 'jsonl':
        return this.#readRecords(input.path, () => ({ name: input.path, items: splitLines(openFile(input.path, input.gzip)) }));
      case 'json':
        return this.#readRecords(input.path, () => ({ name: input.path, items: arrayElements(openFile(input.path, input.gzip)) }));
      case 'stdin':
        return this.#readRecords(STDIN_NAME, () => ({ name: STDIN_NAME, items: splitLines(this.#options.stdin) }));
    }
  }

  async *#readText(path: string, id: string): AsyncGenerator<[ReprintDocument, string]> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      throw usageError(`cannot read ${path}: ${describeSystemError(e)}`);
    }
    if (isBinary(bytes)) {
      this.#skippedFiles++;
      // A persistent index given as input (an SQLite file) is named as one, with what reads it.
      const index = bytes.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC);
      this.#options.messages.warn(
        index
          ? `skipped ${path}: an SQLite database (a reprints index?), not documents; read an index with reprints index export ${path}`
          : `skipped binary file ${path} (it contains NUL bytes)`,
      );
      return;
    }
    const { text, invalid } = decodeUtf8(bytes);
    if (invalid) this.#options.messages.warn(`${path}: invalid UTF-8, decoded with replacement characters (U+FFFD)`);
    yield [{ id, text }, path];
  }

  async *#readRecords(name: string, open: () => RecordSource): AsyncGenerator<[ReprintDocument, string, Buffer?]> {
    const invalidUtf8: Tally = { count: 0, first: '' };
    try {
      for await (const { bytes, line } of open().items) {
        if (isBlank(bytes)) continue;
        const place = `${name}:${line}`;
        const { text, invalid } = decodeUtf8(bytes);
        if (invalid && invalidUtf8.count++ === 0) invalidUtf8.first = place;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (e) {
          this.#bad(place, `invalid JSON: ${(e as Error).message}`);
          continue;
        }
        const outcome = recordToDocument(value, this.#options.fields);
        if (outcome.kind === 'bad') {
          this.#bad(place, outcome.reason);
        } else if (outcome.kind === 'no-text') {
          if (this.#noText.count++ === 0) this.#noText.first = place;
          this.#options.onRecord?.(undefined, bytes);
        } else {
          yield [outcome.document, place, this.#options.onRecord ? bytes : undefined];
        }
      }
    } catch (e) {
      if (e instanceof CliError) throw e;
      if (e instanceof ArraySyntaxError) throw runtimeError(`${name}:${e.line}: ${e.message}`);
      const err = e as NodeJS.ErrnoException;
      if (typeof err?.code === 'string' && err.code.startsWith('Z_')) {
        throw runtimeError(`${name}: not valid gzip data (${err.message})`);
      }
      throw runtimeError(`cannot read ${name}: ${describeSystemError(e)}`);
    } finally {
      if (invalidUtf8.count > 0) {
        const n = invalidUtf8.count;
        this.#options.messages.warn(
          `${name}: ${counted(n, 'line')} ${n === 1 ? 'has' : 'have'} invalid UTF-8 (first: ${invalidUtf8.first}), decoded with replacement characters (U+FFFD)`,
        );
      }
    }
  }

  /** A malformed record: fatal, or skipped and counted under --skip-bad-lines. */
  #bad(place: string, reason: string): void {
    if (!this.#options.skipBadLines) {
      throw runtimeError(`${place}: ${reason} (use --skip-bad-lines to skip such lines)`);
    }
    if (this.#badSkipped.count++ === 0) this.#badSkipped.first = `${place}: ${reason}`;
  }
}
