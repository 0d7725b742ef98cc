/**
 * The result is well-formed — every span the engine reports is usable: `end` an integer, `0 ≤ start < end ≤ length`, and a
 * passage's `text` is `original.slice(start, end)`; on real reprints (the regression) and on
 * generated corpora (the property).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resultProblems } from '../bench/well-formed.js';
import { findReprints } from '../src/pipeline.js';
import type { ReprintDocument, ReprintsResult } from '../src/types.js';
import { prng, vocabulary } from './helpers/prng.js';
import { shortfall } from './helpers/shortfall.js';

const textsOf = (docs: readonly ReprintDocument[]) => new Map(docs.map((d) => [d.id, d.text]));

// ---------------------------------------------------------------------------------------------
// Property: generated corpora of copies, quotes, odd Unicode, empty and large documents.
// ---------------------------------------------------------------------------------------------
const vocab = vocabulary(prng(71));
const ODD = [
  '😀', '👍🏽', '👨‍👩‍👧', '𝐀', '\uD800', '\uDFFF', '\uDBFF', '\u200F', '\u200E', '\u202B', '\u202E', '\u2067',
  '\u0000', '\uFEFF', '\u00AD', 'ﷺ', '⑴', 'ﬁ', 'مُحَمَّد', 'أإآ', 'ـــ', '«', '»', '،', '\r\n', '\t',
];

/** A text of words drawn from the vocabulary, with odd characters sprinkled in (or not). */
const wordText = (minWords: number, maxWords: number) =>
  fc
    .array(
      fc.oneof(
        { weight: 12, arbitrary: fc.integer({ min: 0, max: vocab.length - 1 }).map((i) => vocab[i]) },
        { weight: 1, arbitrary: fc.constantFrom(...ODD) },
      ),
      { minLength: minWords, maxLength: maxWords },
    )
    .chain((words) =>
      fc.array(fc.constantFrom(' ', ' ', ' ', '  ', '\n', ', ', '. ', ''), { minLength: words.length, maxLength: words.length }).map((seps) =>
        words.map((w, i) => w + seps[i]).join(''),
      ),
    );

/**
 * A family of reprints: a base text, near-copies of it (a headline before, a line after, maybe a
 * word inserted, or exact), and quotes of a part of it inside other text.
 */
const family = fc.record({
  base: wordText(40, 220),
  copies: fc.array(
    fc.record({ prefix: fc.oneof(fc.constant(''), wordText(8, 25)), suffix: wordText(0, 10), insertAt: fc.double({ min: 0, max: 1, noNaN: true }), insert: wordText(0, 3) }),
    { maxLength: 6 },
  ),
  quotes: fc.array(
    fc.record({ from: fc.double({ min: 0, max: 0.7, noNaN: true }), share: fc.double({ min: 0.1, max: 1, noNaN: true }), before: wordText(0, 50), after: wordText(0, 50) }),
    { maxLength: 4 },
  ),
});

const corpus = fc.record({
  families: fc.array(family, { minLength: 1, maxLength: 3 }),
  others: fc.array(fc.oneof(wordText(0, 120), fc.constantFrom('', '،؛ ... !!', '\uD800'.repeat(300), '😀'.repeat(200))), { maxLength: 4 }),
  order: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  series: fc.integer({ min: 1, max: 4 }),
});

function build(c: typeof corpus extends fc.Arbitrary<infer T> ? T : never): ReprintDocument[] {
  const texts: string[] = [...c.others];
  for (const f of c.families) {
    texts.push(f.base);
    for (const k of f.copies) {
      const at = Math.floor(k.insertAt * f.base.length);
      texts.push(`${k.prefix}${f.base.slice(0, at)}${k.insert}${f.base.slice(at)}${k.suffix}`);
    }
    for (const q of f.quotes) {
      const from = Math.floor(q.from * f.base.length);
      texts.push(`${q.before}${f.base.slice(from, from + Math.ceil(q.share * (f.base.length - from)))}${q.after}`);
    }
  }
  // Shuffle (seeded), so that copies, quotes and sources come in every order.
  const r = prng(c.order);
  for (let i = texts.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [texts[i], texts[j]] = [texts[j], texts[i]];
  }
  return texts.map((text, i) => ({ id: `d${i}`, text, series: `s${i % c.series}` }));
}

