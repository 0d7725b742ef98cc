/**
 * Reuse mode (`mode: 'reuse'`): word-shuffled and phrase-shuffled passages, Arabic and English, are
 * found with kind `reordered` and the spans the truth names; the default mode is left as it was; a
 * formula shared by two unrelated stories joins them in neither mode.
 *
 * Fixtures (`fixtures/reuse/cases.json`) are real excerpts: AraPlagDet training cases (a word-shuffled
 * and a phrase-shuffled passage inside their suspicious document, and the source passage inside its
 * source document, ±700 characters of context), and a PAN13 (English) case whose passage the tests
 * shuffle themselves. `start`/`end` are the truth from the corpora's annotations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findReprints } from '../src/pipeline.js';
import { arabicStem, contentStem, contentWords, englishStem } from '../src/reuse/words.js';
import type { AlignedPair, ReprintsResult, Span } from '../src/types.js';
import { prng, shuffle } from './helpers/prng.js';

interface Side {
  text: string;
  start: number;
  end: number;
}
interface Case {
  from: string;
  reuse: Side;
  source: Side;
}
const cases = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'reuse', 'cases.json'), 'utf8')) as Record<string, Case>;


/** Characters of `truth` covered by `span` (same document). */
function covered(span: Span, truth: { start: number; end: number }): number {
  return Math.max(0, Math.min(span.end, truth.end) - Math.max(span.start, truth.start));
}

/** The pair joining the two documents, as [reuse side, source side]. */
function pairsBetween(r: ReprintsResult): Array<{ pair: AlignedPair; reuse: Span; source: Span }> {
  return r.pairs
    .filter((p) => new Set([p.a.doc, p.b.doc]).size === 2)
    .map((pair) => (pair.a.doc === 'reuse' ? { pair, reuse: pair.a, source: pair.b } : { pair, reuse: pair.b, source: pair.a }));
}

/**
 * Golden check: one pair, kind `reordered`, covering ≥ 90 % of the true passage on both sides and
 * reaching at most 15 % past it (the word-level path ends on content words, so a stopword at either
 * end of the truth may be left out).
 */
async function expectFound(reuse: Side, source: Side, kind: AlignedPair['kind'] = 'reordered'): Promise<void> {
  const r = await findReprints(
    [
      { id: 'source', text: source.text, date: '2001' },
      { id: 'reuse', text: reuse.text, date: '2002' },
    ],
    { mode: 'reuse' },
  );
  const found = pairsBetween(r);
  expect(found).toHaveLength(1);
  const [{ pair, reuse: rs, source: ss }] = found;
  expect(pair.kind).toBe(kind);
  for (const [span, truth] of [
    [rs, reuse],
    [ss, source],
  ] as const) {
    const len = truth.end - truth.start;
    expect(covered(span, truth)).toBeGreaterThanOrEqual(0.9 * len);
    expect(span.end - span.start).toBeLessThanOrEqual(1.15 * len);
  }
}

describe('reuse mode: reordered passages', () => {
  it('finds an Arabic word-shuffled passage (AraPlagDet) as reordered, with the annotated spans', async () => {
    const c = cases.arabicWordShuffled;
    await expectFound(c.reuse, c.source);
  });

  it('finds an Arabic phrase-shuffled passage (AraPlagDet) as reordered, with the annotated spans', async () => {
    const c = cases.arabicPhraseShuffled;
    await expectFound(c.reuse, c.source);
  });

  it('the default mode does not find the word-shuffled passage (no shared character 7-grams to speak of)', async () => {
    const c = cases.arabicWordShuffled;
    const r = await findReprints([
      { id: 'source', text: c.source.text },
      { id: 'reuse', text: c.reuse.text },
    ]);
    expect(pairsBetween(r)).toEqual([]);
  });

  /** The English case with its passage in the reusing document replaced by a shuffled version. */
  function englishShuffled(unit: 'word' | 'phrase'): Case {
    const c = cases.englishVerbatim;
    const passage = c.source.text.slice(c.source.start, c.source.end);
    const r = prng(unit === 'word' ? 7 : 11);
    let shuffled: string;
    if (unit === 'word') shuffled = shuffle(passage.split(/\s+/), r).join(' ');
    else {
      // Phrases: cut at punctuation and every 6 words, then shuffle the pieces.
      const words = passage.split(/\s+/);
      const phrases: string[] = [];
      for (let i = 0; i < words.length; i += 6) phrases.push(words.slice(i, i + 6).join(' '));
      shuffled = shuffle(phrases, r).join(' ');
    }
    const before = c.reuse.text.slice(0, c.reuse.start);
    const after = c.reuse.text.slice(c.reuse.end);
    return {
      from: c.from,
      source: c.source,
      reuse: { text: before + shuffled + after, start: before.length, end: before.length + shuffled.length },
    };
  }

  it('finds an English word-shuffled passage (PAN13 source passage, words shuffled) as reordered', async () => {
    const c = englishShuffled('word');
    await expectFound(c.reuse, c.source);
  });

  it('finds an English phrase-shuffled passage (PAN13 source passage, 6-word phrases shuffled) as reordered', async () => {
    const c = englishShuffled('phrase');
    await expectFound(c.reuse, c.source);
  });

  it('keeps a verbatim passage verbatim in reuse mode (the character path wins where it finds the whole passage)', async () => {
    const c = cases.englishVerbatim;
    await expectFound(c.reuse, c.source, 'verbatim');
  });

  it('gives the default mode the same pairs as before, each with kind verbatim or edited', async () => {
    const c = cases.englishVerbatim;
    const r = await findReprints([
      { id: 'source', text: c.source.text },
      { id: 'reuse', text: c.reuse.text },
    ]);
    expect(r.params.mode).toBe('default');
    const found = pairsBetween(r);
    expect(found).toHaveLength(1);
    expect(found[0].pair.kind).toBe('verbatim');
    expect(found[0].pair.similarity).toBe(1);
    expect(covered(found[0].reuse, c.reuse)).toBe(c.reuse.end - c.reuse.start);
  });
});

