/**
 * Compact encoding of the band-key segments of a persistent index (format 3), for backends that
 * store bytes: one blob per band of a segment.
 *
 * A band of a segment is a run of keys sorted ascending with the document of each beside it (equal
 * keys in window order). On disk it was 8 bytes a window and band — most of an index file. Here:
 * - consecutive windows of one document with the same key (overlapping windows often agree in a
 *   band) become one entry with a multiplicity: about 29 % fewer entries on SaudiNewsNet;
 * - the gaps between sorted keys are Golomb–Rice coded (a random key set of n in 2^32 has gaps of
 *   about 2^32 / n: ~17 bits each instead of 32);
 * - documents are offsets from the segment's first document, in as many bits as the segment needs
 *   (a daily add of 1,400 articles: 11 bits);
 * - the key space is cut into 2^p partitions of ~16 entries (by the keys' top p bits), and a
 *   directory gives where each starts (~1 bit an entry): a lookup of a few keys decodes the
 *   partitions of those keys only, not the whole band (an add of 1,000 documents to an archive of
 *   millions). A partition's first key is written in 32 − p bits, the others as gaps.
 * Decoding gives back exactly the arrays encoded (order, duplicates and all), so lookups count the
 * collisions the batch counts. Format 4 (format 3 had no partitions).
 */

import { BYTES_BASE64 } from './wasm/band-encoder-bytes.js';
import { WasmProgram, type WasmMemory } from './wasm-module.js';

/** Header bytes: windows, entries, document base, Rice parameter, document bits, partition bits, wide directory. */
const HEADER = 16;

/** Bytes of an encoded band's header (what {@link lookupRanges} needs first). */
export const BAND_HEADER_BYTES = HEADER;

/** Entries a partition holds on average (see {@link encodeBand}). */
const PARTITION_ENTRIES = 16;

/** Partitions per group of the directory (one 32-bit base, then 16-bit offsets). */
const GROUP = 32;

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Ones from bit `pos` of `words` up to the next zero (which is not counted). */
function onesAt(words: Uint32Array, pos: number): number {
  let q = 0;
  for (;;) {
    const o = pos & 31;
    const rest = ~(words[pos >>> 5] >>> o);
    const ones = rest === 0 ? 32 - o : Math.min(31 - Math.clz32(rest & -rest), 32 - o);
    q += ones;
    pos += ones;
    if (ones < 32 - o) return q;
  }
}

/** The `n` bits (n ≤ 32) of `words` from bit `pos`. */
function bitsAt(words: Uint32Array, pos: number, n: number): number {
  if (n === 32) return (bitsAt(words, pos, 16) + bitsAt(words, pos + 16, 16) * 0x10000) >>> 0;
  const w = pos >>> 5;
  const o = pos & 31;
  let v = words[w] >>> o;
  if (o + n > 32) v |= words[w + 1] << (32 - o);
  return v & ((1 << n) - 1);
}

/** Bits needed to write values 0 … max. */
function bitsFor(max: number): number {
  return max <= 0 ? 0 : 32 - Math.clz32(max);
}

/** Partition of `key` among 2^p. */
function partOf(key: number, p: number): number {
  return p === 0 ? 0 : key >>> (32 - p);
}

interface Exports {
  body(keys: number, docs: number, count: number, p: number, r: number, docBits: number, docBase: number, words: number, starts: number): number;
}
const program = new WasmProgram<Exports>(BYTES_BASE64);

/** Bytes of the encoder's memory a thread keeps for its next bands (a larger band gets one of its own). */
const KEPT_BYTES = 64 << 20;
let kept: { memory: WasmMemory; exports: Exports } | undefined;

/**
 * The bits of a band's body (`wasm/band-encoder.wat`: the entries' keys, documents and
 * multiplicities) in `wordCount` words, with the bit where each of `startCount` − 1 partitions
 * starts, and the end; `pos` bits in all. The arrays are views of the encoder's memory, valid until
 * the next band is encoded.
 */
