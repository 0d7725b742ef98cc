/**
 * Stage 3 (lsh) — LSH banding over passage-window signatures.
 *
 * Each signature is cut into `bands` bands of `rows` values; each band is hashed to a 32-bit key
 * (band index mixed in). Windows whose keys agree in any band are candidates. Keys live in typed
 * arrays, one per band; candidates come from grouping window ids by key, band by band (a counting
 * sort on the top bits, about four windows to a bucket, then each bucket sorted in place: linear
 * time), then scanning runs of equal keys — no string maps. Up to 2 M windows, only windows whose
 * key another document may hold are sorted (a bit set marks keys seen twice: {@link sharedKeyBits}).
 * The marking, gathering and sorting run in WebAssembly (`band-sorter.ts`). Hashing a whole band to
 * one key loses no recall: equal bands always give equal keys; unequal ones collide with
 * probability 2^-32, and such accidents are removed by verification.
 */
import { BandSorter } from './band-sorter.js';
import { fmix32 } from './shingle.js';
import { withRoom } from './typed-arrays.js';

/** Runs up to this size pair every member with every other. */
const FULL_RUN = 16;
/** Larger runs (boilerplate, mass reprints) pair each member with this many leaders only. */
const LEADERS = 8;
/** Distinct documents at the head of a large run considered as leaders (bounds the work per member). */
export const LEADER_SCAN = 256;

/** The key of band `b` of the signature at `sig[at ..]`: its `rows` values hashed, band index mixed in. */
function bandKey(sig: Uint32Array, at: number, b: number, rows: number): number {
  let h = Math.imul(b + 1, 0x9e3779b1);
  const off = at + b * rows;
  for (let r = 0; r < rows; r++) h = Math.imul(h ^ sig[off + r], 0x01000193) + r;
  return fmix32(h);
}

/** The band keys of the signature `sig[at .. at + bands·rows)` into `out[outAt .. outAt + bands)`. */
export function bandKeys(sig: Uint32Array, at: number, bands: number, rows: number, out: Uint32Array, outAt: number): void {
  for (let b = 0; b < bands; b++) out[outAt + b] = bandKey(sig, at, b, rows);
}

const NO_KEYS = new Uint32Array(0);

/**
 * Windows per chunk of the index's arrays. Keys and documents are kept in chunks of this many
 * windows, so that the index grows without copying (a doubling array holds its old and new copies
 * at once: 4 GB of band keys at the last doubling of a million documents' 37 M windows), and each
 * band's chunks can be moved to a worker or released, one band at a time, as soon as it is grouped.
 */
const CHUNK_BITS = 21;
const CHUNK = 1 << CHUNK_BITS;

/**
 * One chunk of a band's keys, coded: a window whose key equals the key of the window before it (in
 * the chunk, of the same document) is a set bit of `same` and no entry of `keys`. Overlapping
 * windows often agree in a band (28 % of entries on SaudiNewsNet and on the synthetic corpus), so a
 * chunk takes about 3 bytes a window instead of 4 — 0.57 GB less at a million documents' 37.6 M
 * windows. The coding is lossless: every window keeps its entry, and grouping sees the same runs.
 */
export interface KeyChunk {
  /**
   * Keys of the windows whose bit is clear, in window order (the chunk's first window and each
   * document's first always).
   */
  keys: Uint32Array;
  /** Bit i (byte i >> 3, bit i & 7): window i of the chunk has the key of window i − 1. */
  same: Uint8Array;
}

/**
 * The arrays of an index, for grouping bands elsewhere (a task, a worker): band keys (`keys[b]`
 * holds band b's chunks, each with array buffers of its own) and the documents of the windows as
 * runs (windows `start[r] ..` belong to document `doc[r]`: one entry per document, not per window).
 */
export interface LshArrays {
  keys: KeyChunk[][];
  runs: { doc: Int32Array; start: Int32Array };
  /** Number of windows (chunk c holds windows c·2^21 … of them, in order). */
  count: number;
}

