/**
 * CLI robustness: corrupted inputs fed to the readers. Whatever the bytes, a run exits 0, 1 or 2;
 * every stderr line starts with `reprints: `; a failure names the file (and the line, where the
 * format has lines); never a stack trace, never an unhandled rejection. In-process through
 * `main(argv, io)` (fast); a few cases through the built binary, as a user runs it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { collector, reprints, tempDir } from './helpers.js';

const dir = tempDir();

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

async function run(argv: string[], stdin: Uint8Array = Buffer.alloc(0)) {
  const stdout = collector();
  const stderr = collector();
  const code = await main(argv, { stdin: Readable.from([stdin]), stdout, stderr, stderrIsTTY: false });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** What every run must satisfy, whatever its input. */
function expectWellBehaved(r: { code: number | null; stderr: string }, name: string, lined: boolean): void {
  expect([0, 1, 2]).toContain(r.code);
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  for (const l of lines) expect(l.startsWith('reprints: '), l).toBe(true);
  expect(r.stderr).not.toMatch(/\n\s+at |unexpected failure|TypeError|RangeError|ReferenceError/);
  if (r.code !== 0) {
    const error = lines[lines.length - 1];
    expect(error, r.stderr).toContain(name);
    // A line number when the failure is in a record of a JSON lines or array file (not for gzip
    // errors and failures of the whole file — every record skipped names the first in a warning).
    if (lined && !/not valid gzip data|cannot read|no documents were read/.test(error)) expect(error, r.stderr).toMatch(new RegExp(`${name.replace(/[.*+?^${}()|[\]\\<>]/g, '\\$&')}:\\d+`));
  }
}

// ---------------------------------------------------------------------------------------------
// Corruptions of valid JSON lines.
// ---------------------------------------------------------------------------------------------
const story = 'الرياض (واس) - افتتح وزير الثقافة والإعلام اليوم معرض الرياض الدولي للكتاب بمشاركة أكثر من خمسمائة دار نشر عربية وأجنبية.';
const record = fc.record({
  id: fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.constant([1]), fc.constant({ a: 1 }), fc.boolean()),
  text: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(story, `${story} ${story}`, '', 'x') },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.constant(null), fc.constant(['a']), fc.constant({ t: 'a' }), fc.boolean()) },
  ),
  series: fc.option(fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant({})), { nil: undefined }),
  date: fc.option(fc.oneof(fc.constantFrom('2018-04-06', 'Fri, 06 Apr 2018 20:55:22 GMT', 'garbage'), fc.integer(), fc.constant([])), { nil: undefined }),
});

type Op =
  | { op: 'nul'; at: number }
  | { op: 'bom' }
  | { op: 'crlf' }
  | { op: 'badUtf8'; at: number; bytes: readonly number[] }
  | { op: 'truncate'; at: number }
  | { op: 'deep'; depth: number; at: number }
  | { op: 'bytes'; at: number; bytes: Uint8Array };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('nul' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.constant({ op: 'bom' as const }),
  fc.constant({ op: 'crlf' as const }),
  fc.record({
    op: fc.constant('badUtf8' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.constantFrom([0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('deep' as const), depth: fc.integer({ min: 1, max: 50_000 }), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('bytes' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ maxLength: 64 }) }),
);

function apply(bytes: Buffer, o: Op): Buffer {
  const at = 'at' in o ? Math.floor(o.at * bytes.length) : 0;
  switch (o.op) {
    case 'nul':
      return Buffer.concat([bytes.subarray(0, at), Buffer.of(0), bytes.subarray(at)]);
    case 'bom':
      return Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), bytes]);
    case 'crlf':
      return Buffer.from(bytes.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    case 'badUtf8':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(o.bytes), bytes.subarray(at)]);
    case 'truncate':
      return bytes.subarray(0, at);
    case 'deep': {
      const nested = `{"id":"deep${o.depth}","text":${'['.repeat(o.depth)}"x"${']'.repeat(o.depth)}}\n`;
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(nested), bytes.subarray(at)]);
    }
    case 'bytes':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(o.bytes), bytes.subarray(at)]);
  }
}

const content = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)) },
  {
    weight: 4,
    arbitrary: fc.tuple(fc.array(record, { maxLength: 8 }), fc.array(op, { maxLength: 4 })).map(([records, ops]) => {
      let bytes: Buffer = Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      for (const o of ops) bytes = apply(bytes, o);
      return bytes;
    }),
  },
);

const container = fc.constantFrom('jsonl', 'json', 'jsonl.gz', 'json.gz', 'txt', 'stdin', 'folder');
let counter = 0;

