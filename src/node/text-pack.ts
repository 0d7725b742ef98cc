/**
 * A one-byte-per-character form of a text, for storing texts compressed (the persistent index).
 *
 * Most texts of a corpus are written in one script, whose letters lie in one block of 128 code
 * points (Arabic U+0600–U+067F, Cyrillic, Greek, Hebrew …) and take two or three bytes each in UTF-8.
 * Deflate codes bytes, so it sees a two-byte letter as two symbols; written as one byte each, the
 * same Arabic news compress to 27 MB instead of 37 MB (SaudiNewsNet), and faster (half the bytes).
 *
 * Layout: two bytes (little-endian) naming the block of the text's most frequent non-ASCII code
 * point (0xffff: none), then one byte per code point: U+0000–U+007E as itself, a code point of the
 * block as 0x80 + its offset in the block, anything else as 0x7f followed by the code point in
 * UTF-8 (lone surrogates included, as three bytes), so every string comes back exactly.
 */

const ESCAPE = 0x7f;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });
const NO_BLOCK = 0xffff;

/** The block (code point >> 7) of the most frequent non-ASCII code point, or {@link NO_BLOCK}. */
function mainBlock(text: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    const cp = text.codePointAt(i) as number;
    if (cp > 0xffff) i++;
    const block = cp >> 7;
    counts.set(block, (counts.get(block) ?? 0) + 1);
  }
  let best = NO_BLOCK;
  let most = 0;
  for (const [block, n] of counts) {
    if (n > most || (n === most && block < best)) {
      best = block;
      most = n;
    }
  }
  return best;
}

/** Pack `text` (see the module comment). */
export function packText(text: string): Uint8Array {
  const block = mainBlock(text);
  const out = new Uint8Array(2 + text.length * 4);
  out[0] = block & 0xff;
  out[1] = block >> 8;
  let o = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i) as number;
    if (c > 0xffff) i++;
    if (c < ESCAPE) out[o++] = c;
    else if (c >> 7 === block) out[o++] = 0x80 | (c & 0x7f);
    else {
      out[o++] = ESCAPE;
      if (c < 0x80) out[o++] = c;
      else if (c < 0x800) {
        out[o++] = 0xc0 | (c >> 6);
        out[o++] = 0x80 | (c & 0x3f);
      } else if (c < 0x10000) {
        out[o++] = 0xe0 | (c >> 12);
        out[o++] = 0x80 | ((c >> 6) & 0x3f);
        out[o++] = 0x80 | (c & 0x3f);
      } else {
        out[o++] = 0xf0 | (c >> 18);
        out[o++] = 0x80 | ((c >> 12) & 0x3f);
        out[o++] = 0x80 | ((c >> 6) & 0x3f);
        out[o++] = 0x80 | (c & 0x3f);
      }
    }
  }
  return out.subarray(0, o);
}

/** The text {@link packText} packed. */
export function unpackText(bytes: Uint8Array): string {
  if (bytes.length < 2) throw new Error(`packed text of ${bytes.length} bytes has no header`);
  const base = (bytes[0] | (bytes[1] << 8)) << 7;
  const units = new Uint16Array(bytes.length * 2);
  let u = 0;
  // A lone surrogate (from the block or escaped) must come back as it was: TextDecoder would replace it.
  let lone = false;
  for (let i = 2; i < bytes.length; ) {
    const b = bytes[i++];
    let c: number;
    if (b < ESCAPE) c = b;
    else if (b >= 0x80) c = base | (b & 0x7f);
    else {
      const lead = bytes[i++];
      if (lead < 0x80) c = lead;
      else if (lead < 0xe0) c = ((lead & 0x1f) << 6) | (bytes[i++] & 0x3f);
      else if (lead < 0xf0) {
        c = ((lead & 0x0f) << 12) | ((bytes[i] & 0x3f) << 6) | (bytes[i + 1] & 0x3f);
        i += 2;
      } else {
        c = ((lead & 0x07) << 18) | ((bytes[i] & 0x3f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
        i += 3;
      }
    }
    if (c > 0xffff) {
      c -= 0x10000;
      units[u++] = 0xd800 | (c >> 10);
      units[u++] = 0xdc00 | (c & 0x3ff);
    } else {
      if (c >= 0xd800 && c < 0xe000) lone = true;
      units[u++] = c;
    }
  }
  if (!lone && LITTLE_ENDIAN) return UTF16.decode(units.subarray(0, u));
  let out = '';
  for (let s = 0; s < u; s += 8192) out += String.fromCharCode(...units.subarray(s, Math.min(u, s + 8192)));
  return out;
}
