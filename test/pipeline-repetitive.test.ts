/**
 * Repetitive documents — a run of one character, one word repeated, the same paragraph many times —
 * next to real reprints: they finish (linear: see the `repetitive` benchmark for the cost) and they
 * pair with nothing, while the real reprints are still found.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultProblems } from '../bench/well-formed.js';
import { findReprints } from '../src/pipeline.js';
import type { ReprintDocument } from '../src/types.js';
import { prng, vocabulary } from './helpers/prng.js';

const seedsDir = join(import.meta.dirname, 'fixtures', 'seeds');
const seeds: ReprintDocument[] = readdirSync(seedsDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => ({ id: f.slice(0, 3), text: readFileSync(join(seedsDir, f), 'utf8') }));

describe('findReprints on repetitive documents', () => {
  // Regression (issue 7, item 2): one document of 2,000,000 × 'ا' spent 25 s signing a window at
  // every position. The paragraph repeated 200 times is made of words none of the other documents use.
  it('a run of one character, a repeated word and a paragraph repeated 200 times pair with nothing; the seeds still cluster', async () => {
    const r = prng(31);
    const vocab = vocabulary(r);
    const paragraph = Array.from({ length: 150 }, () => vocab[Math.floor(r() * vocab.length)]).join(' ') + '.\n';
    const repetitive: ReprintDocument[] = [
      { id: 'alef', text: 'ا'.repeat(2_000_000) },
      { id: 'alef-short', text: 'ا'.repeat(5_000) },
      { id: 'word', text: 'كلمة '.repeat(200_000) },
      { id: 'periodic', text: paragraph.repeat(200) },
      { id: 'periodic-150', text: paragraph.repeat(150) },
      { id: 'two', text: 'ab'.repeat(100_000) },
    ];
    const docs = [...seeds, ...repetitive];
    const result = await findReprints(docs);
    expect(resultProblems(result, new Map(docs.map((d) => [d.id, d.text])))).toEqual([]);
    const odd = new Set(repetitive.map((d) => d.id));
    for (const p of result.pairs) {
      expect(odd.has(p.a.doc) || odd.has(p.b.doc), `${p.a.doc} ↔ ${p.b.doc}`).toBe(false);
    }
    // The seeds' one cluster: 000, 001 and 003 (see pipeline.test.ts for its spans).
    expect(result.clusters.map((c) => [...new Set(c.passages.map((p) => p.doc))].sort())).toEqual([['000', '001', '003']]);
  });

  it('a run of one character with a real reprint inside other text: the reprint is found, the run is not', async () => {
    // 001 (the agency statement) between runs of alef; in b the run is kept apart from it by 002 (an
    // unrelated story): a run adjacent to a shared passage in both documents is shared text too, and
    // rightly joins the passage.
    const statement = seeds[1].text;
    const docs: ReprintDocument[] = [
      { id: 'a', text: `${'ا'.repeat(3_000)}\n${statement}\n${'ا'.repeat(3_000)}` },
      { id: 'b', text: `${'ا'.repeat(2_000)}\n${seeds[2].text}\n${statement}` },
    ];
    const result = await findReprints(docs);
    expect(resultProblems(result, new Map(docs.map((d) => [d.id, d.text])))).toEqual([]);
    expect(result.pairs.length).toBe(1);
    const [p] = result.pairs;
    const aAt = docs[0].text.indexOf(statement);
    const bAt = docs[1].text.indexOf(statement);
    // The statement, give or take a word at either end; none of the run of alef.
    expect(Math.abs(p.a.start - aAt)).toBeLessThanOrEqual(15);
    expect(Math.abs(p.a.end - (aAt + statement.length))).toBeLessThanOrEqual(15);
    expect(Math.abs(p.b.start - bAt)).toBeLessThanOrEqual(15);
    expect(Math.abs(p.b.end - (bAt + statement.length))).toBeLessThanOrEqual(15);
  });
});
