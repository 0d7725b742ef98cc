/**
 * Stage 2 (sign) — a document's shingle hashes, winnowing anchors and the LSH band keys of its
 * passage windows, computed by a small WebAssembly module (`wasm/window-signer.wat`).
 *
 * The results are exactly those of `shingleHashes` (shingle.ts), `winnow` (passages.ts) and
 * `Signer.sign` (signature.ts) over each window's shingles followed by `bandKeys` (lsh.ts): tests
 * check them bit for bit. One-permutation hashing permutes every shingle once, then each overlapping
 * window takes its bins' minima, densifies the empty ones and hashes its bands. A window's shingles
 * are one load-compare-store each into their bins; as WebAssembly that loop runs about 3.5× faster
 * than as JavaScript (no bounds check on every access), and it was most of the sign stage.
 *
 * A signer owns its WebAssembly memory (one instance per thread, kept by the thread's task context):
 * the units are copied in, and the hashes and anchors are read where they lie.
 */
import { seedMixes } from './signature.js';
import { BYTES_BASE64 } from './wasm/window-signer-bytes.js';
import { aligned, WasmProgram, type Kept, type WasmMemory } from './wasm-module.js';

interface Exports {
  shingle(units: number, n: number, k: number, hashes: number): void;
  winnow(hashes: number, n: number, width: number, out: number, suffix: number): number;
  permute(hashes: number, n: number, bins: number, values: number, size: number, seedMix: number): void;
  signWindows(
    bins: number,
    values: number,
    n: number,
    starts: number,
    count: number,
    span: number,
    out: number,
    mins: number,
    sig: number,
    size: number,
    probeMix: number,
    bands: number,
    rows: number,
  ): void;
}

/** Windows signed per call (their starts and keys have room for this many). */
const CHUNK = 1024;

/**
 * Bytes of a signer's first memory beyond its fixed scratch: documents of up to about 50,000
 * characters fit (20 bytes a character); a longer one gets a larger memory.
 */
const FIRST_BYTES = 1 << 20;

const program = new WasmProgram<Exports>(BYTES_BASE64);

/**
 * A document's shingles, winnowing anchors and windows' band keys, for one signature size, seed and
 * band layout: {@link shingle}, then {@link winnow}, then {@link windowKeys}, document after document.
 */
export class WindowSigner {
  private memory: WasmMemory;
  private exports: Exports;
  private readonly size: number;
  private readonly seedMix: number;
  private readonly probeMix: number;
  private readonly bands: number;
  private readonly rows: number;
  /** Shingles of the current document. */
  private count = 0;
  /** Units the memory has room for (and as many shingles, anchors and winnowing scratch). */
  private room = -1;
  // Byte offsets in the memory: scratch minima and signature, the starts and keys of a chunk of
  // windows, then per unit its code, and per shingle its hash, anchor, value and bin, then the
  // winnowing scratch.
  private readonly minsAt = 0;
  private readonly sigAt: number;
  private readonly startsAt: number;
  private readonly keysAt: number;
  private readonly unitsAt: number;
  private hashesAt = 0;
  private anchorsAt = 0;
  private valuesAt = 0;
  private binsAt = 0;
  private suffixAt = 0;

  /**
   * A signer for signatures of `size` bins (1…65536) with `seed`, cut into `bands` bands of `rows`
   * (bands × rows ≤ size).
   */
  constructor(size: number, seed: number, bands: number, rows: number) {
    this.size = size;
    ({ seedMix: this.seedMix, probeMix: this.probeMix } = seedMixes(seed));
    this.bands = bands;
    this.rows = rows;
    this.sigAt = size * 4;
    this.startsAt = this.sigAt + size * 4;
    this.keysAt = this.startsAt + CHUNK * 4;
    this.unitsAt = this.keysAt + CHUNK * bands * 4;
    ({ memory: this.memory, exports: this.exports } = program.instantiate(this.unitsAt + FIRST_BYTES));
  }

  /** Room for `n` units (and the shingles, anchors and winnowing scratch of a document that long). */
  private reserve(n: number): void {
    if (n <= this.room) return;
    const room = Math.max(n, 2 * this.room, 4096);
    this.hashesAt = aligned(this.unitsAt + room * 2);
    this.anchorsAt = this.hashesAt + room * 4;
    this.valuesAt = this.anchorsAt + room * 4;
    this.binsAt = this.valuesAt + room * 4;
    this.suffixAt = aligned(this.binsAt + room * 2);
    const bytes = this.suffixAt + room * 4;
    // A larger memory and a new instance, not a grown memory (see wasm-module.ts).
    if (this.memory.buffer.byteLength < bytes) ({ memory: this.memory, exports: this.exports } = program.instantiate(bytes));
    this.room = room;
  }

  /**
   * The hashes of the k-grams of `units` (`shingleHashes` in shingle.ts, the same values), the
   * current document's from now on. The array lies in the signer's memory: valid until the next
   * call of this method.
   */
  shingle(units: Uint16Array, k: number): Uint32Array {
    this.reserve(units.length);
    const x = this.exports;
    this.count = units.length >= k ? units.length - k + 1 : 0;
    if (this.count > 0) {
      new Uint16Array(this.memory.buffer, this.unitsAt, units.length).set(units);
      x.shingle(this.unitsAt, units.length, k, this.hashesAt);
    }
    return new Uint32Array(this.memory.buffer, this.hashesAt, this.count);
  }

  /**
   * The winnowing anchors of the current document's shingles with window `w` (`winnow` in
   * passages.ts, the same positions), in the signer's memory until the next {@link shingle}.
   */
  winnow(w: number): Int32Array {
    const n = this.count;
    const x = this.exports;
    const found = n === 0 ? 0 : x.winnow(this.hashesAt, n, Math.min(Math.max(1, w), n), this.anchorsAt, this.suffixAt);
    return new Int32Array(this.memory.buffer, this.anchorsAt, found);
  }

  /**
   * The band keys of the current document's windows: window i holds shingles
   * `[starts[i], min(starts[i] + span, shingles))` (none empty); its keys go to
   * `out[at + i·bands ..]`.
   */
  windowKeys(starts: Int32Array, span: number, out: Uint32Array, at: number): void {
    const { exports: x, bands, count: n } = this;
    x.permute(this.hashesAt, n, this.binsAt, this.valuesAt, this.size, this.seedMix);
    const buffer = this.memory.buffer;
    const startsView = new Int32Array(buffer, this.startsAt, CHUNK);
    const keysView = new Uint32Array(buffer, this.keysAt, CHUNK * bands);
    for (let from = 0; from < starts.length; from += CHUNK) {
      const count = Math.min(CHUNK, starts.length - from);
      startsView.set(starts.subarray(from, from + count));
      x.signWindows(this.binsAt, this.valuesAt, n, this.startsAt, count, span, this.keysAt, this.minsAt, this.sigAt, this.size, this.probeMix, bands, this.rows);
      out.set(count === CHUNK ? keysView : keysView.subarray(0, count * bands), at + from * bands);
    }
  }
}

/** The signer `kept` holds for these parameters, or a new one kept instead (a new one unkept without `kept`). */
export function keptSigner(kept: Kept<WindowSigner> | undefined, size: number, seed: number, bands: number, rows: number): WindowSigner {
  const make = (): WindowSigner => new WindowSigner(size, seed, bands, rows);
  return kept ? kept.get(`${size}/${seed}/${bands}/${rows}`, make) : make();
}
