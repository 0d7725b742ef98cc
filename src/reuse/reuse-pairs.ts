/**
 * Reuse mode (`mode: 'reuse'`) — stage 4b, the word-level path beside the character path.
 *
 * Character shingles do not survive word shuffling, and survive phrase shuffling and synonyms only
 * in pieces. This stage adds order-insensitive evidence: every document's content words
 * (`words.ts`), candidate pairs whose documents contain most of a window of each other's words
 * (`word-candidates.ts`) together with the pairs the character path aligned, and a word-level
 * alignment of each (`word-align.ts`). A word-level passage the character path already covers is
 * left out; a character-path passage lying inside a longer word-level one gives way to it. Passages
 * found here are `reordered` (their reported similarity is still that of the reported spans:
 * 1 − Levenshtein / longer length, low for shuffled text).
 */
import type { RawPair } from '../cluster.js';
import type { Corpus } from '../corpus.js';
import { Normalizer, type Normalized } from '../normalize.js';
import { similarity } from '../similarity.js';
import { originalSpan } from '../spans.js';
import type { ResolvedParams } from '../types.js';
import { WordAligner, type WordAlignParams } from './word-align.js';
import { TermIndex } from './word-candidates.js';
import { contentWords, type ContentWords } from './words.js';

/** Word-level alignment parameters (content words; see `word-align.ts`). */
const WORD_PARAMS: Omit<WordAlignParams, 'minLength'> = {
  gap: 8,
  minCosine: 0.5,
  minWords: 8,
  maxTermPairs: 16,
};

/** Share of a span (in both documents) another pair's spans must cover for one to give way. */
const COVERED = 0.8;

/** A pair found by the word-level path. */
export interface ReorderedPair extends RawPair {
  reordered: true;
}

/** Overlap of `[s, e)` with `[s2, e2)`. */
function overlap(s: number, e: number, s2: number, e2: number): number {
  return Math.max(0, Math.min(e, e2) - Math.max(s, s2));
}

/** Pair `p` seen from document `doc`'s side: its span there, and the other side's. */
function sides(p: RawPair, x: number): [number, number, number, number] {
  return p.a === x ? [p.aStart, p.aEnd, p.bStart, p.bEnd] : [p.bStart, p.bEnd, p.aStart, p.aEnd];
}

/** Whether `inner` lies (COVERED of both spans) inside `outer` (same two documents). */
function inside(inner: RawPair, outer: RawPair): boolean {
  const [s1, e1, t1, f1] = sides(inner, inner.a);
  const [s2, e2, t2, f2] = sides(outer, inner.a);
  return overlap(s1, e1, s2, e2) >= COVERED * (e1 - s1) && overlap(t1, f1, t2, f2) >= COVERED * (f1 - t1);
}

/**
 * The word-level pairs of the corpus, merged with the character path's: returns the character
 * pairs that no longer word-level pair swallows, plus the word-level pairs no character pair covers.
 */
export function reusePairs(corpus: Corpus, charPairs: RawPair[], params: ResolvedParams): RawPair[] {
  const normalizer = new Normalizer(params.normalization);
  const cache = new Map<string, number>();
  const words: (ContentWords | null)[] = corpus.docs.map((d, i) =>
    corpus.copyOf[i] >= 0 ? null : contentWords(normalizer.normalize(d.text).text, cache),
  );
  const index = new TermIndex(words);
  const n = index.documents;
  // Candidate pairs: the word-level ones and every pair the character path aligned.
  const cand = index.candidates(corpus.acceptPair);
  const keys = new Set<number>();
  const list: [number, number][] = [];
  const add = (x: number, y: number): void => {
    if (x > y) [x, y] = [y, x];
    const key = x * corpus.size + y;
    if (!keys.has(key)) {
      keys.add(key);
      list.push([x, y]);
    }
  };
  for (let k = 0; k < cand.length; k += 2) add(cand[k], cand[k + 1]);
  for (const p of charPairs) if (words[p.a] && words[p.b]) add(p.a, p.b);
  list.sort((p, q) => p[0] - q[0] || p[1] - q[1]);

  const aligner = new WordAligner({ ...WORD_PARAMS, minLength: params.minLength }, (t) => index.weightOf(t, n));
  const byPair = new Map<number, RawPair[]>();
  for (const p of charPairs) {
    const key = Math.min(p.a, p.b) * corpus.size + Math.max(p.a, p.b);
    let l = byPair.get(key);
    if (!l) byPair.set(key, (l = []));
    l.push(p);
  }
  const norms = new Map<number, Normalized>();
  const norm = (doc: number): Normalized => {
    let v = norms.get(doc);
    if (!v) norms.set(doc, (v = normalizer.normalize(corpus.docs[doc].text)));
    return v;
  };
  const found: RawPair[] = [];
  const dropped = new Set<RawPair>();
  let indexed = -1;
  for (const [x, y] of list) {
    const A = words[x] as ContentWords;
    const B = words[y] as ContentWords;
    if (x !== indexed) {
      aligner.setA(A);
      norms.clear();
      indexed = x;
    }
    const chars = (w: ContentWords) => (from: number, to: number) => w.ends[to] - w.starts[from];
    const alignments = aligner.align(B, chars(B), chars(A));
    if (alignments.length === 0) continue;
    const na = norm(x);
    const nb = norm(y);
    const known = byPair.get(x * corpus.size + y) ?? [];
    for (const al of alignments) {
      const as = A.starts[al.aFrom];
      const ae = A.ends[al.aTo];
      const bs = B.starts[al.bFrom];
      const be = B.ends[al.bTo];
      const [aStart, aEnd] = originalSpan(corpus.docs[x].text, na, as, ae);
      const [bStart, bEnd] = originalSpan(corpus.docs[y].text, nb, bs, be);
      const pair: ReorderedPair = {
        a: x,
        aStart,
        aEnd,
        b: y,
        bStart,
        bEnd,
        similarity: similarity(na.text.slice(as, ae), nb.text.slice(bs, be)),
        reordered: true,
      };
      if (known.some((k) => inside(pair, k))) continue;
      for (const k of known) if (inside(k, pair)) dropped.add(k);
      found.push(pair);
    }
  }
  return charPairs.filter((p) => !dropped.has(p)).concat(found);
}
