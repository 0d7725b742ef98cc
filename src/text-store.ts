/**
 * Stage 1 (normalize) — the documents' original texts, held compactly until alignment and the result
 * need them back.
 *
 * A corpus of a million news articles is a billion UTF-16 code units: 2 GB as JavaScript strings
 * (non-Latin text is stored two bytes a unit), a million objects in the garbage-collected heap. Here
 * each text is coded by `text-codec.ts` (one byte a unit for text in one small alphabet) into large
 * byte chunks.
 */

import { DECODE_SLICE, decodeUnits, encodeInto, maxEncodedLength } from './text-codec.js';
import { withRoom } from './typed-arrays.js';

/** Bytes per chunk (a text longer than a chunk's room gets a chunk of its own). */
const CHUNK_BYTES = 1 << 22;

/** Texts by index, encoded into byte chunks. */
export class TextStore {
  private readonly chunks: Uint8Array[] = [];
  private used = CHUNK_BYTES;
  /** Chunk, byte offset in it, byte length and UTF-16 length of each text. */
  private chunkOf: Int32Array = new Int32Array(1024);
  private offset: Int32Array = new Int32Array(1024);
  private lengths: Int32Array = new Int32Array(1024);
  private byteLengths: Int32Array = new Int32Array(1024);
  private count = 0;
  private encoded = 0;
  private readonly scratch = new Uint16Array(DECODE_SLICE);

  /** Number of texts stored. */
  get size(): number {
    return this.count;
  }

  /** Store `text`; returns its index. */
  add(text: string): number {
    const at = this.reserve(maxEncodedLength(text.length));
    const end = encodeInto(text, this.chunks[this.chunks.length - 1], at);
    return this.push(at, end, text.length);
  }

  /** Store text `i` of `other` (coded as it is there, not decoded); returns its index here. */
  addFrom(other: TextStore, i: number): number {
    return this.addCode(other.code(i), other.lengths[i]);
  }

  /** Store a text of `units` UTF-16 units given as `encodeText` codes it (not decoded); returns its index. */
  addCode(code: Uint8Array, units: number): number {
    const at = this.reserve(code.length);
    this.chunks[this.chunks.length - 1].set(code, at);
    return this.push(at, at + code.length, units);
  }

  /** Byte offset in the last chunk where `bytes` more fit (a new chunk when they do not). */
  private reserve(bytes: number): number {
    if (this.used + bytes > CHUNK_BYTES || this.chunks.length === 0) {
      this.chunks.push(new Uint8Array(Math.max(CHUNK_BYTES, bytes)));
      this.used = 0;
    }
    return this.used;
  }

  /** Record a text of `units` units coded in the last chunk at `[at, end)`; returns its index. */
  private push(at: number, end: number, units: number): number {
    const i = this.count++;
    if (i === this.lengths.length) {
      this.chunkOf = withRoom(this.chunkOf, i + 1);
      this.offset = withRoom(this.offset, i + 1);
      this.lengths = withRoom(this.lengths, i + 1);
      this.byteLengths = withRoom(this.byteLengths, i + 1);
    }
    this.chunkOf[i] = this.chunks.length - 1;
    this.offset[i] = at;
    this.byteLengths[i] = end - at;
    this.lengths[i] = units;
    this.encoded += end - at;
    this.used = end;
    return i;
  }

  /** Text `i` as `encodeText` (text-codec.ts) codes it: a view of the chunk that holds it. */
  code(i: number): Uint8Array {
    return this.chunks[this.chunkOf[i]].subarray(this.offset[i], this.offset[i] + this.byteLengths[i]);
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
}
