/**
 * Stage 4 (align) — seeds for alignment: one document's shingle index, the shingles of another found in it, and the
 * maximal exact segments they form along diagonals. Typed arrays and scratch buffers owned by the
 * index instance.
 */
import { withRoom } from './typed-arrays.js';
import { BYTES_BASE64 } from './wasm/seed-index-bytes.js';
import { aligned, unitsWriter, WasmProgram, type WasmMemory } from './wasm-module.js';

/** A document prepared for alignment: normalized text, its shingle hashes and winnowing anchors. */
export interface AlignInput {
  text: string;
  hashes: Uint32Array;
  /** Winnowing anchors (positions, ascending): the sparse seeds of the quick check. */
  anchors?: Int32Array;
}

/**
 * Seeds as parallel arrays, in order of B position: seed `s` is the run of `len[s]` consecutive
 * shingle matches `(a[s] + t, b[s] + t)` on one diagonal (sparse seeds are runs of one).
 */
export class Seeds {
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  len = new Int32Array(1024);
  count = 0;

  /** Append the first `count` seeds of the arrays `a`, `b` and `len`. */
  append(a: Int32Array, b: Int32Array, len: Int32Array, count: number): void {
    const total = this.count + count;
    this.a = withRoom(this.a, total);
    this.b = withRoom(this.b, total);
    this.len = withRoom(this.len, total);
    this.a.set(a.subarray(0, count), this.count);
    this.b.set(b.subarray(0, count), this.count);
    this.len.set(len.subarray(0, count), this.count);
    this.count = total;
  }
}

interface Exports {
  build(hashes: number, n: number, keys: number, head: number, occurrences: number, cap: number, nextPos: number, single: number, present: number): void;
  find(
    ta: number,
    ha: number,
    nA: number,
    tb: number,
    hb: number,
    sparse: number,
    positions: number,
    from: number,
    to: number,
    keys: number,
    head: number,
    occurrences: number,
    nextPos: number,
    single: number,
    present: number,
    mask: number,
    scratch: number,
    seedA: number,
    seedB: number,
    seedLen: number,
  ): number;
}
const program = new WasmProgram<Exports>(BYTES_BASE64);

/** Byte offsets in an index's memory: the prefix bits (2,048 i32), the seeding scratch (32 i32), then A. */
const PRESENT_AT = 0;
const SCRATCH_AT = 8192;
const A_AT = SCRATCH_AT + 128;

/**
 * New seeds a position of B can start: a shingle occurring more often than this in A only continues
 * diagonals (the constant 8 of `wasm/seed-index.wat`).
 */
const MAX_OCCURRENCES = 8;

/**
 * One document's shingle index (open addressing: hash → positions, ascending) and the seeds of
 * another document found in it, computed by a WebAssembly module (`wasm/seed-index.wat`) in a
 * memory the index owns: A's units, hashes and table, then B's units, hashes and anchors, then the
 * seeds of a call. An Aligner owns one, so two aligners can live in one thread and each worker
 * holds its own.
 */
export class SeedIndex {
  private memory: WasmMemory | undefined;
  private exports: Exports | undefined;
  /** Units (and shingles) of A, and of B, the memory has room for. */
  private aRoom = 0;
  private bRoom = 0;
  // Byte offsets: A's units, hashes, next positions, single flags and table; B's units, hashes and
  // anchors; the seeds' three arrays (room for MAX_OCCURRENCES a position of B).
  private taAt = 0;
  private haAt = 0;
  private nextAt = 0;
  private singleAt = 0;
  private keysAt = 0;
  private headAt = 0;
  private occurrencesAt = 0;
  private tbAt = 0;
  private hbAt = 0;
  private positionsAt = 0;
  private seedAAt = 0;
  private seedBAt = 0;
  private seedLenAt = 0;
  private writeA: (text: string) => void = () => undefined;
  private writeB: (text: string) => void = () => undefined;
  private nA = 0;
  private mask = 0;
  /** The document B whose units and hashes are in the memory. */
  private b: AlignInput | null = null;