/** The array buffers of some chunks, to move rather than copy. */
export function chunkBuffers(chunks: readonly KeyChunk[]): ArrayBuffer[] {
  return chunks.flatMap((c) => [c.keys.buffer as ArrayBuffer, c.same.buffer as ArrayBuffer]);
}

/** An LSH index of passage windows: band keys per window, grouped into candidate document pairs. */
export class LshIndex {
  readonly bands: number;
  readonly rows: number;
  /** Band-major coded chunks: band b of window w is in `keys[b][w >>> CHUNK_BITS]`, at `w & (CHUNK − 1)`. */
  private keys: KeyChunk[][];
  private count = 0;
  /** Windows the last chunk has room for (the first one starts small and grows to CHUNK). */
  private room = 0;
  /**
   * Per band: the last chunk's keys as they come (room for one a window; copied into the chunk,
   * at its size, when it is sealed, and reused for the next chunk — allocating and freeing a room
   * per chunk left 0.3–1 GB of freed memory resident at a million documents), how many there are,
   * and the last window's key.
   */
  private open: Uint32Array[];
  private distinct: Int32Array;
  private last: Uint32Array;
  private runDoc: Int32Array = new Int32Array(64);
  private runStart: Int32Array = new Int32Array(64);
  private runs = 0;
  /** Whether the window being added is its document's first (its keys are stored, never coded as repeats). */
  private startsDocument = false;
  /** One window's band keys ({@link add}). */
  private readonly scratch: Uint32Array;

  constructor(bands: number, rows: number) {
    this.bands = bands;
    this.rows = rows;
    this.keys = Array.from({ length: bands }, () => []);
    this.open = Array.from({ length: bands }, () => NO_KEYS);
    this.distinct = new Int32Array(bands);
    this.last = new Uint32Array(bands);
    this.scratch = new Uint32Array(bands);
  }

  /** Number of windows added. */
  get size(): number {
    return this.count;
  }

  /** Add the window signature `sig[at .. at + bands·rows)` of document `doc`. */
  add(doc: number, sig: Uint32Array, at: number): void {
    bandKeys(sig, at, this.bands, this.rows, this.scratch, 0);
    this.addWindows(doc, this.scratch, 0, 1);
  }

  /** Add a window of document `doc` by its band keys `keys[at .. at + bands)` (see {@link bandKeys}). */
  addKeys(doc: number, keys: Uint32Array, at: number): void {
    this.addWindows(doc, keys, at, 1);
  }

  /**
   * Add `count` consecutive windows of document `doc` by their band keys: window t's at
   * `keys[at + t·bands ..)`. Band by band, so each band's arrays are written in one stretch
   * (a window at a time, the fifteen bands' arrays took turns: 0.45–0.65 s for SaudiNewsNet's
   * 1.9 M windows).
   */
  addWindows(doc: number, keys: Uint32Array, at: number, count: number): void {
    const bands = this.bands;
    for (let done = 0; done < count; ) {
      const x0 = this.count & (CHUNK - 1);
      const k = this.reserve(doc, count - done);
      // The first window of a document is stored, never coded as a repeat of the one before.
      const from = this.startsDocument || x0 === 0 ? 1 : 0;
      for (let b = 0; b < bands; b++) {
        const band = this.keys[b];
        const same = band[band.length - 1].same;
        const open = this.open[b];
        let distinct = this.distinct[b];
        let last = this.last[b];
        let i = at + done * bands + b;
        if (from === 1) {
          open[distinct++] = last = keys[i];
          i += bands;
        }
        for (let t = from; t < k; t++, i += bands) {
          const key = keys[i];
          if (key === last) {
            const x = x0 + t;
            same[x >>> 3] |= 1 << (x & 7);
          } else {
            open[distinct++] = last = key;
          }
        }
        this.distinct[b] = distinct;
        this.last[b] = last;
      }
      done += k;
    }
  }

