/** Readers, in-process: line splitting, JSON array streaming, records, decoding, folder plans, the document stream. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReprintDocument } from '../../src/index.js';
import { CliError } from '../../src/cli/cli-error.js';
import { Messages } from '../../src/cli/messages.js';
import { decodeUtf8, isBinary } from '../../src/cli/readers/decode.js';
import { ArraySyntaxError, arrayElements } from '../../src/cli/readers/json-array.js';
import { splitLines } from '../../src/cli/readers/lines.js';
import { classifyFile, planInputs } from '../../src/cli/readers/plan.js';
import { DocumentReader } from '../../src/cli/readers/read-inputs.js';
import { recordToDocument } from '../../src/cli/readers/records.js';
import { collector, tempDir } from './helpers.js';

const FIELDS = { id: 'id', text: 'text', series: 'series', date: 'date' };

/** The bytes in chunks of `size` bytes (so multi-byte characters and lines straddle chunks). */
async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('splitLines', () => {
  it('splits on LF and CRLF across chunk boundaries, keeping multi-byte characters whole', async () => {
    const text = 'سطر أول\r\nsecond 😀 line\n\nlast without newline';
    for (const size of [1, 2, 3, 7, 1000]) {
      const lines = await collect(splitLines(chunked(Buffer.from(text), size)));
      expect(lines.map((l) => [l.line, l.bytes.toString('utf8')])).toEqual([
        [1, 'سطر أول'],
        [2, 'second 😀 line'],
        [3, ''],
        [4, 'last without newline'],
      ]);
    }
  });
});

describe('arrayElements', () => {
  const json = '[\n {"id": "a", "text": "brackets ] and } and \\" and , inside"},\n {"id": "b", "nested": [{"x": [1, 2]}]},\n "scalar", 3\n]\n';

  it('yields each element with the line it starts on, whatever the chunking', async () => {
    for (const size of [1, 5, 64, 10_000]) {
      const elements = await collect(arrayElements(chunked(Buffer.from(json), size)));
      expect(elements.map((e) => [e.line, JSON.parse(e.bytes.toString('utf8'))])).toEqual([
        [2, { id: 'a', text: 'brackets ] and } and " and , inside' }],
        [3, { id: 'b', nested: [{ x: [1, 2] }] }],
        [4, 'scalar'],
        [4, 3],
      ]);
    }
  });

  it('reads an empty array', async () => {
    expect(await collect(arrayElements(chunked(Buffer.from(' [ ] '), 1)))).toEqual([]);
  });

  it.each([
    ['{"id": 1}', 1, /expected a JSON array/],
    ['[{"id": 1},\n]', 2, /trailing comma/],
    ['[{"id": 1}\n', 2, /missing \]/],
    ['[1] x', 1, /after the closing \]/],
    ['', 1, /empty file/],
  ])('rejects %j at line %i', async (text, line, message) => {
    const error = await collect(arrayElements(chunked(Buffer.from(text), 3))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArraySyntaxError);
    expect((error as ArraySyntaxError).line).toBe(line);
    expect((error as ArraySyntaxError).message).toMatch(message);
  });
});

describe('recordToDocument', () => {
  it('reads id, text, series and date; numbers become strings; null series is left out', () => {
    expect(recordToDocument({ id: 7, text: 't', series: 'spa', date: 2015, extra: 1 }, FIELDS)).toEqual({
      kind: 'document',
      document: { id: '7', text: 't', series: 'spa', date: '2015' },
    });
    expect(recordToDocument({ id: 'a', text: 't', series: null }, FIELDS)).toEqual({ kind: 'document', document: { id: 'a', text: 't' } });
  });

  it('uses the field names given', () => {
    const fields = { id: 'url', text: 'content', series: 'source', date: 'date_extracted' };
    expect(recordToDocument({ url: 'u', content: 'c', source: 's', date_extracted: 'd' }, fields)).toEqual({
      kind: 'document',
      document: { id: 'u', text: 'c', series: 's', date: 'd' },
    });
  });

  it('a missing or null text is "no text"; an empty text is still a document', () => {
    expect(recordToDocument({ id: 'a' }, FIELDS)).toEqual({ kind: 'no-text' });
    expect(recordToDocument({ id: 'a', text: null }, FIELDS)).toEqual({ kind: 'no-text' });
    expect(recordToDocument({ id: 'a', text: '' }, FIELDS)).toEqual({ kind: 'document', document: { id: 'a', text: '' } });
  });

  it('says what is wrong with a bad record', () => {
    expect(recordToDocument([1], FIELDS)).toEqual({ kind: 'bad', reason: 'expected a JSON object, got an array' });
    expect(recordToDocument({ text: 't' }, FIELDS)).toEqual({ kind: 'bad', reason: 'no "id" field (name the id field with --id-field)' });
    expect(recordToDocument({ id: 'a', text: 5 }, FIELDS)).toEqual({ kind: 'bad', reason: 'field "text" is a number, not a string' });
    expect(recordToDocument({ id: { x: 1 }, text: 't' }, FIELDS)).toEqual({ kind: 'bad', reason: 'field "id" is an object, not a string or number' });
  });
});

