/**
 * Stage 3 (lsh) — one band's windows grouped by key, by a WebAssembly module
 * (`wasm/band-sorter.wat`): the keys a second document may hold marked, the windows whose key
 * passes gathered with their documents, and a stable counting sort by key that lists the runs of
 * equal keys for pairing. The same results as the steps `lsh.ts` describes, in the same order; as
 * WebAssembly its loops run without JavaScript's bounds check on every typed-array access.
 *
 * A sorter owns its memory: the windows to sort (`docs`, `keys`), the sorted ones (`sortedDocs`,
 * `sortedKeys`) and their runs, and for the one-pass grouping a coded chunk, its documents' runs and
 * the bit sets of the shared keys.
 */
import type { KeyChunk } from './lsh.js';
import { BYTES_BASE64 } from './wasm/band-sorter-bytes.js';
import { aligned, WasmProgram, type WasmMemory } from './wasm-module.js';

interface Exports {
  mark(keys: number, n: number, seen: number, twice: number, shift: number): void;
  gather(coded: number, same: number, n: number, runDoc: number, runStart: number, runs: number, twice: number, shift: number, docs: number, keys: number): number;
  sort(srcDocs: number, srcKeys: number, s: number, e: number, shift: number, bits: number, counts: number, outDocs: number, sorted: number, runs: number): number;
}
const program = new WasmProgram<Exports>(BYTES_BASE64);

/** What a sorter's memory has room for. */
interface Room {
  /** Windows to sort. */
  windows: number;
  /** Windows sorted at once (a bucket of the two-pass sort, or all of them). */
  sorted: number;
  /** Bits of the counting sort. */
  bits: number;
  /** Runs of documents, and bytes of each bit set, of the one-pass grouping (0 without). */
  docRuns: number;
  setBytes: number;
}

export class BandSorter {
  private memory: WasmMemory | undefined;
  private exports: Exports | undefined;
  private room: Room = { windows: -1, sorted: -1, bits: -1, docRuns: -1, setBytes: -1 };
  // Byte offsets in the memory.
  private runDocAt = 0;
  private runStartAt = 0;
  private codedAt = 0;
  private sameAt = 0;
  private seenAt = 0;
  private countsAt = 0;
  private docsAt = 0;
  private keysAt = 0;
  private sortedDocsAt = 0;
  private sortedKeysAt = 0;
  private runsAt = 0;
  /** The windows to sort: documents and keys (views of the memory, valid until the next `reserve`). */
  docs = new Int32Array(0);
  keys = new Uint32Array(0);
  /** The windows of the last `sort`, by key, from index 0. */
  sortedDocs = new Int32Array(0);
  sortedKeys = new Uint32Array(0);
  private runs = new Int32Array(0);
  /** Runs of documents given to {@link setRuns}. */
  private runCount = 0;