  /**
   * Room for up to `want` more windows of document `doc` in the last chunk (a new chunk when it is
   * full): returns how many (at least one), counted as added from the chunk's place `size & (CHUNK − 1)`.
   */
  private reserve(doc: number, want: number): number {
    const w = this.count;
    const x = w & (CHUNK - 1);
    if (x === 0 && (w > 0 || this.room === 0)) {
      // The first chunk starts small (most corpora are small); later ones are full size.
      this.seal();
      this.distinct.fill(0);
      this.room = w === 0 ? 1024 : CHUNK;
      for (let b = 0; b < this.bands; b++) {
        this.keys[b].push({ keys: NO_KEYS, same: new Uint8Array(this.room >>> 3) });
        if (this.open[b].length < this.room) this.open[b] = new Uint32Array(this.room);
      }
    }
    if (x + want > this.room && this.room < CHUNK) {
      while (x + want > this.room && this.room < CHUNK) this.room *= 2;
      for (let b = 0; b < this.bands; b++) {
        const band = this.keys[b];
        band[band.length - 1].same = withRoom(band[band.length - 1].same, this.room >>> 3);
        this.open[b] = withRoom(this.open[b], this.room);
      }
    }
    this.startsDocument = this.runs === 0 || this.runDoc[this.runs - 1] !== doc;
    if (this.startsDocument) {
      this.runDoc = withRoom(this.runDoc, this.runs + 1);
      this.runStart = withRoom(this.runStart, this.runs + 1);
      this.runDoc[this.runs] = doc;
      this.runStart[this.runs++] = w;
    }
    const k = Math.min(want, this.room - x);
    this.count += k;
    return k;
  }

  /** Give the last chunk of each band its keys so far, at their size (an index built here; not one over given chunks). */
  private seal(): void {
    if (this.room <= 0) return;
    for (let b = 0; b < this.bands; b++) {
      const band = this.keys[b];
      if (band.length > 0) band[band.length - 1].keys = this.open[b].slice(0, this.distinct[b]);
    }
  }

  /** The index's arrays, each band's keys and the documents in one plain array each, `size` windows. */
  arrays(): { keys: Uint32Array[]; docs: Int32Array } {
    this.seal();
    return {
      keys: this.keys.map((chunks) => {
        const flat = new Uint32Array(this.count);
        for (let c = 0; c < chunks.length; c++) {
          const from = c << CHUNK_BITS;
          expandChunk(chunks[c], Math.min(CHUNK, this.count - from), flat.subarray(from));
        }
        return flat;
      }),
      docs: windowDocs(this.runDoc.subarray(0, this.runs), this.runStart.subarray(0, this.runs), this.count),
    };
  }

  /**
   * The index's arrays, in chunks, taken out of the index (which is empty afterwards): whoever
   * holds them can move them to workers or release each band once it is grouped.
   */
  take(): LshArrays {
    this.seal();
    const taken = { keys: this.keys, runs: { doc: this.runDoc.slice(0, this.runs), start: this.runStart.slice(0, this.runs) }, count: this.count };
    this.keys = Array.from({ length: this.bands }, () => []);
    this.open.fill(NO_KEYS);
    this.count = 0;
    this.room = 0;
    this.runs = 0;
    return taken;
  }

  /** An index over plain arrays (as returned by {@link arrays}); `keys` may hold a range of bands only. */
  static fromArrays(rows: number, keys: Uint32Array[], docs: Int32Array): LshIndex {
    const index = new LshIndex(keys.length, rows);
    const window = new Uint32Array(keys.length);
    for (let w = 0; w < docs.length; w++) {
      for (let b = 0; b < keys.length; b++) window[b] = keys[b][w];
      index.addKeys(docs[w], window, 0);
    }
    return LshIndex.fromChunks(rows, index.take());
  }

  /** An index over given chunks (as returned by {@link take}); `keys` may hold a range of bands only. */
  static fromChunks(rows: number, arrays: LshArrays): LshIndex {
    const index = new LshIndex(arrays.keys.length, rows);
    index.keys = arrays.keys;
    index.count = arrays.count;
    index.room = -1; // not to be added to
    index.runDoc = arrays.runs.doc;
    index.runStart = arrays.runs.start;
    index.runs = arrays.runs.doc.length;
    return index;
  }