describe('decode', () => {
  it('decodes UTF-8, drops a byte-order mark, and flags invalid bytes replaced by U+FFFD', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFنص'))).toEqual({ text: 'نص', invalid: false });
    expect(decodeUtf8(Buffer.from([0x61, 0xff, 0x62]))).toEqual({ text: 'a\uFFFDb', invalid: true });
  });

  it('gives the string TextDecoder gives, for any bytes (ASCII, other scripts, astral, invalid, a BOM)', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    const lenient = new TextDecoder('utf-8');
    const expected = (bytes: Uint8Array) => {
      try {
        return { text: strict.decode(bytes), invalid: false };
      } catch {
        return { text: lenient.decode(bytes), invalid: true };
      }
    };
    // Valid text (its UTF-8, with or without a BOM), byte noise, and the two spliced.
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('a', ' ', 'ن', 'ص', 'é', 'Ж', '€', '😀') }));
    const bytes = fc.oneof(
      fc.tuple(fc.boolean(), text).map(([bom, t]) => Buffer.from((bom ? '\uFEFF' : '') + t)),
      fc.uint8Array({ maxLength: 40 }),
      fc.tuple(text, fc.uint8Array({ maxLength: 4 }), text).map(([a, noise, b]) => Buffer.concat([Buffer.from(a), noise, Buffer.from(b)])),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        expect(decodeUtf8(b)).toEqual(expected(b));
      }),
      { numRuns: 2000 },
    );
    // A view into a larger buffer decodes only its own bytes.
    const whole = Buffer.from('xxنصyy');
    expect(decodeUtf8(whole.subarray(2, 6))).toEqual({ text: 'نص', invalid: false });
    expect(decodeUtf8(new Uint8Array(Buffer.from('\uFEFFabc')))).toEqual({ text: 'abc', invalid: false });
  });

  it('calls a buffer with a NUL byte binary', () => {
    expect(isBinary(Buffer.from('text'))).toBe(false);
    expect(isBinary(Buffer.from([0x50, 0x00]))).toBe(true);
  });
});

describe('planInputs', () => {
  it('classifies single files by name', () => {
    expect(classifyFile('a.JSONL')).toEqual({ kind: 'jsonl', path: 'a.JSONL', gzip: false });
    expect(classifyFile('a.ndjson.gz')).toEqual({ kind: 'jsonl', path: 'a.ndjson.gz', gzip: true });
    expect(classifyFile('a.json')).toEqual({ kind: 'json', path: 'a.json', gzip: false });
    expect(classifyFile('notes.text')).toEqual({ kind: 'text', path: 'notes.text', id: 'notes.text', inFolder: false });
  });

  it('walks folders depth-first in name order, ids relative with /, counting files it does not read', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'b', 'deep'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    for (const f of ['z.txt', 'a.md', 'b/deep/x.txt', 'b/y.TXT', 'img.png', '.git/HEAD.txt', 'B.txt']) writeFileSync(join(dir, f), 'x');
    const plan = await planInputs([dir]);
    expect(plan.inputs.map((i) => (i.kind === 'text' ? i.id : i.kind))).toEqual(['B.txt', 'a.md', 'b/deep/x.txt', 'b/y.TXT', 'z.txt']);
    expect(plan.ignored).toEqual([{ folder: dir, count: 1, first: join(dir, 'img.png') }]);
  });

  it('a missing path is a usage error naming it', async () => {
    const error = await planInputs(['nowhere.txt']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ exitCode: 2, message: 'cannot read nowhere.txt: no such file or directory' });
  });
});