function encodeBody(keys: Uint32Array, docs: Int32Array, p: number, r: number, docBits: number, docBase: number, wordCount: number, startCount: number) {
  const count = keys.length;
  const docsAt = 4 * count;
  const wordsAt = docsAt + 4 * count;
  const startsAt = wordsAt + 4 * wordCount;
  const bytes = startsAt + 4 * startCount;
  let machine = kept;
  if (!machine || machine.memory.buffer.byteLength < bytes) {
    // A larger memory and a new instance, not a grown memory (see wasm-module.ts).
    machine = program.instantiate(bytes);
    if (bytes <= KEPT_BYTES) kept = machine;
  }
  const { buffer } = machine.memory;
  new Uint32Array(buffer, 0, count).set(keys);
  new Int32Array(buffer, docsAt, count).set(docs);
  const pos = machine.exports.body(0, docsAt, count, p, r, docBits, docBase, wordsAt, startsAt);
  return { words: new Uint32Array(buffer, wordsAt, wordCount), starts: new Uint32Array(buffer, startsAt, startCount), pos };
}

/**
 * Encode one band of a segment.
 * @param keys - band keys, ascending
 * @param docs - the document of each key (any integers ≥ 0)
 */
export function encodeBand(keys: Uint32Array, docs: Int32Array): Uint8Array {
  const count = keys.length;
  let docBase = 0;
  let docMax = 0;
  let n = 0;
  for (let i = 0; i < count; i++) {
    if (i === 0 || docs[i] < docBase) docBase = docs[i];
    if (i === 0 || docs[i] > docMax) docMax = docs[i];
    if (i === 0 || keys[i] !== keys[i - 1] || docs[i] !== docs[i - 1]) n++;
  }
  const p = n >= 2 * PARTITION_ENTRIES ? Math.min(24, Math.round(Math.log2(n / PARTITION_ENTRIES))) : 0;
  const mean = n > 1 ? (keys[count - 1] - keys[0]) / (n - 1) : 0;
  // Golomb–Rice parameter for geometric gaps of this mean.
  const r = mean * Math.LN2 >= 1 ? Math.min(31, Math.floor(Math.log2(mean * Math.LN2))) : 0;
  const docBits = bitsFor(docMax - docBase);
  const parts = 2 ** p;
  // Room for every bit: per entry its key gap's remainder, document, one flag and one unary stop
  // bit; the unary quotients add up to at most (last key − first key) / 2^r, the multiplicities'
  // Elias gamma codes to at most 2 · count bits; a partition's first key takes 32 − p bits.
  const bits = n * (r + docBits + 2) + (count > 0 ? Math.floor((keys[count - 1] - keys[0]) / 2 ** r) : 0) + 2 * count + (parts + 1) * (32 - p);
  const { words, starts, pos } = encodeBody(keys, docs, p, r, docBits, docBase, (bits >>> 5) + 2, parts + 1);
  // Directory: per group of partitions a 32-bit base and 16-bit offsets from it; 32-bit starts when
  // an offset would not fit (a partition of one very frequent key).
  let wide = false;
  for (let k = 0; k <= parts; k++) if (starts[k] - starts[k - (k % GROUP)] > 0xffff) wide = true;
  const groups = Math.floor(parts / GROUP) + 1;
  const dirBytes = wide ? (parts + 1) * 4 : groups * 4 + (((parts + 1) * 2 + 3) & ~3);
  const bodyWords = (pos + 31) >>> 5;
  const bytes = new Uint8Array(HEADER + dirBytes + bodyWords * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, count, true);
  view.setUint32(4, n, true);
  view.setInt32(8, docBase, true);
  view.setUint8(12, r);
  view.setUint8(13, docBits);
  view.setUint8(14, p);
  view.setUint8(15, wide ? 1 : 0);
  if (wide) for (let k = 0; k <= parts; k++) view.setUint32(HEADER + k * 4, starts[k], true);
  else {
    for (let g = 0; g < groups; g++) view.setUint32(HEADER + g * 4, starts[g * GROUP], true);
    for (let k = 0; k <= parts; k++) view.setUint16(HEADER + groups * 4 + k * 2, starts[k] - starts[k - (k % GROUP)], true);
  }
  // Words in little-endian byte order whatever the platform (the body starts 4-byte aligned).
  if (LITTLE_ENDIAN) new Uint32Array(bytes.buffer, HEADER + dirBytes, bodyWords).set(words.subarray(0, bodyWords));
  else for (let w = 0; w < bodyWords; w++) view.setUint32(HEADER + dirBytes + w * 4, words[w], true);
  return bytes;
}

