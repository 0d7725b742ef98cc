import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPool, generateCorpus } from '../../bench/synthetic.js';
import { splitmix32 } from '../../bench/prng.js';

const seedsDir = join(import.meta.dirname, '../../examples/seeds');
const pool = buildPool(readdirSync(seedsDir).sort().map((f) => readFileSync(join(seedsDir, f), 'utf8')));

/** Letters only, no marks, tatweel, punctuation or spaces: what survives the planted edits. */
const skeleton = (s: string) => s.replace(/[^\u0621-\u063A\u0641-\u064A\w]/gu, '');
const words = (s: string) => s.split(/\s+/).map(skeleton).filter(Boolean);

describe('splitmix32', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = splitmix32(42);
    const b = splitmix32(42);
    for (let i = 0; i < 1000; i++) {
      const x = a.next();
      expect(x).toBe(b.next());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(splitmix32(1).u32()).not.toBe(splitmix32(2).u32());
  });
});

describe('synthetic corpus', () => {
  it('builds a de-duplicated sentence pool from the seeds (000 and 001 share a statement)', () => {
    expect(pool.sentences.length).toBeGreaterThan(20);
    expect(new Set(pool.sentences).size).toBe(pool.sentences.length);
    expect(pool.words.length).toBeGreaterThan(500);
  });

  it('is deterministic for a seed', () => {
    const a = generateCorpus({ docs: 200, seed: 7, pool });
    const b = generateCorpus({ docs: 200, seed: 7, pool });
    expect([...a.documents]).toEqual([...b.documents]);
    expect(a.truth).toEqual(b.truth);
    const c = generateCorpus({ docs: 200, seed: 8, pool });
    expect([...c.documents].map((d) => d.text)).not.toEqual([...a.documents].map((d) => d.text));
  });

  it('records truth spans that are in range and copy the source up to the planted edits', () => {
    const corpus = generateCorpus({ docs: 600, seed: 3, pool });
    const docs = new Map([...corpus.documents].map((d) => [d.id, d]));
    expect(corpus.truth.length).toBeGreaterThan(40);
    expect(new Set(corpus.truth.map((t) => t.kind))).toEqual(new Set(['article', 'paragraph']));
    for (const t of corpus.truth) {
      const copy = docs.get(t.thisRef)!;
      const src = docs.get(t.sourceRef)!;
      expect(t.thisOffset + t.thisLength).toBeLessThanOrEqual(copy.text.length);
      expect(t.sourceOffset + t.sourceLength).toBeLessThanOrEqual(src.text.length);
      expect(copy.series).not.toBe(src.series);
      expect(src.date! < copy.date!).toBe(true);
      const a = words(copy.text.slice(t.thisOffset, t.thisOffset + t.thisLength));
      const b = words(src.text.slice(t.sourceOffset, t.sourceOffset + t.sourceLength));
      // Same words up to the planted substitutions (at most 3, one for one).
      expect(a.length).toBe(b.length);
      expect(a.filter((w, i) => w !== b[i]).length).toBeLessThanOrEqual(3);
    }
  });

  it('reprints each original at most once and never reprints a copy', () => {
    const corpus = generateCorpus({ docs: 1000, seed: 5, pool });
    for (const _ of corpus.documents);
    const sources = corpus.truth.map((t) => t.sourceRef);
    const copies = new Set(corpus.truth.map((t) => t.thisRef));
    expect(new Set(sources).size).toBe(sources.length);
    expect(sources.some((s) => copies.has(s))).toBe(false);
    expect(corpus.stats.documents).toBe(1000);
  });
});
