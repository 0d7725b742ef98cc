/**
 * A seeded synthetic news corpus with planted reprints and their ground truth, for accuracy at scale
 * and for cost growth (1k … 1M documents).
 *
 * Documents look like agency news: a headline line, a dateline line, then 2–6 paragraphs of 1–4
 * sentences (~1,000 characters). Sentences are real — drawn without replacement from a pool split out of
 * SaudiNewsNet (or the seed articles) — until the pool runs out; after that, sentences are generated from
 * the pool's real word list by frequency (unigram draws), so no two documents share a passage by chance.
 *
 * Planted reprints of an earlier *original* document (one published in another series):
 *  - `article`: the whole body (what is kept: ≥ 200 characters) reprinted under a new headline and
 *    dateline, its last (sometimes also its first) sentence trimmed, with punctuation and diacritic changes, tatweel, and a few word substitutions;
 *  - `paragraph`: one paragraph (≥ 200 characters) quoted inside an otherwise new document, lightly edited.
 * Each original is reprinted at most once and copies are never reprinted, so the planted pairs are the
 * only reprint pairs (up to accidental near-duplicates in the real sentence pool). Truth spans are UTF-16
 * offsets of the final texts: the copied part of the source and the edited part of the copy.
 */
import type { ReprintDocument } from '../src/index.js';
import type { Annotation } from './pan-measures.js';
import { splitmix32, type Rng } from './prng.js';

export interface SentencePool {
  /** Real sentences, de-duplicated, in a fixed order. */
  sentences: string[];
  /** Real word tokens with repetition (drawing uniformly from it draws by corpus frequency). */
  words: string[];
}

/** A planted reprint: `this*` is the copy, `source*` the original. */
export interface PlantedReprint extends Annotation {
  kind: 'article' | 'paragraph';
}

export interface SyntheticOptions {
  docs: number;
  seed: number;
  pool: SentencePool;
  /** Share of documents that reprint a whole earlier article. */
  articleRate?: number;
  /** Share of documents that quote one paragraph of an earlier article. */
  paragraphRate?: number;
  /** How many recent originals are kept as reprint sources (bounds memory at any size). */
  recent?: number;
}

export interface SyntheticCorpus {
  /** Documents, generated lazily (stream them; 1M documents are never all in memory here). */
  documents: Iterable<ReprintDocument>;
  /** Planted reprints, filled in as documents are generated. */
  truth: PlantedReprint[];
  /** Counts, filled in as documents are generated. */
  stats: { documents: number; chars: number; realSentences: number; generatedSentences: number };
}

const OUTLETS = ['was', 'alriyadh', 'okaz', 'aawsat', 'alwatan', 'aljazirah', 'almadina', 'alyaum', 'sabq', 'aleqtisadiya'];
const CITIES = ['الرياض', 'جدة', 'مكة المكرمة', 'الدمام', 'المدينة المنورة', 'أبها', 'تبوك', 'القاهرة', 'دبي', 'عمّان'];
const AGENCIES = ['واس', 'رويترز', 'أ ف ب', 'د ب أ', 'الوطن', 'عكاظ', 'سبق', 'الشرق الأوسط'];
/** Punctuation swaps a reprinting desk typically makes (either direction). */
const PUNCTUATION: Array<[string, string]> = [
  ['،', ','],
  ['؛', ';'],
  ['؟', '?'],
  ['"', '«'],
  ['.', ' .'],
];
const HARAKAT = ['\u064E', '\u064F', '\u0650', '\u0651', '\u0652', '\u064B'];
/**
 * Shortest planted reprint, original characters: comfortably above the engine's default minLength (150
 * normalized characters), so a miss is the engine's and not the definition's.
 */
const MIN_PLANTED = 200;
const SENTENCE_SPLIT = /(?<=[.!?؟])\s+|\n+/;
const ARABIC_LETTER = /[\u0621-\u064A]/;