  /**
   * Room for `aRoom` units of A and `bRoom` of B: a larger memory (see wasm-module.ts), with A's
   * part copied over when `keepA`.
   */
  private layout(aRoom: number, bRoom: number, keepA: boolean): void {
    let cap = 16;
    while (cap < aRoom * 2) cap *= 2;
    const taAt = A_AT;
    const haAt = aligned(taAt + 2 * aRoom);
    const nextAt = haAt + 4 * aRoom;
    const singleAt = nextAt + 4 * aRoom;
    const keysAt = aligned(singleAt + aRoom);
    const headAt = keysAt + 4 * cap;
    const occurrencesAt = headAt + 4 * cap;
    const tbAt = occurrencesAt + 4 * cap;
    const hbAt = aligned(tbAt + 2 * bRoom);
    const positionsAt = hbAt + 4 * bRoom;
    const seeds = MAX_OCCURRENCES * bRoom + 8;
    const seedAAt = positionsAt + 4 * bRoom;
    const seedBAt = seedAAt + 4 * seeds;
    const seedLenAt = seedBAt + 4 * seeds;
    const old = this.memory;
    const { memory, exports } = program.instantiate(seedLenAt + 4 * seeds);
    if (old && keepA) new Uint8Array(memory.buffer).set(new Uint8Array(old.buffer, 0, tbAt));
    Object.assign(this, { memory, exports, aRoom, bRoom, taAt, haAt, nextAt, singleAt, keysAt, headAt, occurrencesAt });
    Object.assign(this, { tbAt, hbAt, positionsAt, seedAAt, seedBAt, seedLenAt });
    this.writeA = unitsWriter(memory.buffer, taAt, aRoom);
    this.writeB = unitsWriter(memory.buffer, tbAt, bRoom);
    this.b = null;
  }

  /** Index the shingles of document A (replacing the previous one). */
  build(a: AlignInput): void {
    const n = a.hashes.length;
    const room = Math.max(n, a.text.length);
    if (room > this.aRoom || !this.memory) this.layout(Math.max(room, 2 * this.aRoom, 4096), Math.max(this.bRoom, 4096), false);
    const { buffer } = this.memory as WasmMemory;
    this.writeA(a.text);
    new Uint32Array(buffer, this.haAt, n).set(a.hashes);
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    (this.exports as Exports).build(this.haAt, n, this.keysAt, this.headAt, this.occurrencesAt, cap, this.nextAt, this.singleAt, PRESENT_AT);
    this.nA = n;
    this.mask = cap - 1;
  }

  /** B's units and hashes in the memory (once for the calls on one B). */
  private load(b: AlignInput): void {
    if (this.b === b) return;
    const room = Math.max(b.hashes.length, b.text.length);
    if (room > this.bRoom) this.layout(this.aRoom, Math.max(room, 2 * this.bRoom), true);
    this.writeB(b.text);
    new Uint32Array((this.memory as WasmMemory).buffer, this.hbAt, b.hashes.length).set(b.hashes);
    this.b = b;
  }

  /**
   * Seeds of B against the indexed A (the document last passed to `build`), appended to `seeds`: at
   * the given positions of B (runs of one), or — with `positions` null — at every position of
   * `[from, to)`, where a match on a diagonal matched at the previous position lengthens that run.
   */
  find(b: AlignInput, positions: Int32Array | null, seeds: Seeds, from = 0, to = b.hashes.length): void {
    this.load(b);
    const { buffer } = this.memory as WasmMemory;
    if (positions) new Int32Array(buffer, this.positionsAt, positions.length).set(positions);
    const count = (this.exports as Exports).find(
      this.taAt,
      this.haAt,
      this.nA,
      this.tbAt,
      this.hbAt,
      positions ? 1 : 0,
      this.positionsAt,
      from,
      positions ? positions.length : to,
      this.keysAt,
      this.headAt,
      this.occurrencesAt,
      this.nextAt,
      this.singleAt,
      PRESENT_AT,
      this.mask,
      SCRATCH_AT,
      this.seedAAt,
      this.seedBAt,
      this.seedLenAt,
    );
    seeds.append(new Int32Array(buffer, this.seedAAt, count), new Int32Array(buffer, this.seedBAt, count), new Int32Array(buffer, this.seedLenAt, count), count);
  }

  /**
   * Exact segments: each dense seed is one maximal exact match `[aStart, aEnd) × [bStart, bEnd)` on
   * its diagonal (`find` lengthens a diagonal's run while it matches, so no two seeds of one diagonal
   * touch). Returned in order of B start.
   */
  segments(seeds: Seeds, a: AlignInput, b: AlignInput, k: number): Segment[] {
    // Pushed, not written into `new Array(count)`: a preallocated array is "holey", and arrays of
    // segments of both kinds met in the same loops (another "wrong map").
    const out: Segment[] = [];
    for (let s = 0; s < seeds.count; s++) {
      const i = seeds.a[s];
      const j = seeds.b[s];
      const last = seeds.len[s] - 1;
      out.push(segment(i, shingleEnd(a.text, i + last, k), j, shingleEnd(b.text, j + last, k)));
    }
    return out;
  }
}

export interface Segment {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * A segment, made here only: every segment then has one object shape, so the chaining and
 * verification loops that read thousands of them stay monomorphic (copies made by spreading an
 * object had a shape of their own, and V8 deoptimized those loops when both met: "wrong map").
 */
export function segment(aStart: number, aEnd: number, bStart: number, bEnd: number): Segment {
  return { aStart, aEnd, bStart, bEnd };
}

/** End (exclusive) of the shingle at `p`. */
export function shingleEnd(text: string, p: number, k: number): number {
  return Math.min(text.length, p + k);
}