  /**
   * Candidate document pairs: every pair of distinct documents with a window pair agreeing in at
   * least one band (in runs larger than FULL_RUN, each member is paired with the first LEADERS of
   * the run's documents that `accept` takes with it, so mass duplicates stay linear).
   * @param accept - filter on (docA, docB), e.g. to skip pairs within one series
   * @param emit - receives each accepted (docA < docB) pair, possibly more than once
   * @param release - let go of each band's keys once it is grouped (the index is spent afterwards)
   * @param sliceWindows - windows of a slice of the two-pass sort's copy (tests make it small)
   */
  candidates(
    accept: (a: number, b: number) => boolean,
    emit: (a: number, b: number) => void,
    release = false,
    sliceWindows = SLICE_WINDOWS,
  ): void {
    this.seal();
    const n = this.count;
    const { keys, runDoc, runStart, runs } = this;
    const leaders = new Int32Array(LEADER_SCAN);
    const sink: PairSink = { accept, emit };
    if (n <= ONE_PASS_WINDOWS && keys.every((chunks) => chunks.length <= 1)) {
      // Only windows whose key another document may hold are sorted (a third of SaudiNewsNet's),
      // then one stable counting sort on the top bits, about four windows to a bucket.
      const set = sharedKeyBits(n);
      const sorter = new BandSorter();
      sorter.reserve(n, n, onePassBits(n), runs, 1 << (set - 3));
      if (n > 0) sorter.setRuns(runDoc, runStart, runs);
      const pair = (s: number, e: number): void => pairRun(sorter.sortedDocs, s, e, leaders, sink);
      for (let b = 0; b < keys.length; b++) {
        if (n > 0) {
          const m = sorter.gather(keys[b][0], n, set);
          const bits = onePassBits(m);
          sorter.sort(0, m, 32 - bits, bits, pair);
        }
        if (release) keys[b] = [];
      }
      return;
    }
    // Many windows: a scatter into 2^24 buckets of arrays larger than the caches is a cache miss
    // per window. Two passes instead, each into few enough buckets to stay in cache: the top
    // TOP_BITS bits into a copy (documents and keys), then each of those buckets on its next bits.
    // The copy is made a slice of top buckets at a time, each slice about SLICE_WINDOWS windows,
    // so it takes 8 bytes a window of one slice, not of the band (a sequential read of the band's
    // keys per slice is the price: 300 MB less at 37.6 M windows).
    // No filter of shared keys here: at this size its bit sets outgrow the caches (2 × 16 MB at 37.6 M
    // windows), and a cache miss to mark and one to test every key cost more than the sort saves
    // (the synthetic million's lsh stage took 87 s with it, 54 s without).
    const T = 1 << TOP_BITS;
    const cap = Math.ceil(n / Math.ceil(n / sliceWindows));
    const top = new Int32Array(T + 1);
    // The slice's copy is the sorter's windows to sort; each top bucket is sorted on its next bits.
    const sorter = new BandSorter();
    const bucketBits = (size: number): number => Math.max(0, Math.min(32 - TOP_BITS, Math.ceil(Math.log2(size)) - 2));
    const pair = (s: number, e: number): void => pairRun(sorter.sortedDocs, s, e, leaders, sink);
    for (let b = 0; b < keys.length; b++) {
      const chunks = keys[b];
      top.fill(0);
      for (let c = 0; c < chunks.length; c++) {
        const { keys: coded, same } = chunks[c];
        const m = Math.min(CHUNK, n - (c << CHUNK_BITS));
        // Windows whose key repeats the one before count in its bucket.
        for (let i = 0, j = 0; i < m; i++) {
          j += stored(same, i);
          const key = coded[j - 1];
          top[(key >>> (32 - TOP_BITS)) + 1]++;
        }
      }
      // Room for the largest slice and the largest bucket (the sorter's memory is made before it is
      // filled): a slice outgrows `cap` only when it is one top bucket, so the largest bucket bounds it.
      let largest = 1;
      for (let t = 1; t <= T; t++) largest = Math.max(largest, top[t]);
      sorter.reserve(Math.max(cap, largest), largest, bucketBits(largest));
      // top[t] is the start of bucket t.
      for (let t = 1; t <= T; t++) top[t] += top[t - 1];
      const topDocs = sorter.docs;
      const topSorted = sorter.keys;
      for (let t0 = 0; t0 < T; ) {
        // The slice: top buckets t0 … t1 − 1, at least one.
        let t1 = t0 + 1;
        while (t1 < T && top[t1 + 1] - top[t0] <= cap) t1++;
        const base = top[t0];
        // Windows in order, each with the document of its run.
        let w = 0;
        let r = -1;
        let doc = -1;
        let next = 0;
        for (let c = 0; c < chunks.length; c++) {
          const { keys: coded, same } = chunks[c];
          const m = Math.min(CHUNK, n - w);
          for (let i = 0, j = 0; i < m; i++, w++) {
            while (w === next) {
              doc = runDoc[++r];
              next = r + 1 < runs ? runStart[r + 1] : n;
            }
            j += stored(same, i);
            const key = coded[j - 1];
            const t = key >>> (32 - TOP_BITS);
            if (t < t0 || t >= t1) continue;
            const at = top[t]++ - base;
            topDocs[at] = doc;
            topSorted[at] = key;
          }
        }
        // top[t] is now the end of bucket t (for t0 ≤ t < t1).
        let start = 0;
        for (let t = t0; t < t1; t++) {
          const end = top[t] - base;
          const size = end - start;
          if (size > 1) {
            const bits = bucketBits(size);
            sorter.sort(start, end, 32 - TOP_BITS - bits, bits, pair);
          }
          start = end;
        }
        t0 = t1;
      }
      if (release) keys[b] = [];
    }
  }
}