  /**
   * Room for `windows` windows to sort, `sorted` of them sorted at once on up to `bits` bits, and
   * (for {@link gather}) `docRuns` runs of documents and bit sets of `setBytes` bytes. A larger
   * memory is a new one (see wasm-module.ts): what the views held is not kept.
   */
  reserve(windows: number, sorted: number, bits: number, docRuns = 0, setBytes = 0): void {
    const r = this.room;
    if (windows <= r.windows && sorted <= r.sorted && bits <= r.bits && docRuns <= r.docRuns && setBytes <= r.setBytes) return;
    const room: Room = {
      windows: Math.max(windows, r.windows),
      sorted: Math.max(sorted, r.sorted),
      bits: Math.max(bits, r.bits),
      docRuns: Math.max(docRuns, r.docRuns),
      setBytes: Math.max(setBytes, r.setBytes),
    };
    // The runs' arrays first: `gather` reads one entry past a run's start (the next start).
    this.runDocAt = 0;
    this.runStartAt = aligned(4 * (room.docRuns + 2));
    const oneChunk = room.docRuns > 0 ? room.windows : 0;
    this.codedAt = aligned(this.runStartAt + 4 * (room.docRuns + 2));
    this.sameAt = this.codedAt + 4 * oneChunk;
    this.seenAt = aligned(this.sameAt + (oneChunk >>> 3) + 1);
    // The two bit sets, `seen` then `twice`, each of the size `gather` is given.
    this.countsAt = aligned(this.seenAt + 2 * room.setBytes);
    this.docsAt = aligned(this.countsAt + 4 * ((1 << room.bits) + 1));
    this.keysAt = this.docsAt + 4 * room.windows;
    this.sortedDocsAt = this.keysAt + 4 * room.windows;
    this.sortedKeysAt = this.sortedDocsAt + 4 * room.sorted;
    this.runsAt = this.sortedKeysAt + 4 * room.sorted;
    ({ memory: this.memory, exports: this.exports } = program.instantiate(this.runsAt + 4 * room.sorted + 8));
    const { buffer } = this.memory;
    this.docs = new Int32Array(buffer, this.docsAt, room.windows);
    this.keys = new Uint32Array(buffer, this.keysAt, room.windows);
    this.sortedDocs = new Int32Array(buffer, this.sortedDocsAt, room.sorted);
    this.sortedKeys = new Uint32Array(buffer, this.sortedKeysAt, room.sorted);
    this.runs = new Int32Array(buffer, this.runsAt, room.sorted);
    this.room = room;
  }

  /**
   * The documents of the windows {@link gather} reads, as `runs` runs (windows `runStart[r] ..` are
   * document `runDoc[r]`'s; the first starts at 0): the same for every band, so set once.
   */
  setRuns(runDoc: Int32Array, runStart: Int32Array, runs: number): void {
    const { buffer } = this.memory as WasmMemory;
    new Int32Array(buffer, this.runDocAt, runs).set(runDoc.subarray(0, runs));
    new Int32Array(buffer, this.runStartAt, runs).set(runStart.subarray(0, runs));
    this.runCount = runs;
  }

  /**
   * The windows of one band's single coded chunk (`n` windows of the documents given to
   * {@link setRuns}) whose key another document may hold — the keys stored twice or more, by their
   * bits in a set of 2^`setBits` (the top bits after multiplying by 0x9e3779b1) — into {@link docs}
   * and {@link keys} from index 0, in window order. Returns how many.
   */
  gather(chunk: KeyChunk, n: number, setBits: number): number {
    const x = this.exports as Exports;
    const { buffer } = this.memory as WasmMemory;
    const setBytes = 1 << (setBits - 3);
    const shift = 32 - setBits;
    new Uint32Array(buffer, this.codedAt, chunk.keys.length).set(chunk.keys);
    new Uint8Array(buffer, this.sameAt, chunk.same.length).set(chunk.same);
    new Uint8Array(buffer, this.seenAt, 2 * setBytes).fill(0);
    x.mark(this.codedAt, chunk.keys.length, this.seenAt, this.seenAt + setBytes, shift);
    return x.gather(this.codedAt, this.sameAt, n, this.runDocAt, this.runStartAt, this.runCount, this.seenAt + setBytes, shift, this.docsAt, this.keysAt);
  }

  /**
   * Sort the windows `[s, e)` of {@link docs}/{@link keys} by key into {@link sortedDocs}/
   * {@link sortedKeys} from index 0 — a stable counting sort on `bits` bits of the key from bit
   * `shift`, each bucket finished by an insertion sort — and hand each run of equal keys to `pair`
   * (local indices).
   */
  sort(s: number, e: number, shift: number, bits: number, pair: (s: number, e: number) => void): void {
    const found = (this.exports as Exports).sort(this.docsAt, this.keysAt, s, e, shift, bits, this.countsAt, this.sortedDocsAt, this.sortedKeysAt, this.runsAt);
    const runs = this.runs;
    for (let i = 0; i < found; i++) pair(runs[2 * i], runs[2 * i + 1]);
  }
}
