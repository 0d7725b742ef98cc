/**
 * `reprints dedup` end to end (the built binary): a chain of near-copies keeps one, the --keep rules, the
 * records written back byte for byte, the removed map, and bad flags or bad input that leave no file.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prng, vocabulary } from '../helpers/prng.js';
import { reprints, tempDir } from './helpers.js';

const r = prng(42);
const VOCAB = vocabulary(r);
/** 40 sentences of 12 words each, so that coverage is near the share of sentences. */
const SENTENCES = Array.from({ length: 40 }, () => Array.from({ length: 12 }, () => VOCAB[Math.floor(r() * VOCAB.length)]).join(' ') + '.');
const body = (from: number, to: number) => SENTENCES.slice(from, to).join(' ');
const dir = tempDir();

function jsonl(name: string, records: object[]): string {
  const file = join(dir, name);
  writeFileSync(file, records.map((x) => JSON.stringify(x)).join('\n') + '\n');
  return file;
}
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const ids = (file: string) => lines(file).map((l) => (JSON.parse(l) as { id: string }).id);

describe('reprints dedup', () => {
  it('A~B~C: B covers A and C (A and C do not cover each other): keeps B alone, A and C removed in its favour', () => {
    // A = s0–s29, B = s2–s31, C = s4–s33: each neighbour covers ~93% of the other, A and C only ~87%.
    const input = jsonl('chain.jsonl', [
      { id: 'A', date: '2024-01-01', text: body(0, 30) },
      { id: 'B', date: '2024-01-02', text: body(2, 32) },
      { id: 'C', date: '2024-01-03', text: body(4, 34) },
      { id: 'other', date: '2024-01-04', text: body(34, 40) },
    ]);
    const kept = join(dir, 'chain-kept.jsonl');
    const removed = join(dir, 'chain-removed.jsonl');
    const run = reprints(['dedup', input, '-o', kept, '--removed', removed]);
    expect(run.code, run.stderr).toBe(0);
    expect(ids(kept)).toEqual(['B', 'other']);
    const map = lines(removed).map((l) => JSON.parse(l) as { id: string; kept: string; coverage: number; similarity: number });
    expect(map.map((m) => [m.id, m.kept])).toEqual([
      ['A', 'B'],
      ['C', 'B'],
    ]);
    for (const m of map) {
      expect(m.coverage).toBeGreaterThanOrEqual(0.9);
      expect(m.coverage).toBeLessThan(0.97);
      expect(m.similarity).toBe(1);
    }
    expect(run.stderr).toContain('4 documents read, 2 kept, 2 removed as copies');
    // At a stricter bar nothing is a copy any more.
    const strict = reprints(['dedup', input, '--min-coverage-copy', '0.97', '-q']);
    expect(strict.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('--keep earliest (default), first, longest choose among exact copies, series included; dates as instants', () => {
    const text = body(0, 10);
    const input = jsonl('keep.jsonl', [
      { id: 'first', series: 's', date: '2024-03-01', text },
      // Earliest in time, though "Mon, …" sorts after "2024-…" as a string.
      { id: 'earliest', series: 's', date: 'Mon, 01 Jan 2024 09:00:00 GMT', text },
      { id: 'longest', series: 'other', date: '2024-02-01', text: `${text} ${SENTENCES[39]}` },
    ]);
    const keptBy = (...flags: string[]) => {
      const run = reprints(['dedup', input, '-q', ...flags]);
      expect(run.code, run.stderr).toBe(0);
      return run.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    };
    expect(keptBy()).toEqual(['earliest']);
    expect(keptBy('--keep', 'earliest')).toEqual(['earliest']);
    expect(keptBy('--keep', 'first')).toEqual(['first']);
    expect(keptBy('--keep', 'longest')).toEqual(['longest']);
  });

  it('bug: synthetic corpus — reprints whose last word was substituted were kept, and a short original quoted whole by a later article was removed', () => {
    // Eight documents of the bench's synthetic corpus (10,000 documents, seed 1; sentences from SaudiNewsNet).
    // Truth (bench/synthetic.ts): 2479, 7293 and 8251 reprint the bodies of 1431, 5554 and 3911 under a new
    // headline and dateline, each body at least 90% of its reprint's text; the last word of each (the one
    // before the last in 2479) was substituted, so the aligned passages stopped before it and covered
    // 0.886–0.895. 2132 quotes one paragraph of the earlier 1582 inside new paragraphs: 1582 is covered
    // to 0.90 by 2132, but it is 2132's source, not its copy.
    const input = 'test/fixtures/cli/dedup-synthetic.jsonl';
    const kept = join(dir, 'synthetic-kept.jsonl');
    const removed = join(dir, 'synthetic-removed.jsonl');
    const run = reprints(['dedup', input, '-o', kept, '--removed', removed]);
    expect(run.code, run.stderr).toBe(0);
    expect(ids(kept)).toEqual(['syn-0001431', 'syn-0001582', 'syn-0002132', 'syn-0003911', 'syn-0005554']);
    const map = lines(removed).map((l) => JSON.parse(l) as { id: string; kept: string; coverage: number });
    expect(map.map((m) => [m.id, m.kept])).toEqual([
      ['syn-0002479', 'syn-0001431'],
      ['syn-0007293', 'syn-0005554'],
      ['syn-0008251', 'syn-0003911'],
    ]);
    // The substituted word counts as covered: the whole body is.
    for (const m of map) expect(m.coverage).toBeGreaterThanOrEqual(0.9);
    // Under --keep longest the quoted original goes in favour of the longer article quoting it.
    const longest = reprints(['dedup', input, '-q', '--keep', 'longest']);
    expect(longest.code, longest.stderr).toBe(0);
    const keptLongest = longest.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(keptLongest).toEqual(['syn-0001431', 'syn-0002132', 'syn-0003911', 'syn-0005554']);
  });

  it('an earlier text inside a later one goes in its favour when it is most of it, stays when the later one only quotes it', () => {
    const input = jsonl('contained.jsonl', [
      // "short" is 10 of the 12 sentences of "version" (a later, slightly longer version of it).
      { id: 'short', date: '2024-01-01', text: body(0, 10) },
      { id: 'version', date: '2024-01-02', text: body(0, 12) },
      // "source" is 4 of the 14 sentences of "quoting" (a later article that quotes it).
      { id: 'source', date: '2024-01-01', text: body(20, 24) },
      { id: 'quoting', date: '2024-01-03', text: `${body(26, 36)} ${body(20, 24)}` },
    ]);
    const removed = join(dir, 'contained-removed.jsonl');
    const run = reprints(['dedup', input, '-q', '--removed', removed]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['version', 'source', 'quoting']);
    expect(lines(removed).map((l) => JSON.parse(l) as { id: string; kept: string; coverage: number })).toEqual([{ id: 'short', kept: 'version', coverage: 1, similarity: 1 }]);
    // Keeping the longest, the quoted source goes too.
    const longest = reprints(['dedup', input, '-q', '--keep', 'longest']);
    expect(longest.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(['version', 'quoting']);
  });

  it('writes the kept records exactly as read: field order, spacing, escapes; array elements on one line', () => {
    const text = body(0, 10);
    const raw = [
      `{"text": ${JSON.stringify(text)},   "id":"k1", "extra": {"z": 1, "a": [1, 2]}, "u": "\u0627"}`,
      `{"id":"r1","text":${JSON.stringify(text)}}`,
      `{"id":"nt","note":"no text: passed through"}`,
      `{"id": "u1", "text": ${JSON.stringify(body(20, 30))}}`,
    ];
    const file = join(dir, 'raw.jsonl');
    writeFileSync(file, raw.join('\r\n') + '\r\n');
    const run = reprints(['dedup', file, '--keep', 'first']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${raw[0]}\n${raw[2]}\n${raw[3]}\n`);
    expect(run.stderr).toContain('skipped 1 record without a "text" field');

    const array = join(dir, 'docs.json');
    writeFileSync(array, `[\n  {\n    "id": "x",\n    "text": ${JSON.stringify(text)}\n  },\n  {"id": "y", "text": ${JSON.stringify(text)}}\n]\n`);
    const fromArray = reprints(['dedup', array, '--keep', 'first']);
    expect(fromArray.code, fromArray.stderr).toBe(0);
    expect(fromArray.stdout).toBe(`{     "id": "x",     "text": ${JSON.stringify(text)}   }\n`);
  });

  it('writes text files as {"id","text"} under the field names given', () => {
    const run0 = reprints(['dedup', 'examples/seeds', '-q', '--id-field', 'path']);
    expect(run0.code, run0.stderr).toBe(0);
    const records = run0.stdout.trim().split('\n').map((l) => JSON.parse(l) as { path: string; text: string });
    expect(records.map((x) => x.path)).toEqual(readdirSync('examples/seeds').sort());
    expect(records[0].text).toBe(readFileSync(join('examples/seeds', records[0].path), 'utf8'));
  });

  it('refuses bad flags with exit 2 and bad input with exit 1, leaving no output file', () => {
    const out = join(dir, 'never.jsonl');
    const input = jsonl('ok.jsonl', [{ id: 'a', text: 'x' }]);
    for (const [flags, message] of [
      [['--keep', 'newest'], '--keep: "newest" is not a rule; use one of earliest, first, longest'],
      [['--min-coverage-copy', '1.5'], '--min-coverage-copy: "1.5" is not a share; use a number in (0, 1]'],
      [['--min-coverage-copy', '0'], 'use a number in (0, 1]'],
      [['--format', 'json'], 'unknown option --format; see reprints dedup --help'],
      [['--removed', out], '--output and --removed name the same file'],
    ] as const) {
      const run = reprints(['dedup', input, '-o', out, ...flags]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`reprints: `);
      expect(run.stderr).toContain(message);
    }
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"id":"a","text":"x"}\n{"id":\n');
    const removed = join(dir, 'never-removed.jsonl');
    const run = reprints(['dedup', bad, '-o', out, '--removed', removed]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^reprints: .*bad\.jsonl:2: invalid JSON/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(removed)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('prints its own help', () => {
    const run = reprints(['dedup', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: reprints dedup');
    expect(run.stdout).toContain('--min-coverage-copy C');
    expect(reprints(['--help']).stdout).toContain('reprints dedup --help');
  });
});