/**
 * Bits of the set of keys that two documents may share (the one-pass grouping): about eight per
 * window, 2 MB at most for its 2^21 windows, so that a key seen once passes with a chance of about
 * one in eight. Every stored key (a window whose key differs from the window before it, or the
 * first of its document) marks its bit, and a bit marked twice lets its keys pass. A key held by
 * two documents is stored twice, so it always passes; a key of one window, or of one document's
 * consecutive windows (coded as repeats), passes only when its bit collides. Grouping the passing
 * windows alone finds every run of two or more documents, its windows in the same order, so the
 * pairs are the same: most keys are held by one document (two in three of SaudiNewsNet's windows
 * are left out of the sort). A key's bit is its top bits after multiplying by 0x9e3779b1 (an odd
 * number), so keys of any spread, not only hashes, fill the set.
 */
function sharedKeyBits(windows: number): number {
  return Math.max(16, Math.min(24, Math.ceil(Math.log2(Math.max(2, windows))) + 3));
}

/** The document of each of `count` windows, from the runs of {@link LshArrays}. */
function windowDocs(doc: Int32Array, start: Int32Array, count: number): Int32Array {
  const docs = new Int32Array(count);
  for (let r = 0; r < doc.length; r++) docs.fill(doc[r], start[r], r + 1 < doc.length ? start[r + 1] : count);
  return docs;
}

/**
 * 1 when window i of a chunk has a stored key, 0 when it repeats the key before: decoding adds this
 * up (`j += stored(same, i)`, the key is `keys[j − 1]`), without a branch to mispredict.
 */
function stored(same: Uint8Array, i: number): number {
  return ((same[i >>> 3] >>> (i & 7)) & 1) ^ 1;
}

/** The keys of the first `m` windows of a coded chunk, into `out[0 .. m)`. */
function expandChunk(chunk: KeyChunk, m: number, out: Uint32Array): void {
  const { keys, same } = chunk;
  for (let i = 0, j = 0; i < m; i++) {
    j += stored(same, i);
    out[i] = keys[j - 1];
  }
}