describe('DocumentReader', () => {
  async function read(stdin: string, options: { skipBadLines?: boolean } = {}) {
    const stderr = collector();
    const reader = new DocumentReader(
      { inputs: [{ kind: 'stdin' }], ignored: [] },
      { fields: FIELDS, skipBadLines: options.skipBadLines ?? false, stdin: chunked(Buffer.from(stdin), 4), messages: new Messages(stderr, { progress: false, quiet: false }) },
    );
    const docs: ReprintDocument[] = [];
    let error: unknown;
    try {
      for await (const d of reader.documents()) docs.push(d);
      reader.reportSkipped();
    } catch (e) {
      error = e;
    }
    return { docs, error, stderr: stderr.text(), count: reader.count };
  }

  it('streams documents from JSON lines and counts them', async () => {
    const r = await read('{"id":"a","text":"x"}\n\n{"id":"b","text":"y","date":"2015"}\n');
    expect(r.docs).toEqual([{ id: 'a', text: 'x' }, { id: 'b', text: 'y', date: '2015' }]);
    expect(r.count).toBe(2);
    expect(r.stderr).toBe('');
  });

  it('stops at a duplicate id, naming both places', async () => {
    const r = await read('{"id":"a","text":"x"}\n{"id":"a","text":"y"}\n');
    expect(r.error).toMatchObject({ exitCode: 1, message: 'duplicate id "a": <stdin>:1 and <stdin>:2' });
  });

  it('counts records without text and skipped bad lines, and says so at the end', async () => {
    const r = await read('{"id":"a"}\n{oops\n{"id":"b","text":"y"}\n{"id":"c"}\n', { skipBadLines: true });
    expect(r.docs.map((d) => d.id)).toEqual(['b']);
    expect(r.stderr).toContain('reprints: warning: skipped 2 records without a "text" field (first: <stdin>:1); name the text field with --text-field\n');
    expect(r.stderr).toMatch(/reprints: warning: skipped 1 malformed line \(first: <stdin>:2: invalid JSON: .+\)\n/);
  });

  it('bug: the skipped-lines, no-text and bad-date warnings printed counts without thousands separators', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 1200; i++) lines.push('{oops', `{"id":"n${i}"}`, `{"id":"d${i}","text":"x","date":"someday"}`);
    const r = await read(lines.join('\n'), { skipBadLines: true });
    expect(r.count).toBe(1200);
    expect(r.stderr).toContain('reprints: warning: skipped 1,200 records without a "text" field (first: <stdin>:2)');
    expect(r.stderr).toMatch(/reprints: warning: skipped 1,200 malformed lines \(first: <stdin>:1: invalid JSON: /);
    expect(r.stderr).toContain('reprints: warning: 1,200 documents have dates that could not be read (first: <stdin>:3: "someday")');
  });

  it('fails on the first bad line without --skip-bad-lines', async () => {
    const r = await read('{"id":"a","text":"x"}\n"just a string"\n');
    expect(r.error).toMatchObject({ exitCode: 1, message: '<stdin>:2: expected a JSON object, got a string (use --skip-bad-lines to skip such lines)' });
  });

  it('reads a file larger than its read and inflate chunks whole: every line, every character, split anywhere', async () => {
    // 4 MB of lines in several scripts, of uneven lengths, so the 1 MB reads and the 256 KB
    // inflated chunks end inside lines and inside multi-byte characters.
    const words = ['خادم', 'الحرمين', 'الشريفين', 'слово', 'λόγος', 'text', '😀', 'é'];
    const docs: ReprintDocument[] = [];
    let size = 0;
    for (let i = 0; size < 4 << 20; i++) {
      const text = Array.from({ length: 50 + ((i * 7919) % 900) }, (_, j) => words[(i + j * j) % words.length]).join(' ');
      docs.push({ id: `d${i}`, text });
      size += Buffer.byteLength(text);
    }
    const lines = docs.map((d) => JSON.stringify(d)).join('\n') + '\n';
    const dir = tempDir();
    writeFileSync(join(dir, 'big.jsonl'), lines);
    writeFileSync(join(dir, 'big.jsonl.gz'), gzipSync(lines));
    for (const name of ['big.jsonl', 'big.jsonl.gz']) {
      const reader = new DocumentReader(await planInputs([join(dir, name)]), {
        fields: FIELDS,
        skipBadLines: false,
        stdin: chunked(Buffer.alloc(0), 1),
        messages: new Messages(collector(), { progress: false, quiet: true }),
      });
      const read: ReprintDocument[] = [];
      for await (const d of reader.documents()) read.push(d);
      expect(read.length, name).toBe(docs.length);
      expect(read, name).toEqual(docs);
    }
  });
});
