import { describe, expect, it } from 'vitest';
import { normalize } from '../src/normalize.js';
import { findReprints } from '../src/pipeline.js';
import { prng, vocabulary } from './helpers/prng.js';

const VOCAB = vocabulary(prng(7));
const r = prng(8);
const words = (n: number): string => Array.from({ length: n }, () => VOCAB[Math.floor(r() * VOCAB.length)]).join(' ');

describe('pair alignment', () => {
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