/**
 * Up to this many windows, one counting-sort pass per band (its arrays stay in cache). Measured
 * (3 bands of random keys): 2 M windows 173 ms one pass, 223 ms two; 4 M 601 / 387 ms; 30 M
 * 7.0 / 2.9 s.
 */
const ONE_PASS_WINDOWS = CHUNK;
/** Bits of the first of two passes for more windows. */
const TOP_BITS = 11;
/** Windows of one slice of the first pass's copy (see {@link LshIndex.candidates}). */
const SLICE_WINDOWS = 1 << 23;

/** Bits of a one-pass counting sort of `n` windows: about four windows to a bucket. */
function onePassBits(n: number): number {
  return Math.max(8, Math.min(24, Math.ceil(Math.log2(Math.max(2, n))) - 2));
}

/**
 * The first `count` windows of `keys`/`docs` sorted by key, equal keys in window order: the stable
 * one-pass counting sort of {@link LshIndex.candidates} (about four windows to a bucket, each
 * finished by an insertion sort), without the pairing. A persistent index's new segment is sorted so.
 * @param sorter - a sorter to reuse (one for a segment's bands: a new memory for each band cost the
 *   18 daily adds of SaudiNewsNet about 0.5 s in page faults)
 */
export function sortWindows(keys: Uint32Array, docs: Int32Array, count: number, sorter = new BandSorter()): { keys: Uint32Array; docs: Int32Array } {
  const bits = onePassBits(count);
  sorter.reserve(count, count, bits);
  sorter.keys.set(keys.subarray(0, count));
  sorter.docs.set(docs.subarray(0, count));
  sorter.sort(0, count, 32 - bits, bits, () => undefined);
  return { keys: sorter.sortedKeys.slice(0, count), docs: sorter.sortedDocs.slice(0, count) };
}

/**
 * Where {@link pairRun} sends a run's pairs: `accept` filters (a < b), `emit` receives. A persistent
 * index implements it with a class, so that V8's optimized `pairRun` calls the same methods from one
 * add to the next (closures made anew at every add made it compile `pairRun` again each time).
 */
export interface PairSink {
  accept(a: number, b: number): boolean;
  emit(a: number, b: number): void;
}

/**
 * Candidate pairs of one run of equal band keys: the documents of its windows, `runDocs[s..e)`, in
 * insertion order. Every pair in a run up to FULL_RUN windows; in a larger one each member with the
 * first LEADERS leaders `sink.accept` takes with it. The persistent index pairs its runs here too, so that
 * an index grown add by add counts the collisions a batch run counts.
 * @param leaders - scratch of LEADER_SCAN entries
 */
export function pairRun(runDocs: Int32Array, s: number, e: number, leaders: Int32Array, sink: PairSink): void {
  if (e - s <= FULL_RUN) {
    for (let i = s; i < e; i++) {
      for (let j = i + 1; j < e; j++) {
        const x = runDocs[i];
        const y = runDocs[j];
        if (x === y) continue;
        const a = x < y ? x : y;
        const b = x < y ? y : x;
        if (sink.accept(a, b)) sink.emit(a, b);
      }
    }
    return;
  }
  // Leaders: the run's first distinct documents (up to LEADER_SCAN). Each member pairs with the
  // first LEADERS of them that `accept` takes with it — leaders of its own series do not count,
  // or a member whose series holds the run's first documents would be paired with no one.
  let nLeaders = 0;
  for (let i = s; i < e && nLeaders < LEADER_SCAN; i++) {
    const d = runDocs[i];
    let seen = false;
    for (let l = nLeaders - 1; l >= 0 && !seen; l--) if (leaders[l] === d) seen = true;
    if (!seen) leaders[nLeaders++] = d;
  }
  for (let i = s; i < e; i++) {
    const d = runDocs[i];
    let paired = 0;
    for (let l = 0; l < nLeaders && paired < LEADERS; l++) {
      const x = leaders[l];
      if (x === d) continue;
      const a = x < d ? x : d;
      const b = x < d ? d : x;
      if (sink.accept(a, b)) {
        sink.emit(a, b);
        paired++;
      }
    }
  }
}
