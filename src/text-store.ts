/**
 * Stage 1 (normalize) — the documents' original texts, held compactly until alignment and the result
 * need them back.
 *
 * A corpus of a million news articles is a billion UTF-16 code units: 2 GB as JavaScript strings
 * (non-Latin text is stored two bytes a unit), a million objects in the garbage-collected heap. Here
 * each text is encoded into large byte chunks with a windowed code after SCSU (Unicode Technical
 * Standard #6, "A Standard Compression Scheme for Unicode"): text in one small alphabet — ASCII,
 * plus one 127-unit block such as Arabic (U+0600–U+067E), Cyrillic or Greek — takes one byte a
 * unit. Exact and lossless for any string, lone surrogates included:
 *
 * - `0x00–0x7F`: that ASCII unit;
 * - `0x80–0xFE`: the unit `window + (byte − 0x80)`;
 * - `0xFF hi lo`: the unit `hi·256 + lo`; a non-ASCII unit also moves the window to its 128-unit block.
 *
 * Each text starts with no window, so any text decodes on its own.
 */

/** Bytes per chunk (a text longer than a chunk's room gets a chunk of its own). */
const CHUNK_BYTES = 1 << 22;
/** Code units decoded per `String.fromCharCode` call. */
const DECODE_SLICE = 4096;
const ESCAPE = 0xff;

/** Texts by index, encoded into byte chunks. */
export class TextStore {
  private readonly chunks: Uint8Array[] = [];
  private used = CHUNK_BYTES;
  /** Chunk, byte offset in it and UTF-16 length of each text. */
  private chunkOf: Int32Array = new Int32Array(1024);
  private offset: Int32Array = new Int32Array(1024);
  private lengths: Int32Array = new Int32Array(1024);
  private count = 0;
  private encoded = 0;
  private scratch = new Uint16Array(DECODE_SLICE);

  /** Number of texts stored. */
  get size(): number {
    return this.count;
  }

  /** Store `text`; returns its index. */
  add(text: string): number {
    const n = text.length;
    if (this.used + 3 * n > CHUNK_BYTES || this.chunks.length === 0) {
      this.chunks.push(new Uint8Array(Math.max(CHUNK_BYTES, 3 * n)));
      this.used = 0;
    }
    const i = this.count++;
    if (i === this.lengths.length) this.grow();
    const chunk = this.chunks[this.chunks.length - 1];
    this.chunkOf[i] = this.chunks.length - 1;
    this.offset[i] = this.used;
    this.lengths[i] = n;
    let at = this.used;
    let window = -1;
    for (let k = 0; k < n; k++) {
      const u = text.charCodeAt(k);
      if (u < 0x80) {
        chunk[at++] = u;
      } else if (u - window >= 0 && u - window < 0x7f) {
        chunk[at++] = 0x80 + (u - window);
      } else {
        chunk[at++] = ESCAPE;
        chunk[at++] = u >>> 8;
        chunk[at++] = u & 0xff;
        window = u & 0xff80;
      }
    }
    this.encoded += at - this.used;
    this.used = at;
    return i;
  }

  /** Bytes of the encoded texts (the chunks hold them, plus up to a text's worst case at each end). */
  get byteLength(): number {
    return this.encoded;
  }

  /** UTF-16 length of text `i`. */
  length(i: number): number {
    return this.lengths[i];
  }

  /**
   * Text `i`, decoded (a new string at every call); or its units `start .. end` only, as a string
   * of their own (a slice of the whole would keep the whole text alive).
   */
  text(i: number, start = 0, end = this.lengths[i]): string {
    const chunk = this.chunks[this.chunkOf[i]];
    const out = this.scratch;
    let at = this.offset[i];
    let window = -1;
    let s = '';
    let j = 0;
    for (let k = 0; k < end; k++) {
      const byte = chunk[at++];
      let u = byte;
      if (byte === ESCAPE) {
        u = (chunk[at] << 8) | chunk[at + 1];
        at += 2;
        window = u & 0xff80;
      } else if (byte >= 0x80) {
        u = window + (byte - 0x80);
      }
      if (k < start) continue;
      out[j++] = u;
      if (j === DECODE_SLICE) {
        s += String.fromCharCode.apply(null, out as unknown as number[]);
        j = 0;
      }
    }
    return j === 0 ? s : s + String.fromCharCode.apply(null, out.subarray(0, j) as unknown as number[]);
  }

  private grow(): void {
    const cap = this.lengths.length * 2;
    const grown = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.chunkOf = grown(this.chunkOf);
    this.offset = grown(this.offset);
    this.lengths = grown(this.lengths);
  }
}