/** Skeleton of a word for near-duplicate tests: letters only, common Arabic letter variants folded. */
function wordKey(w: string): string {
  return w
    .replace(/[^\u0621-\u063A\u0641-\u064A\p{L}\p{N}]/gu, '')
    .replace(/[أإآ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه');
}

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Split texts into a pool of sentences (30–300 chars) and their words. SaudiNewsNet is full of
 * natural reprints, so a sentence sharing a fifth or more of its word trigrams with an accepted one is
 * dropped: otherwise two "unrelated" synthetic documents would share agency copy and the engine would
 * rightly report it, as a false positive against the planted truth.
 */
export function buildPool(texts: Iterable<string>, maxSentences = 200_000): SentencePool {
  const builder = poolBuilder(maxSentences);
  for (const text of texts) if (!builder.add(text)) break;
  return builder.pool;
}

/** The same, one text at a time (so a corpus can stream through); `add` returns false once full. */
export function poolBuilder(maxSentences = 200_000): { pool: SentencePool; add(text: string): boolean } {
  const pool: SentencePool = { sentences: [], words: [] };
  const seen = new Set<number>();
  // One string per distinct word: the pool holds millions of tokens of a few hundred thousand words.
  const distinct = new Map<string, string>();
  const word = (w: string): string => {
    const known = distinct.get(w);
    if (known !== undefined) return known;
    distinct.set(w, w);
    return w;
  };
  const add = (text: string): boolean => {
    for (const raw of text.split(SENTENCE_SPLIT)) {
      if (pool.sentences.length >= maxSentences) return false;
      const s = raw.trim();
      if (s.length < 30 || s.length > 300 || !ARABIC_LETTER.test(s)) continue;
      const keys = s.split(/\s+/).map(wordKey).filter(Boolean);
      const grams: number[] = [];
      for (let i = 0; i + 3 <= keys.length; i++) grams.push(fnv1a(`${keys[i]} ${keys[i + 1]} ${keys[i + 2]}`));
      if (grams.length === 0) continue;
      let shared = 0;
      for (const g of grams) if (seen.has(g)) shared++;
      if (shared >= 0.2 * grams.length) continue;
      for (const g of grams) seen.add(g);
      // A copy of its own: a sentence cut from an article would otherwise keep the whole article.
      const own = JSON.parse(JSON.stringify(s)) as string;
      pool.sentences.push(own);
      for (const w of own.split(/\s+/)) if (ARABIC_LETTER.test(w)) pool.words.push(word(w.replace(/[.,،:;؛"«»”“()]/g, '')));
    }
    return pool.sentences.length < maxSentences;
  };
  return { pool, add };
}

/** Fisher–Yates shuffle of a copy. */
function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A recent original kept as a possible reprint source. */
interface Original {
  id: string;
  series: string;
  text: string;
  /** UTF-16 span of the body (paragraphs), and of each sentence and paragraph in it. */
  body: [number, number];
  sentences: Array<[number, number]>;
  paragraphs: Array<[number, number]>;
}

/** Apply a reprinting desk's light edits to a passage. `substitutions`: words replaced. */
function editPassage(text: string, rng: Rng, pool: SentencePool, substitutions: number): string {
  const words = text.split(' ');
  for (let n = 0; n < substitutions && words.length > 4; n++) {
    const i = rng.int(words.length);
    if (ARABIC_LETTER.test(words[i])) words[i] = rng.pick(pool.words);
  }
  let out = words.join(' ');
  // Punctuation: swap one or two kinds.
  for (let n = rng.int(3); n > 0; n--) {
    const [a, b] = rng.pick(PUNCTUATION);
    out = rng.chance(0.5) ? out.split(a).join(b) : out.split(b).join(a);
  }
  // Diacritics: add a haraka after a few letters, or drop all of them.
  if (rng.chance(0.3)) out = out.replace(/[\u064B-\u0652]/g, '');
  const chars = out.split('');
  for (let n = rng.int(6); n > 0; n--) {
    const i = rng.int(chars.length);
    if (ARABIC_LETTER.test(chars[i])) chars[i] += rng.chance(0.85) ? rng.pick(HARAKAT) : '\u0640';
  }
  return chars.join('');
}

/** Generate the corpus. Deterministic for a given seed and pool. */
export function generateCorpus(options: SyntheticOptions): SyntheticCorpus {
  const { docs, seed, pool } = options;
  const articleRate = options.articleRate ?? 0.08;
  const paragraphRate = options.paragraphRate ?? 0.08;
  const recentMax = options.recent ?? 2000;
  if (pool.words.length === 0) throw new Error('synthetic: the sentence pool has no words');
  const truth: PlantedReprint[] = [];
  const stats = { documents: 0, chars: 0, realSentences: 0, generatedSentences: 0 };

  function* documents(): Generator<ReprintDocument> {
    // Iterating again regenerates the same documents: start the truth and counts afresh.
    truth.length = 0;
    Object.assign(stats, { documents: 0, chars: 0, realSentences: 0, generatedSentences: 0 });
    const rng = splitmix32(seed);
    const real = shuffled(pool.sentences, rng);
    let nextReal = 0;
    const recent: Original[] = [];
    const base = Date.UTC(2015, 6, 21);

    const sentence = (): string => {
      if (nextReal < real.length) {
        stats.realSentences++;
        return real[nextReal++];
      }
      stats.generatedSentences++;
      const n = rng.range(8, 24);
      const ws: string[] = [];
      for (let i = 0; i < n; i++) ws.push(rng.pick(pool.words));
      return ws.join(' ') + (rng.chance(0.8) ? '.' : '،');
    };
    const headline = (): string => {
      const ws: string[] = [];
      for (let i = rng.range(5, 10); i > 0; i--) ws.push(rng.pick(pool.words));
      return ws.join(' ');
    };
    const dateline = (): string => `${rng.pick(CITIES)} - ${rng.pick(AGENCIES)}`;

    /** Lay out paragraphs (arrays of sentences) and record offsets. */
    const layout = (head: string, line: string, paragraphs: string[][]) => {
      let text = `${head}\n${line}\n`;
      const bodyStart = text.length;
      const sentences: Array<[number, number]> = [];
      const paras: Array<[number, number]> = [];
      paragraphs.forEach((p, pi) => {
        if (pi > 0) text += '\n';
        const ps = text.length;
        p.forEach((s, si) => {
          if (si > 0) text += ' ';
          sentences.push([text.length, text.length + s.length]);
          text += s;
        });
        paras.push([ps, text.length]);
      });
      return { text, body: [bodyStart, text.length] as [number, number], sentences, paragraphs: paras };
    };

    const newParagraphs = (): string[][] => {
      const out: string[][] = [];
      for (let p = rng.range(2, 6); p > 0; p--) {
        const para: string[] = [];
        for (let s = rng.range(1, 4); s > 0; s--) para.push(sentence());
        out.push(para);
      }
      return out;
    };

    /** Take a source from the recent originals (another series), never reusing it. */
    const takeSource = (series: string, accept: (o: Original) => boolean): Original | undefined => {
      for (let tries = 0; tries < 8 && recent.length > 0; tries++) {
        const i = rng.int(recent.length);
        const o = recent[i];
        if (o.series === series || !accept(o)) continue;
        recent[i] = recent[recent.length - 1];
        recent.pop();
        return o;
      }
      return undefined;
    };

    for (let i = 0; i < docs; i++) {
      const id = `syn-${String(i).padStart(7, '0')}`;
      const series = rng.pick(OUTLETS);
      const date = new Date(base + i * 60_000).toISOString();
      const roll = rng.next();
      let doc: ReprintDocument | undefined;

      if (roll < articleRate) {
        // Trim the last sentence, sometimes also the first; keep the rest of the body.
        const first = rng.chance(0.3) ? 1 : 0;
        const keptSpan = (o: Original) => o.sentences[o.sentences.length - 2][1] - o.sentences[first][0];
        const src = takeSource(series, (o) => o.sentences.length >= 3 && keptSpan(o) >= MIN_PLANTED);
        if (src) {
          const kept = src.sentences.slice(first, src.sentences.length - 1);
          const from = kept[0][0];
          const to = kept[kept.length - 1][1];
          const copied = editPassage(src.text.slice(from, to), rng, pool, rng.range(0, 3));
          const prefix = `${headline()}\n${dateline()}\n`;
          const text = prefix + copied;
          doc = { id, series, date, text };
          truth.push({
            kind: 'article',
            thisRef: id,
            thisOffset: prefix.length,
            thisLength: copied.length,
            sourceRef: src.id,
            sourceOffset: from,
            sourceLength: to - from,
          });
        }
      } else if (roll < articleRate + paragraphRate) {
        const long = (p: [number, number]) => p[1] - p[0] >= MIN_PLANTED;
        const src = takeSource(series, (o) => o.paragraphs.some(long));
        if (src) {
          const candidates = src.paragraphs.filter(long);
          const [from, to] = rng.pick(candidates);
          const quoted = editPassage(src.text.slice(from, to), rng, pool, rng.range(0, 1));
          const paragraphs = newParagraphs();
          const at = rng.int(paragraphs.length + 1);
          paragraphs.splice(at, 0, [quoted]);
          const laid = layout(headline(), dateline(), paragraphs);
          doc = { id, series, date, text: laid.text };
          const start = laid.paragraphs[at][0];
          truth.push({
            kind: 'paragraph',
            thisRef: id,
            thisOffset: start,
            thisLength: quoted.length,
            sourceRef: src.id,
            sourceOffset: from,
            sourceLength: to - from,
          });
        }
      }

      if (!doc) {
        const laid = layout(headline(), dateline(), newParagraphs());
        doc = { id, series, date, text: laid.text };
        recent.push({ id, series, text: laid.text, body: laid.body, sentences: laid.sentences, paragraphs: laid.paragraphs });
        if (recent.length > recentMax) recent.splice(rng.int(recent.length), 1);
      }
      stats.documents++;
      stats.chars += doc.text.length;
      yield doc;
    }
  }

  return { documents: { [Symbol.iterator]: documents }, truth, stats };
}