describe('reprints on corrupted input (fuzz, in-process)', () => {
  it('exits 0, 1 or 2 with reprints: messages naming the file and line, never a stack trace (property)', async () => {
    const codes = new Map<number | string, number>();
    await fc.assert(
      fc.asyncProperty(content, container, fc.boolean(), fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }), async (bytes, kind, skipBad, truncateGzip, cut) => {
        const n = counter++;
        let name: string;
        let argv: string[];
        let stdin: Uint8Array = Buffer.alloc(0);
        let lined = true;
        if (kind === 'stdin') {
          name = '<stdin>';
          argv = ['-'];
          stdin = bytes;
        } else if (kind === 'folder') {
          const folder = join(dir, `f${n}`);
          mkdirSync(folder);
          writeFileSync(join(folder, 'a.txt'), bytes);
          writeFileSync(join(folder, 'b.md'), Buffer.from(story));
          name = folder;
          argv = [folder];
          lined = false;
        } else {
          let data = kind.endsWith('.gz') ? gzipSync(bytes) : bytes;
          if (kind.endsWith('.gz') && truncateGzip) data = data.subarray(0, Math.floor(cut * data.length));
          name = join(dir, `in${n}.${kind}`);
          writeFileSync(name, data);
          argv = [name];
          lined = kind !== 'txt';
        }
        if (skipBad) argv.push('--skip-bad-lines');
        const r = await run(['-f', 'json', '--min-length', '40', ...argv], stdin);
        expectWellBehaved(r, name, lined);
        if (r.code === 0) expect(() => JSON.parse(r.stdout)).not.toThrow();
        codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
        if (r.stderr.includes('warning:')) codes.set('warned', (codes.get('warned') ?? 0) + 1);
      }),
      { numRuns: 150, seed: 77 },
    );
    expect(unhandled).toEqual([]);
    // The corpus of corruptions reaches both outcomes (and warnings), so the checks above ran on each.
    expect(codes.get(0)).toBeGreaterThan(10);
    expect(codes.get(1)).toBeGreaterThan(10);
    expect(codes.get('warned')).toBeGreaterThan(5);
    // 150 whole CLI runs: ~15 s alone, over a minute when other work shares the 2 cores.
  }, 180_000);

  it('a 50 MB single JSON line: cut short, it fails naming file and line; whole, it is read', async () => {
    const cutShort = join(dir, 'big-cut.jsonl');
    writeFileSync(cutShort, `{"id":"a","text":"${'x'.repeat(50_000_000)}`);
    const r1 = await run([cutShort]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(new RegExp(`^reprints: ${cutShort.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: invalid JSON`));
    const padded = join(dir, 'big-padded.jsonl');
    writeFileSync(padded, `{"id":"a","text":"${story}"}${' '.repeat(50_000_000)}\n{"id":"b","text":"${story}"}\n`);
    const r2 = await run(['-f', 'json', '--min-length', '40', '-q', padded]);
    expect(r2.code).toBe(0);
    expect(JSON.parse(r2.stdout).documents.map((d: { id: string }) => d.id)).toEqual(['a', 'b']);
    expect(unhandled).toEqual([]);
  });
});

describe('reprints on corrupted input (built binary)', () => {
  it('random bytes as gzip, a truncated gzip, deeply nested JSON and NUL bytes: exit 1, one reprints: line naming the file', () => {
    const cases: Array<[string, Buffer, RegExp]> = [
      ['random.jsonl.gz', Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) & 0xff)), /not valid gzip data/],
      ['truncated.jsonl.gz', gzipSync(Buffer.from(`{"id":"a","text":"${story}"}\n`.repeat(200).replace(/"a"/g, () => `"${counter++}"`))).subarray(0, 300), /not valid gzip data|:\d+: invalid JSON/],
      ['deep.json', Buffer.from(`[${'['.repeat(200_000)}${']'.repeat(200_000)}]`), /deep\.json:1: expected a JSON object/],
      ['nul.jsonl', Buffer.from(`{"id":"a","te\u0000xt":"x"}\n`), /nul\.jsonl:1: invalid JSON/],
    ];
    for (const [file, bytes, message] of cases) {
      const path = join(dir, file);
      writeFileSync(path, bytes);
      const r = reprints([path]);
      expect(r.code, file).toBe(1);
      expect(r.stderr.split('\n').filter(Boolean).length, r.stderr).toBe(1);
      expect(r.stderr, file).toMatch(/^reprints: /);
      expect(r.stderr, file).toContain(path);
      expect(r.stderr, file).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
