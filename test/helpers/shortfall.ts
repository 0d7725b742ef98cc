/** Test helper: how far a reported pair's spans fall short of the similarity it reports. */
import levenshtein from 'fast-levenshtein';
import { normalize } from '../../src/normalize.js';
import type { ReprintsResult } from '../../src/types.js';

/**
 * How far the two spans of pair `i` fall short of matching as well as the pair says: the reported
 * similarity, less what leaving out a partial word at each end may cost (up to 13 characters per
 * end, on either side: 52 of the shorter span), minus the similarity of the spans' normalized texts
 * (1 − Levenshtein / longer length). ≤ 0 for a pair whose spans hold the text that was aligned.
 */
export function shortfall(r: ReprintsResult, texts: Map<string, string>, i: number): number {
  const p = r.pairs[i];
  const a = normalize(texts.get(p.a.doc)!.slice(p.a.start, p.a.end)).text;
  const b = normalize(texts.get(p.b.doc)!.slice(p.b.start, p.b.end)).text;
  const similarity = 1 - levenshtein.get(a, b) / Math.max(a.length, b.length, 1);
  return p.similarity - 52 / Math.min(a.length, b.length) - similarity;
}
