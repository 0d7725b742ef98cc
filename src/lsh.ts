/**
 * Stage 3 (lsh) — LSH banding over passage-window signatures.
 *
 * Each signature is cut into `bands` bands of `rows` values; each band is hashed to a 32-bit key
 * (band index mixed in). Windows whose keys agree in any band are candidates. Keys live in typed
 * arrays, one per band; candidates come from grouping window ids by key, band by band (a counting
 * sort on the top bits, about four windows to a bucket, then each bucket sorted in place: linear
 * time), then scanning runs of equal keys — no string maps. Hashing a whole band to one key loses
 * no recall: equal bands always give equal keys; unequal ones collide with probability 2^-32, and
 * such accidents are removed by verification.
 */
import { fmix32 } from './shingle.js';

/** Runs up to this size pair every member with every other. */
const FULL_RUN = 16;
/** Larger runs (boilerplate, mass reprints) pair each member with this many leaders only. */
const LEADERS = 8;

export class LshIndex {
  readonly bands: number;
  readonly rows: number;
  /** Band-major keys: band b of window w at `keys[b][w]` (each band is read in one sweep). */
  private keys: Uint32Array[];
  private docs: Int32Array;
  private count = 0;

  constructor(bands: number, rows: number) {
    this.bands = bands;
    this.rows = rows;
    this.keys = Array.from({ length: bands }, () => new Uint32Array(1024));
    this.docs = new Int32Array(1024);
  }

  /** Number of windows added. */
  get size(): number {
    return this.count;
  }

  /** Add the window signature `sig[at .. at + bands·rows)` of document `doc`. */
  add(doc: number, sig: Uint32Array, at: number): void {
    const { bands, rows } = this;
    if (this.count === this.docs.length) this.grow();
    const w = this.count;
    for (let b = 0; b < bands; b++) {
      let h = Math.imul(b + 1, 0x9e3779b1);
      const off = at + b * rows;
      for (let r = 0; r < rows; r++) h = Math.imul(h ^ sig[off + r], 0x01000193) + r;
      this.keys[b][w] = fmix32(h);
    }
    this.docs[this.count++] = doc;
  }

  private grow(): void {
    const cap = this.docs.length * 2;
    const docs = new Int32Array(cap);
    docs.set(this.docs);
    this.docs = docs;
    this.keys = this.keys.map((old) => {
      const grown = new Uint32Array(cap);
      grown.set(old);
      return grown;
    });
  }

  /**
   * Candidate document pairs: every pair of distinct documents with a window pair agreeing in at
   * least one band (in runs larger than FULL_RUN, each member is paired with the run's first
   * LEADERS documents, so mass duplicates stay linear).
   * @param accept - filter on (docA, docB), e.g. to skip pairs within one series
   * @param emit - receives each accepted (docA < docB) pair, possibly more than once
   */
  candidates(accept: (a: number, b: number) => boolean, emit: (a: number, b: number) => void): void {
    const n = this.count;
    const { bands, keys, docs } = this;
    const order = new Int32Array(n);
    // Keys in sorted order beside the window ids, so buckets are sorted and scanned sequentially.
    const sorted = new Uint32Array(n);
    // Buckets on the top `bits` bits of the key, about four windows to a bucket: the in-bucket
    // insertion sort stays constant-time per window however many windows there are.
    const bits = Math.max(8, Math.min(24, Math.ceil(Math.log2(Math.max(2, n))) - 2));
    const shift = 32 - bits;
    const buckets = 1 << bits;
    const counts = new Int32Array(buckets + 1);
    const leaders = new Int32Array(LEADERS);
    for (let b = 0; b < bands; b++) {
      // Counting sort of window ids by the top bits of their key (one stable pass), then each small
      // bucket is sorted by the whole key with an insertion sort (stable: window order is kept among
      // equal keys) and scanned for runs.
      const bandKeys = keys[b];
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[(bandKeys[i] >>> shift) + 1]++;
      for (let i = 1; i <= buckets; i++) counts[i] += counts[i - 1];
      for (let i = 0; i < n; i++) {
        const key = bandKeys[i];
        const at = counts[key >>> shift]++;
        order[at] = i;
        sorted[at] = key;
      }
      let bucketStart = 0;
      for (let top = 0; top < buckets; top++) {
        const bucketEnd = counts[top];
        if (bucketEnd - bucketStart > 1) {
          for (let x = bucketStart + 1; x < bucketEnd; x++) {
            const w = order[x];
            const key = sorted[x];
            let y = x - 1;
            while (y >= bucketStart && sorted[y] > key) {
              order[y + 1] = order[y];
              sorted[y + 1] = sorted[y];
              y--;
            }
            order[y + 1] = w;
            sorted[y + 1] = key;
          }
          for (let s = bucketStart; s < bucketEnd; ) {
            const key = sorted[s];
            let e = s + 1;
            while (e < bucketEnd && sorted[e] === key) e++;
            if (e - s > 1) this.pairRun(order, s, e, docs, leaders, accept, emit);
            s = e;
          }
        }
        bucketStart = bucketEnd;
      }
    }
  }

  private pairRun(
    order: Int32Array,
    s: number,
    e: number,
    docs: Int32Array,
    leaders: Int32Array,
    accept: (a: number, b: number) => boolean,
    emit: (a: number, b: number) => void,
  ): void {
    if (e - s <= FULL_RUN) {
      for (let i = s; i < e; i++) {
        for (let j = i + 1; j < e; j++) {
          const x = docs[order[i]];
          const y = docs[order[j]];
          if (x === y) continue;
          const a = x < y ? x : y;
          const b = x < y ? y : x;
          if (accept(a, b)) emit(a, b);
        }
      }
      return;
    }
    let nLeaders = 0;
    for (let i = s; i < e && nLeaders < LEADERS; i++) {
      const d = docs[order[i]];
      let seen = false;
      for (let l = 0; l < nLeaders; l++) if (leaders[l] === d) seen = true;
      if (!seen) leaders[nLeaders++] = d;
    }
    for (let i = s; i < e; i++) {
      const d = docs[order[i]];
      for (let l = 0; l < nLeaders; l++) {
        const x = leaders[l];
        if (x === d) continue;
        const a = x < d ? x : d;
        const b = x < d ? d : x;
        if (accept(a, b)) emit(a, b);
      }
    }
  }
}