/** A band's bytes opened for reading: its header, directory and bits. */
class BandReader {
  readonly count: number;
  readonly n: number;
  private readonly docBase: number;
  private readonly r: number;
  private readonly docBits: number;
  readonly p: number;
  private readonly view: DataView;
  private readonly wide: boolean;
  private readonly groups: number;
  /** Byte offset of the bits (after the header and the directory). */
  readonly body: number;
  private readonly words: Uint32Array;
  /** Keys a partition spans (2^(32 − p)). */
  private readonly partWidth: number;
  /** Position, key, document and windows of the entry last read. */
  pos = 0;
  key = 0;
  doc = 0;
  times = 0;

  constructor(bytes: Uint8Array) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = view;
    this.count = view.getUint32(0, true);
    this.n = view.getUint32(4, true);
    this.docBase = view.getInt32(8, true);
    this.r = view.getUint8(12);
    this.docBits = view.getUint8(13);
    this.p = view.getUint8(14);
    this.wide = view.getUint8(15) === 1;
    const parts = 2 ** this.p;
    this.groups = Math.floor(parts / GROUP) + 1;
    this.partWidth = 2 ** (32 - this.p);
    const body = HEADER + (this.wide ? (parts + 1) * 4 : this.groups * 4 + (((parts + 1) * 2 + 3) & ~3));
    this.body = body;
    const length = (bytes.byteLength - body) / 4;
    // The bits in place when the platform is little-endian and they are 4-byte aligned (a look-up
    // of a few keys then costs no copy of the band), else copied word by word.
    if (LITTLE_ENDIAN && (bytes.byteOffset + body) % 4 === 0) this.words = new Uint32Array(bytes.buffer, bytes.byteOffset + body, length);
    else {
      this.words = new Uint32Array(length);
      for (let w = 0; w < length; w++) this.words[w] = view.getUint32(body + w * 4, true);
    }
  }

  // Where the directory holds partition `k`'s start (byte positions): a wide directory's 32-bit
  // entry; else the 32-bit base of its group and its own 16-bit offset from that base.
  private wideAt(k: number): number {
    return HEADER + k * 4;
  }

  private baseAt(k: number): number {
    return HEADER + Math.floor(k / GROUP) * 4;
  }

  private offsetAt(k: number): number {
    return HEADER + this.groups * 4 + k * 2;
  }

  /** Byte ranges of the directory entries that {@link start} reads for partition `k`, into `out`. */
  startBytes(k: number, out: number[]): void {
    if (this.wide) out.push(this.wideAt(k), this.wideAt(k) + 4);
    else out.push(this.baseAt(k), this.baseAt(k) + 4, this.offsetAt(k), this.offsetAt(k) + 2);
  }

  /** Bit position where partition `k` starts (k = 2^p: the end of the last). */
  start(k: number): number {
    const { view } = this;
    if (this.wide) return view.getUint32(this.wideAt(k), true);
    return view.getUint32(this.baseAt(k), true) + view.getUint16(this.offsetAt(k), true);
  }

  /** Read the entry at `pos` (the first of partition `k` when `first`). */
  next(k: number, first: boolean): void {
    const words = this.words;
    const r = this.r;
    const docBits = this.docBits;
    let pos = this.pos;
    let key: number;
    if (first) {
      const low = bitsAt(words, pos, 32 - this.p);
      pos += 32 - this.p;
      key = this.p === 0 ? low : (k * this.partWidth + low) >>> 0;
    } else {
      const q = onesAt(words, pos);
      pos += q + 1;
      // q · 2^r + remainder is the gap (< 2^32): wrapped sums come back right with >>> 0.
      key = (this.key + ((q << r) | bitsAt(words, pos, r))) >>> 0;
      pos += r;
    }
    this.key = key;
    this.doc = this.docBase + bitsAt(words, pos, docBits);
    pos += docBits;
    let times = 1;
    const w = words[pos >>> 5];
    const flag = (w >>> (pos & 31)) & 1;
    pos++;
    if (flag === 1) {
      const l = onesAt(words, pos);
      pos += l + 1;
      times += (1 << l) + bitsAt(words, pos, l);
      pos += l;
    }
    this.times = times;
    this.pos = pos;
  }
}