describe('result well-formed: property over generated corpora', () => {
  it('every pair and passage is well-formed (integer end, start < end ≤ length, text = original slice)', async () => {
    await fc.assert(
      fc.asyncProperty(corpus, fc.boolean(), async (c, sameSeries) => {
        const docs = build(c);
        const r = await findReprints(docs, { sameSeries, minLength: 80 });
        const texts = textsOf(docs);
        expect(resultProblems(r, texts)).toEqual([]);
        // And the two spans of a pair hold the text that was aligned (a pair aligned against the
        // wrong document can be in range and still wrong).
        for (let i = 0; i < r.pairs.length; i++) expect(shortfall(r, texts, i)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('a large document quoted by many others (and copied) gives well-formed spans', async () => {
    const r = prng(72);
    const words: string[] = [];
    for (let i = 0; i < 60_000; i++) words.push(r() < 0.01 ? ODD[Math.floor(r() * ODD.length)] : vocab[Math.floor(r() * vocab.length)]);
    const huge = words.join(' ');
    const docs: ReprintDocument[] = [{ id: 'huge', text: huge }, { id: 'huge-copy', text: `Headline\n${huge}` }];
    for (let i = 0; i < 20; i++) {
      const at = Math.floor(r() * (huge.length - 2000));
      docs.push({ id: `q${i}`, text: `${vocab[i]} ${vocab[i + 1]} ${huge.slice(at, at + 300 + Math.floor(r() * 1500))} ${vocab[i + 2]}` });
    }
    docs.push({ id: 'empty', text: '' });
    const result = await findReprints(docs);
    expect(resultProblems(result, textsOf(docs))).toEqual([]);
    // Every quote is found, with the huge document and its copy.
    const cluster = new Map<string, number>();
    for (const c of result.clusters) for (const p of c.passages) cluster.set(p.doc, c.id);
    for (let i = 0; i < 20; i++) expect(cluster.has(`q${i}`)).toBe(true);
    expect(cluster.has('huge')).toBe(true);
    expect(cluster.has('huge-copy')).toBe(true);
  });
});

describe('resultProblems (the check itself)', () => {
  it('names a span without end, one past the document, an empty one and a passage whose text differs', () => {
    const r: ReprintsResult = {
      documents: [
        { id: 'a', length: 10 },
        { id: 'b', length: 10 },
      ],
      clusters: [{ id: 1, passages: [{ doc: 'a', start: 0, end: 4, text: 'abcX' }] }],
      pairs: [
        { a: { doc: 'a', start: 2 } as { doc: string; start: number; end: number }, b: { doc: 'b', start: 0, end: 11 }, similarity: 1, cluster: 1, kind: 'verbatim' },
        { a: { doc: 'a', start: 3, end: 3 }, b: { doc: 'b', start: 0, end: 5 }, similarity: 1, cluster: 1, kind: 'verbatim' },
      ],
      params: {} as ReprintsResult['params'],
    };
    const texts = new Map([
      ['a', 'abcdefghij'],
      ['b', 'klmnopqrst'],
    ]);
    const problems = resultProblems(r, texts);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/pair 0 .*a "a": end undefined is not an integer/);
    expect(problems[1]).toMatch(/pair 0 .*b "b": \[0, 11\) is not within/);
    expect(problems[2]).toMatch(/pair 1 .*a "a": \[3, 3\) is not within/);
    expect(problems[3]).toMatch(/cluster 1 passage 0 "a": text is not original.slice\(0, 4\)/);
  });
});
