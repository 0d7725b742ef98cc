/**
 * Pair alignment (`pair-alignment.ts`): candidate pairs, sorted by A, aligned with A's index built
 * once; spans mapped back to the original text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultProblems } from '../bench/well-formed.js';
import { normalize } from '../src/normalize.js';
import { findReprints } from '../src/pipeline.js';
import type { ReprintDocument, ReprintsResult } from '../src/types.js';
import { prng, vocabulary } from './helpers/prng.js';
import { shortfall } from './helpers/shortfall.js';

describe('pair alignment: regressions', () => {
  // Regression (issue 7, item 3): on SaudiNewsNet, 15 pairs had a span without `end`. The aligner
  // keeps the index of document A across A's candidate pairs, and was re-indexed only when A differed
  // from the *previous candidate's* A — but a candidate skipped as an already-known whole copy left
  // the aligner on an older A, so the next B was aligned against the wrong document: spans past the
  // end of A (`end` undefined in JSON), or inside it on unrelated text. Fixture: the four SaudiNewsNet
  // articles (delta-debugged from the 73 of the affected clusters) that reproduce it — three copies
  // of one agency item (one series each) and a long aawsat article quoting it.
  it('stale aligner after a skipped whole-copy pair: every span has an end inside its document and matching text', async () => {
    const path = join(import.meta.dirname, 'fixtures', 'saudinewsnet', 'stale-aligner.jsonl');
    const docs: ReprintDocument[] = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(docs.length).toBe(4);
    const r = await findReprints(docs);
    const texts = new Map(docs.map((d) => [d.id, d.text]));
    expect(resultProblems(r, texts)).toEqual([]);
    // All four carry the item: one cluster with every document, and the pairs really match.
    expect(r.clusters.length).toBe(1);
    expect(new Set(r.clusters[0].passages.map((p) => p.doc))).toEqual(new Set(docs.map((d) => d.id)));
    expect(r.pairs.length).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < r.pairs.length; i++) expect(shortfall(r, texts, i)).toBeLessThanOrEqual(0);
  });
});

const VOCAB = vocabulary(prng(7));
const r = prng(8);
const words = (n: number): string => Array.from({ length: n }, () => VOCAB[Math.floor(r() * VOCAB.length)]).join(' ');

describe('pair alignment: the aligner follows A', () => {
  // Regression: when the first candidate pair of a document A was skipped (A already joined to B
  // through whole copies), A's later pairs were aligned against the previous A's index, and that
  // document's offsets were reported as A's.
  it("aligns A's pairs against A after A's first pair was skipped as a known whole copy (stale index bug)", async () => {
    const story = words(400);
    const quoteFrom = story.indexOf(' ', 200) + 1;
    const quote = story.slice(quoteFrom, story.indexOf(' ', quoteFrom + 260));
    const docs = [
      { id: 'first', text: `Short headline. ${story}` },
      { id: 'second', text: `A much longer and entirely different headline for the second outlet. ${story}` },
      { id: 'third', text: `Third outlet: ${story} (agency)` },
      { id: 'quoter', text: `${words(60)} «${quote}» ${words(60)}` },
    ];
    const result = await findReprints(docs);
    const text = new Map(docs.map((d) => [d.id, d.text]));
    const norm = (s: string): string => normalize(s).text;
    expect(result.pairs.some((p) => p.a.doc === 'second' && p.b.doc === 'quoter')).toBe(true);
    for (const p of result.pairs) {
      const a = norm(text.get(p.a.doc)!.slice(p.a.start, p.a.end));
      const b = norm(text.get(p.b.doc)!.slice(p.b.start, p.b.end));
      // Every reported pair holds the same text on both sides (these copies are exact).
      expect(a, `${p.a.doc} ↔ ${p.b.doc}`).toBe(b);
    }
  });
});
