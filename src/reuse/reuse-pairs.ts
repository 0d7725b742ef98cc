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
  gap: 10,
  minCosine: 0.35,
  minDensity: 0.4,
  minWords: 8,
  maxTermPairs: 16,
};

/** Share of a word-level pair (in both documents) the character path's pairs must cover for it to be left out. */
const PREFER_CHARS = 0.7;

/** A pair found by the word-level path. */
export interface ReorderedPair extends RawPair {
  reordered: true;
  /** tf-idf cosine of the two extents' words, and the least share of their words seeded. */
  cosine: number;
  density: number;
}

/** Pair `p` seen from document `doc`'s side: its span there, and the other side's. */
function sides(p: RawPair, x: number): [number, number, number, number] {
  return p.a === x ? [p.aStart, p.aEnd, p.bStart, p.bEnd] : [p.bStart, p.bEnd, p.aStart, p.aEnd];
}

/** Whether two pairs of the same documents overlap or lie within `gap` characters of each other in both. */
function near(p: RawPair, q: RawPair, gap: number): boolean {
  const [s1, e1, t1, f1] = sides(p, p.a);
  const [s2, e2, t2, f2] = sides(q, p.a);
  return Math.max(s1, s2) - Math.min(e1, e2) <= gap && Math.max(t1, t2) - Math.min(f1, f2) <= gap;
}

/** Widen pair `p` (oriented as given) over pair `q` of the same two documents. */
function widen(p: RawPair, q: RawPair): void {
  const [s, e, t, f] = sides(q, p.a);
  p.aStart = Math.min(p.aStart, s);
  p.aEnd = Math.max(p.aEnd, e);
  p.bStart = Math.min(p.bStart, t);
  p.bEnd = Math.max(p.bEnd, f);
}

/** Union length of the spans `[s, e)` (pairs of numbers) clipped to `[from, to)`. */
function unionInside(spans: [number, number][], from: number, to: number): number {
  const clipped = spans
    .map(([s, e]) => [Math.max(s, from), Math.min(e, to)] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = from;
  for (const [s, e] of clipped) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

/** Whether the character path's pairs `known` (same two documents) cover PREFER_CHARS of `p` on both sides. */
function covered(p: RawPair, known: readonly RawPair[]): boolean {
  if (known.length === 0) return false;
  const onA = known.map((k) => sides(k, p.a).slice(0, 2) as [number, number]);
  const onB = known.map((k) => sides(k, p.a).slice(2) as [number, number]);
  return (
    unionInside(onA, p.aStart, p.aEnd) >= PREFER_CHARS * (p.aEnd - p.aStart) &&
    unionInside(onB, p.bStart, p.bEnd) >= PREFER_CHARS * (p.bEnd - p.bStart)
  );
}

/**
 * The word-level pairs of the corpus, merged with the character path's: returns the character
 * pairs that no longer word-level pair swallows, plus the word-level pairs no character pair covers.
 */
export function reusePairs(corpus: Corpus, charPairs: RawPair[], params: ResolvedParams): RawPair[] {
  const normalizer = new Normalizer(params.normalization);
  const cache = new Map<number, number>();
  const words: (ContentWords | null)[] = corpus.docs.map((d, i) =>
    corpus.copyOf[i] >= 0 ? null : contentWords(normalizer.normalize(d.text).text, cache),
  );
  const index = new TermIndex(words);
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

  const aligner = new WordAligner({ ...WORD_PARAMS, minLength: params.minLength }, index.weights());
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
      aligner.setA(index.docTerms[x]);
      norms.clear();
      indexed = x;
    }
    const chars = (w: ContentWords) => (from: number, to: number) => w.ends[to] - w.starts[from];
    const alignments = aligner.align(index.docTerms[y], chars(B), chars(A));
    if (alignments.length === 0) continue;
    const na = norm(x);
    const nb = norm(y);
    const known = byPair.get(x * corpus.size + y) ?? [];
    const mine: ReorderedPair[] = [];
    const joins: RawPair[] = [];
    for (const al of alignments) {
      const [aStart, aEnd] = originalSpan(corpus.docs[x].text, na, A.starts[al.aFrom], A.ends[al.aTo]);
      const [bStart, bEnd] = originalSpan(corpus.docs[y].text, nb, B.starts[al.bFrom], B.ends[al.bTo]);
      const pair: ReorderedPair = { a: x, aStart, aEnd, b: y, bStart, bEnd, similarity: 0, reordered: true, cosine: al.cosine, density: al.density };
      if (!covered(pair, known)) {
        mine.push(pair);
        continue;
      }
      // Mostly found by the character path already: when it bridges two or more of its passages
      // (an edited passage cut at its costliest gaps), those join into one edited passage.
      const touching = known.filter((k) => !dropped.has(k) && near(pair, k, params.maxGap));
      if (touching.length < 2) continue;
      const joined: RawPair = { a: x, aStart: Infinity, aEnd: -1, b: y, bStart: Infinity, bEnd: -1, similarity: 0 };
      for (const k of touching) {
        widen(joined, k);
        dropped.add(k);
      }
      joins.push(joined);
    }
    // A word-level passage absorbs every passage of the pair touching it (within maxGap) in both documents.
    const others: RawPair[] = [...known, ...joins];
    for (let changed = true; changed; ) {
      changed = false;
      for (const w of mine) {
        if (dropped.has(w)) continue;
        for (const q of [...others, ...mine]) {
          if (q === w || dropped.has(q) || !near(w, q, params.maxGap)) continue;
          widen(w, q);
          dropped.add(q);
          changed = true;
        }
      }
    }
    for (const w of [...joins, ...mine]) {
      if (dropped.has(w)) continue;
      const tx = normalizer.normalize(corpus.docs[x].text.slice(w.aStart, w.aEnd)).text;
      const ty = normalizer.normalize(corpus.docs[y].text.slice(w.bStart, w.bEnd)).text;
      w.similarity = similarity(tx, ty);
      found.push(w);
    }
  }
  return charPairs.filter((p) => !dropped.has(p)).concat(found);
}
