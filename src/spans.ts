/**
 * Stage 4 (align) — aligned spans back in the original text.
 *
 * An alignment is found on normalized text; a reported span is in original UTF-16 offsets. A partial
 * word at either end is left out (an alignment can start on the last letter of a word when that
 * letter happens to match), the span is mapped through the offset map, then widened over the
 * punctuation that touches it, so a reported quote keeps its quotation marks.
 */
import { toOriginal, type Normalized } from './normalize.js';

/** Furthest a span end moves to leave a partial word out. */
export const WORD_SNAP = 12;

const OPENING = /[\p{Ps}\p{Pi}\p{Pf}"'«]/u;
/** What normalization folds away but belongs to the letter before it: combining marks (Arabic harakat, tanween, shadda), tatweel, joiners. */
const ATTACHED = /[\p{M}\u0640\u200c\u200d]/u;
const CLOSING = /[\p{Pe}\p{Pf}\p{Pi}\p{Po}"'»]/u;

/**
 * Widen an original span over what belongs to its last letter (combining marks such as Arabic
 * diacritics, tatweel, joiners: normalization folds them away, so the offset map ends the span before
 * them) and over the punctuation that touches it (opening quotes and brackets before, closing quotes,
 * brackets and stops after), so a reported quote keeps its quotation marks and its last word's vowels.
 */
export function widenToMarksAndPunctuation(text: string, start: number, end: number): [number, number] {
  if (end > start) while (end < text.length && ATTACHED.test(text[end])) end++;
  while (start > 0 && OPENING.test(text[start - 1])) start--;
  while (end < text.length && CLOSING.test(text[end])) end++;
  return [start, end];
}

/**
 * A span of normalized text without a partial word at either end (an alignment can start on the
 * last letter of a word when that letter happens to match): an end inside a word moves to the
 * nearest space within the span, at most `WORD_SNAP` characters away; with no such space it stays.
 * The aligner reports snapped spans and scores exactly those, so mapping them back changes nothing
 * but the offsets.
 */
export function snapToWords(t: string, start: number, end: number): [number, number] {
  const isSpace = (i: number): boolean => t.charCodeAt(i) === 0x20;
  if (start > 0 && !isSpace(start - 1) && !isSpace(start)) {
    let s = start;
    while (s < end && s - start <= WORD_SNAP && !isSpace(s)) s++;
    if (s < end && isSpace(s)) start = s + 1;
  }
  if (end < t.length && !isSpace(end) && !isSpace(end - 1)) {
    let e = end;
    while (e > start && end - e <= WORD_SNAP && !isSpace(e - 1)) e--;
    if (e > start && isSpace(e - 1)) end = e - 1;
  }
  return [start, end];
}

/**
 * A normalized span `[start, end)` of a document as an original span: a partial word at either end
 * is left out (`snapToWords`), then the span is mapped back and widened over touching punctuation.
 * @param original - the document's original text
 * @param norm - its normalized text with the offset map
 */
export function originalSpan(original: string, norm: Normalized, start: number, end: number): [number, number] {
  const [s, e] = toOriginal(norm, ...snapToWords(norm.text, start, end));
  return widenToMarksAndPunctuation(original, s, e);
}