describe('reuse mode: a formula shared by two unrelated stories', () => {
  const seeds = join(import.meta.dirname, 'fixtures', 'seeds');
  const story1 = readFileSync(join(seeds, '002_b2fa4ef95cc705b1.txt'), 'utf8');
  const story2 = readFileSync(join(seeds, '004_cdfbf4dfcc5aad6f.txt'), 'utf8');
  const formula =
    'قام صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز ولي العهد نائب رئيس مجلس الوزراء وزير الدفاع، ' +
    'يرافقه صاحب السمو الملكي الأمير سعود بن سلمان بن عبدالعزيز، بزيارة رسمية. ';
  const docs = [
    { id: 'story1-a', series: 'a', text: formula + story1 },
    { id: 'story1-b', series: 'b', text: formula + story1 },
    { id: 'story2-c', series: 'c', text: formula + story2 },
    { id: 'story2-d', series: 'd', text: formula + story2 },
  ];

  for (const mode of ['default', 'reuse'] as const) {
    it(`does not put the two stories in one cluster (${mode} mode)`, async () => {
      const r = await findReprints(docs, { mode });
      for (const c of r.clusters) {
        const stories = new Set(c.passages.map((p) => p.doc.split('-')[0]));
        // A cluster holding both stories' documents may only be the formula itself.
        if (stories.size > 1) for (const p of c.passages) expect(p.end - p.start).toBeLessThanOrEqual(formula.length + 5);
      }
      // And each story's copies are one cluster.
      for (const [x, y] of [
        ['story1-a', 'story1-b'],
        ['story2-c', 'story2-d'],
      ]) {
        expect(r.clusters.some((c) => c.passages.some((p) => p.doc === x && p.end - p.start > 1000) && c.passages.some((p) => p.doc === y))).toBe(true);
      }
    });
  }
});

/**
 * Real topically related pages (PAN13 01-no-plagiarism, `fixtures/reuse/topical.json`): a Wikipedia
 * article and a page restating two of its sentences (kiwifruit); a laboratory's director's page and one
 * of its program pages, each giving the lab's mission in its own words. PAN labels the pairs "no
 * plagiarism" (neither document was written from the other), but each restates the same sentences: reuse
 * mode reports those sentences, as `reordered`, and nothing of the rest of the pages; with the restated
 * sentences taken out, the shared subject alone (kiwifruit, China, New Zealand; DOE, science, energy) gives
 * no pair.
 */
describe('reuse mode: topically related pages', () => {
  interface Topical {
    from: string;
    a: string;
    b: string;
    aSentences: string;
    bSentences: string;
  }
  const topical = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'reuse', 'topical.json'), 'utf8')) as Record<string, Topical>;

  for (const [name, t] of Object.entries(topical)) {
    it(`${name}: reports only the restated sentences, as reordered`, async () => {
      const r = await findReprints(
        [
          { id: 'a', text: t.a, series: 'a' },
          { id: 'b', text: t.b, series: 'b' },
        ],
        { mode: 'reuse' },
      );
      expect(r.pairs.length).toBeGreaterThan(0);
      const aFrom = t.a.indexOf(t.aSentences);
      const bFrom = t.b.indexOf(t.bSentences);
      for (const p of r.pairs) {
        const [sa, sb] = p.a.doc === 'a' ? [p.a, p.b] : [p.b, p.a];
        expect(p.kind).toBe('reordered');
        // Inside the sentences, give or take a word the word path reaches past a sentence end (" New Zealand").
        expect(sa.start).toBeGreaterThanOrEqual(aFrom - 15);
        expect(sa.end).toBeLessThanOrEqual(aFrom + t.aSentences.length + 15);
        expect(sb.start).toBeGreaterThanOrEqual(bFrom - 15);
        expect(sb.end).toBeLessThanOrEqual(bFrom + t.bSentences.length + 15);
      }
    });

    it(`${name}: without the restated sentences, the shared subject alone gives no pair`, async () => {
      const r = await findReprints(
        [
          { id: 'a', text: t.a.replace(t.aSentences, ''), series: 'a' },
          { id: 'b', text: t.b, series: 'b' },
        ],
        { mode: 'reuse' },
      );
      expect(r.pairs).toEqual([]);
    });
  }
});

describe('content words', () => {
  it('drops Arabic and English stopwords and stems lightly', () => {
    expect(contentStem('في')).toBeNull();
    expect(contentStem('the')).toBeNull();
    expect(arabicStem('والمعلمون')).toBe('معلم');
    expect(arabicStem('بالكتاب')).toBe('كتاب');
    expect(englishStem('studies')).toBe('study');
    expect(englishStem('maps')).toBe('map');
    expect(englishStem('mapping')).toBe('mapp');
  });

  it('keeps each content word with its normalized offsets, in order', () => {
    const text = 'the maps of old cartography';
    const w = contentWords(text, new Map());
    expect(Array.from(w.starts).map((s, i) => text.slice(s, w.ends[i]))).toEqual(['maps', 'old', 'cartography']);
    // Same stem, same term: "maps" and "map".
    const v = contentWords('map', new Map());
    expect(v.terms[0]).toBe(w.terms[0]);
  });
});
