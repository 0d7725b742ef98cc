/**
 * Reuse mode — content words of a normalized text, for the word-level (order-insensitive) path.
 *
 * A word is a maximal run of non-space units of the normalized text (the normalizer already folded
 * case, Arabic letter variants, digits and punctuation to one space). Stopwords (Arabic and English
 * function words, one table each below) are left out; every other word is stemmed lightly — Arabic:
 * a conjunction/preposition + article prefix and a pronoun/plural suffix (Larkey's light10 idea);
 * English: plural and verb endings — and hashed to a 32-bit term id. What is kept, per content word:
 * its term id and its `[start, end)` in normalized units, in typed arrays.
 */

/**
 * Arabic function words (normalized: alef forms folded to ا, ى → ي, ة → ه). Prepositions,
 * conjunctions, pronouns, demonstratives, relatives, particles and the commonest auxiliaries.
 */
const ARABIC_STOPWORDS = `
في من الي علي عن مع عند منذ حتي بين دون خلال ضد نحو لدي لدى حول قبل بعد فوق تحت امام خلف اثناء عبر
و او ام ثم بل لكن لكن ف ان انه انها انهم ان كان كانت كانوا يكون تكون يكونوا ليس ليست لم لن لا ما ماذا
قد لقد كما كذلك ايضا اي اذا اذ اذا لو لولا الا غير سوي حيث كيف متي اين هل هذا هذه هذان هاتان هؤلاء ذلك
تلك اولئك هنا هناك الذي التي الذين اللذان اللتان اللواتي اللاتي اللائي هو هي هم هن هما انا نحن انت انتم
انتن له لها لهم لهن لنا لي لك لكم به بها بهم فيه فيها فيهم منه منها منهم عليه عليها عليهم اليه اليها
عنه عنها كل بعض جميع اكثر اقل اي ايه مثل مما ممن عما فيما بما لما كلما انما ربما حين بينما وقد وقال
قال وان وكان وهو وهي وفي ومن ولا وما ولم او يا اما وهذا وهذه وذلك التي والتي الذي والذي
`;

/** English function words. */
const ENGLISH_STOPWORDS = `
a an the and or but nor so yet for of in on at to from by with about as into onto upon over under
between through during before after above below up down out off than then once here there when where
why how all any both each few more most other some such no not only own same too very can will just
should would could may might must shall do does did doing done have has had having be is am are was
were been being it its itself he him his himself she her hers herself they them their theirs we us our
ours you your yours i me my mine this that these those who whom whose which what whatever while if
because until against again further also s t said says
`;

function wordSet(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter((w) => w.length > 0));
}

const STOP = new Set([...wordSet(ARABIC_STOPWORDS), ...wordSet(ENGLISH_STOPWORDS)]);

/** Arabic prefixes, longest first: conjunction/preposition + article, the article, lam-lam. */
const ARABIC_PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
/** Arabic suffixes, longest first: pronoun and plural endings (ة already folded to ه). */
const ARABIC_SUFFIXES = ['هما', 'كما', 'تين', 'ات', 'ان', 'ون', 'ين', 'يه', 'ها', 'هم', 'ه', 'ي'];

function isArabicLetter(c: number): boolean {
  return c >= 0x0620 && c <= 0x06ff;
}

/** Light Arabic stem: one prefix (keeping ≥ 2 letters), a leading و, one suffix (keeping ≥ 2 letters). */
export function arabicStem(w: string): string {
  for (const p of ARABIC_PREFIXES) {
    if (w.length - p.length >= 2 && w.startsWith(p)) {
      w = w.slice(p.length);
      break;
    }
  }
  if (w.length > 3 && w.charCodeAt(0) === 0x0648) w = w.slice(1); // و
  for (const s of ARABIC_SUFFIXES) {
    if (w.length - s.length >= 2 && w.endsWith(s)) {
      w = w.slice(0, -s.length);
      break;
    }
  }
  return w;
}

/** Light English stem: plural and common verb endings. */
export function englishStem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && (w.endsWith('ches') || w.endsWith('shes') || w.endsWith('sses') || w.endsWith('xes'))) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1);
  return w;
}

/** Stem of one normalized word by its script (first letter), or `null` for a stopword. */
export function contentStem(w: string): string | null {
  if (STOP.has(w)) return null;
  const stem = isArabicLetter(w.charCodeAt(0)) ? arabicStem(w) : englishStem(w);
  return STOP.has(stem) ? null : stem;
}

/** 32-bit hash of a term (polynomial over UTF-16 units, xor-shift-multiply finalizer). */
function termHash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** The content words of one normalized text, in order. */
export interface ContentWords {
  /** Term id of each content word (its light stem, hashed). */
  terms: Uint32Array;
  /** `[starts[i], ends[i])`: content word i in normalized units. */
  starts: Int32Array;
  ends: Int32Array;
}

/**
 * Content words of a normalized text: words split at spaces, stopwords and one-letter words left
 * out, the rest stemmed lightly and hashed. A cache (owned by the caller) maps each distinct word (by
 * a 53-bit hash of its units) to its term id (0 for a stopword), so each distinct word is stemmed once.
 */
export function contentWords(text: string, cache: Map<number, number>): ContentWords {
  const terms: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 0x20) i++;
    const s = i;
    // Two 32-bit hashes of the word's units, as one cache key (< 2^53): no string for a word seen before.
    let h1 = 0x811c9dc5 | 0;
    let h2 = 0x2545f491 | 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20) break;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      i++;
    }
    if (i - s < 2) continue;
    const key = (h1 >>> 0) * 0x200000 + ((h2 >>> 11) & 0x1fffff);
    let id = cache.get(key);
    if (id === undefined) {
      const stem = contentStem(text.slice(s, i));
      id = stem === null || stem.length < 2 ? 0 : termHash(stem) || 1;
      cache.set(key, id);
    }
    if (id === 0) continue;
    terms.push(id);
    starts.push(s);
    ends.push(i);
  }
  return { terms: Uint32Array.from(terms), starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}