/** A band decoded: keys ascending, the document of each beside it. */
export interface DecodedBand {
  keys: Uint32Array;
  docs: Int32Array;
}

/** Decode what {@link encodeBand} wrote. */
export function decodeBand(bytes: Uint8Array): DecodedBand {
  const reader = new BandReader(bytes);
  const keys = new Uint32Array(reader.count);
  const docs = new Int32Array(reader.count);
  let at = 0;
  let entries = 0;
  const parts = 2 ** reader.p;
  let end = reader.start(0);
  for (let k = 0; k < parts; k++) {
    reader.pos = end;
    end = reader.start(k + 1);
    for (let first = true; reader.pos < end; first = false) {
      reader.next(k, first);
      if (at + reader.times > reader.count) throw new Error(`band segment decodes to more windows than its header says (${reader.count})`);
      entries++;
      for (let t = 0; t < reader.times; t++) {
        keys[at] = reader.key;
        docs[at++] = reader.doc;
      }
    }
  }
  if (at !== reader.count || entries !== reader.n) {
    throw new Error(`band segment decodes to ${at} windows in ${entries} entries, its header says ${reader.count} in ${reader.n}`);
  }
  return { keys, docs };
}

/**
 * Called for each stored entry whose key is asked: `i` the first position of its key in the
 * asked keys, the entry's document and how many consecutive windows of it hold the key.
 */
export type BandMatch = (i: number, doc: number, times: number) => void;

/**
 * The entries of an encoded band whose key is among `query` (ascending, repeats allowed), in
 * stored order: only the partitions of the asked keys are decoded.
 */
export function matchBand(bytes: Uint8Array, query: Uint32Array, onMatch: BandMatch): void {
  const reader = new BandReader(bytes);
  const { p } = reader;
  for (let i = 0; i < query.length; ) {
    const k = partOf(query[i], p);
    // The asked keys of partition k: query[i … e).
    let e = i + 1;
    while (e < query.length && partOf(query[e], p) === k) e++;
    reader.pos = reader.start(k);
    const end = reader.start(k + 1);
    for (let first = true; reader.pos < end && i < e; first = false) {
      reader.next(k, first);
      while (i < e && query[i] < reader.key) i++;
      if (i < e && query[i] === reader.key) onMatch(i, reader.doc, reader.times);
    }
    i = e;
  }
}

/**
 * The bytes of an encoded band that {@link matchBand} reads to look `query` up (ascending, repeats
 * allowed), for a store that reads a band piece by piece: with only the first
 * {@link BAND_HEADER_BYTES} of `bytes` in place (the rest may be zeros), step `directory` gives the
 * directory entries of the asked keys' partitions; with those in place too, step `body` gives the
 * partitions' bits. Returned as `[start, end)` pairs, flat; they may overlap, and a directory entry's
 * group base comes before its offset, which lies further on (so not in order of start).
 */
