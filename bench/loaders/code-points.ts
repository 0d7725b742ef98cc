/**
 * PAN-style annotations count characters of the UTF-8-decoded file, i.e. Unicode code points (Python's
 * `len(open(f).read())`); JavaScript strings count UTF-16 code units. They coincide unless the text
 * holds astral characters (surrogate pairs), so the converter is the identity in the common case.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** A function mapping a code-point offset of `text` to its UTF-16 offset (offsets past the end clamp). */
export function codePointToUtf16(text: string): (offset: number) => number {
  if (!SURROGATE.test(text)) return (offset) => Math.min(offset, text.length);
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    map.push(i);
    const c = text.charCodeAt(i);
    // A well-formed high surrogate followed by a low surrogate is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  map.push(text.length);
  return (offset) => (offset >= map.length ? text.length : map[offset]);
}

/** Convert a code-point span [offset, offset + length) of `text` to a UTF-16 span. */
export function spanToUtf16(
  toUtf16: (offset: number) => number,
  offset: number,
  length: number,
): { offset: number; length: number } {
  const start = toUtf16(offset);
  return { offset: start, length: toUtf16(offset + length) - start };
}
