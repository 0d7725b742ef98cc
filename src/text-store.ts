/**
 * Stage 1 (normalize) — the documents' original texts, held compactly until alignment and the result
 * need them back.
 *
 * A corpus of a million news articles is a billion UTF-16 code units: 2 GB as JavaScript strings
 * (non-Latin text is stored two bytes a unit), a million objects in the garbage-collected heap. Here
 * each text is coded by `text-codec.ts` (one byte a unit for text in one small alphabet) into large
 * byte chunks.
 */

import { decodeUnits, encodeInto, maxEncodedLength } from './text-codec.js';

/** Bytes per chunk (a text longer than a chunk's room gets a chunk of its own). */
const CHUNK_BYTES = 1 << 22;

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
  private readonly scratch = new Uint16Array(4096);

  /** Number of texts stored. */
  get size(): number {
    return this.count;
  }

  /** Store `text`; returns its index. */
  add(text: string): number {
    const n = text.length;
    if (this.used + maxEncodedLength(n) > CHUNK_BYTES || this.chunks.length === 0) {
      this.chunks.push(new Uint8Array(Math.max(CHUNK_BYTES, maxEncodedLength(n))));
      this.used = 0;
    }
    const i = this.count++;
    if (i === this.lengths.length) this.grow();
    const chunk = this.chunks[this.chunks.length - 1];
    this.chunkOf[i] = this.chunks.length - 1;
    this.offset[i] = this.used;
    this.lengths[i] = n;
    const at = encodeInto(text, chunk, this.used);
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
    return decodeUnits(this.chunks[this.chunkOf[i]], this.offset[i], start, end, this.scratch);
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