export function lookupRanges(bytes: Uint8Array, query: Uint32Array, step: 'directory' | 'body'): number[] {
  const reader = new BandReader(bytes);
  const out: number[] = [];
  let last = -1;
  for (let i = 0; i < query.length; i++) {
    const k = partOf(query[i], reader.p);
    if (k === last) continue;
    last = k;
    if (step === 'directory') {
      reader.startBytes(k, out);
      reader.startBytes(k + 1, out);
    } else {
      const from = reader.start(k);
      const to = reader.start(k + 1);
      // Whole words, and the word after the last (a value read across a word boundary).
      if (to > from) out.push(reader.body + (from >>> 5) * 4, Math.min(bytes.byteLength, reader.body + ((to + 31) >>> 5) * 4 + 4));
    }
  }
  return out;
}

/** Windows and (collapsed) entries of an encoded band, from its header. */
export function bandSize(bytes: Uint8Array): { windows: number; entries: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { windows: view.getUint32(0, true), entries: view.getUint32(4, true) };
}

/**
 * Whether a lookup of `asked` keys in a band of `entries` entries reads only part of it: each asked
 * key decodes about a partition (~16 entries) of the band.
 */
export function lookupIsSparse(asked: number, entries: number): boolean {
  return asked * PARTITION_ENTRIES < entries;
}

/**
 * {@link matchBand} over a band already decoded (`keys` ascending, the document of each in `docs`).
 * Each side skips ahead by galloping (doubling steps, then halving), so a few keys asked of a long
 * band, or a short band asked many keys, cost about the smaller side times the log of the ratio,
 * not the sum of both.
 */
export function matchDecoded(keys: Uint32Array, docs: Int32Array, query: Uint32Array, onMatch: BandMatch): void {
  let i = 0;
  let j = 0;
  while (i < query.length && j < keys.length) {
    if (query[i] < keys[j]) i = firstAtLeast(query, i, keys[j]);
    else if (query[i] > keys[j]) j = firstAtLeast(keys, j, query[i]);
    else {
      let times = 1;
      while (j + times < keys.length && keys[j + times] === keys[j] && docs[j + times] === docs[j]) times++;
      onMatch(i, docs[j], times);
      j += times;
    }
  }
}

/** Two decoded bands merged into one sorted band, equal keys from `older` first. */
function mergeBands(older: DecodedBand, newer: DecodedBand): DecodedBand {
  const n = older.keys.length + newer.keys.length;
  const keys = new Uint32Array(n);
  const docs = new Int32Array(n);
  let i = 0;
  let j = 0;
  for (let o = 0; o < n; o++) {
    if (j >= newer.keys.length || (i < older.keys.length && older.keys[i] <= newer.keys[j])) {
      keys[o] = older.keys[i];
      docs[o] = older.docs[i++];
    } else {
      keys[o] = newer.keys[j];
      docs[o] = newer.docs[j++];
    }
  }
  return { keys, docs };
}

/**
 * Consecutive decoded bands (oldest first) merged into one, equal keys in the order of the bands:
 * merged pairwise, neighbours with neighbours, so each entry is copied about log₂ of their number
 * of times.
 */
export function mergeRuns(bands: readonly DecodedBand[]): DecodedBand {
  if (bands.length === 0) return { keys: new Uint32Array(0), docs: new Int32Array(0) };
  let level = bands.slice();
  while (level.length > 1) {
    const next: DecodedBand[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? mergeBands(level[i], level[i + 1]) : level[i]);
    level = next;
  }
  return level[0];
}

/**
 * The first position after `from` whose value is at least `x` (or the length), given `a[from] < x`:
 * galloping (doubling steps from `from`, then halving), so a position `d` ahead costs about 2 log₂ d
 * reads.
 */
function firstAtLeast(a: Uint32Array, from: number, x: number): number {
  let lo = from;
  let step = 1;
  while (lo + step < a.length && a[lo + step] < x) {
    lo += step;
    step *= 2;
  }
  // a[lo] < x, and x ≤ a[hi] or hi is the end.
  let hi = Math.min(lo + step, a.length);
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid;
    else hi = mid;
  }
  return hi;
}
