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

/** An LSH index of passage windows: band keys per window, grouped into candidate document pairs. */
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
    if (this.count === this.docs.length) this.grow();
    const w = this.count;
    for (let b = 0; b < this.bands; b++) this.keys[b][w] = bandKey(sig, at, b, this.rows);
    this.docs[this.count++] = doc;
  }

  /** Add a window of document `doc` by its band keys `keys[at .. at + bands)` (see {@link bandKeys}). */
  addKeys(doc: number, keys: Uint32Array, at: number): void {
    if (this.count === this.docs.length) this.grow();
    const w = this.count;
    for (let b = 0; b < this.bands; b++) this.keys[b][w] = keys[at + b];
    this.docs[this.count++] = doc;
  }

  /**
   * The index's arrays, for grouping bands elsewhere (a worker): band keys (one array per band,
   * `size` windows each) and the document of each window. The index must not be used afterwards
   * when the arrays are transferred.
   */
  arrays(): { keys: Uint32Array[]; docs: Int32Array } {
    return { keys: this.keys.map((k) => k.subarray(0, this.count)), docs: this.docs.subarray(0, this.count) };
  }

  /** An index over given arrays (as returned by {@link arrays}); `keys` may hold a range of bands only. */
  static fromArrays(rows: number, keys: Uint32Array[], docs: Int32Array): LshIndex {
    const index = new LshIndex(keys.length, rows);
    index.keys = keys;
    index.docs = docs;
    index.count = docs.length;
    return index;
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
   * least one band (in runs larger than FULL_RUN, each member is paired with the first LEADERS of
   * the run's documents that `accept` takes with it, so mass duplicates stay linear).
   * @param accept - filter on (docA, docB), e.g. to skip pairs within one series
   * @param emit - receives each accepted (docA < docB) pair, possibly more than once
   * @param fromBand - first band grouped (bands are independent: a range can be grouped apart)
   * @param toBand - band after the last one grouped
   */
  candidates(
    accept: (a: number, b: number) => boolean,
    emit: (a: number, b: number) => void,
    fromBand = 0,
    toBand = this.bands,
  ): void {
    const n = this.count;
    const { keys, docs } = this;
    // Window ids in key order (stable: window order is kept among equal keys), with their keys
    // beside them, so buckets are sorted and scanned sequentially.
    const order = new Int32Array(n);
    const sorted = new Uint32Array(n);
    const leaders = new Int32Array(LEADER_SCAN);
    const pair = (s: number, e: number): void => pairRun(order, s, e, docs, leaders, accept, emit);
    if (n <= ONE_PASS_WINDOWS) {
      // One stable counting sort on the top bits, about four windows to a bucket.
      const bits = Math.max(8, Math.min(24, Math.ceil(Math.log2(Math.max(2, n))) - 2));
      const counts = new Int32Array((1 << bits) + 1);
      for (let b = fromBand; b < toBand; b++) {
        bucketSort(null, keys[b], 0, n, 32 - bits, bits, counts, order, sorted, pair);
      }
      return;
    }
    // Many windows: a scatter into 2^24 buckets of arrays larger than the caches is a cache miss
    // per window. Two passes instead, each into few enough buckets to stay in cache: the top
    // TOP_BITS bits into a copy, then each of those buckets on its next bits, back in place.
    const topOrder = new Int32Array(n);
    const topSorted = new Uint32Array(n);
    const top = new Int32Array((1 << TOP_BITS) + 1);
    let counts = new Int32Array(1 << 8);
    for (let b = fromBand; b < toBand; b++) {
      const bandKeys = keys[b];
      top.fill(0);
      for (let i = 0; i < n; i++) top[(bandKeys[i] >>> (32 - TOP_BITS)) + 1]++;
      for (let t = 1; t <= 1 << TOP_BITS; t++) top[t] += top[t - 1];
      for (let i = 0; i < n; i++) {
        const key = bandKeys[i];
        const at = top[key >>> (32 - TOP_BITS)]++;
        topOrder[at] = i;
        topSorted[at] = key;
      }
      // top[t] is now the end of bucket t.
      let start = 0;
      for (let t = 0; t < 1 << TOP_BITS; t++) {
        const end = top[t];
        const size = end - start;
        if (size > 1) {
          const bits = Math.max(0, Math.min(32 - TOP_BITS, Math.ceil(Math.log2(size)) - 2));
          if (counts.length < (1 << bits) + 1) counts = new Int32Array((1 << bits) + 1);
          bucketSort(topOrder, topSorted, start, end, 32 - TOP_BITS - bits, bits, counts, order, sorted, pair);
        }
        start = end;
      }
    }
  }
}

/**
 * Up to this many windows, one counting-sort pass per band (its arrays stay in cache). Measured
 * (3 bands of random keys): 2 M windows 173 ms one pass, 223 ms two; 4 M 601 / 387 ms; 30 M
 * 7.0 / 2.9 s.
 */
const ONE_PASS_WINDOWS = 1 << 21;
/** Bits of the first of two passes for more windows. */
const TOP_BITS = 11;

/**
 * Sort the windows `[s, e)` by key into `order`/`sorted[s, e)` and hand each run of equal keys to
 * `pair`: a stable counting sort on `bits` bits of the key from bit `shift`, each bucket finished
 * by an insertion sort (stable). The source is `srcOrder`/`srcKeys[s, e)`, or with `srcOrder` null
 * the windows `0 … e` themselves with their keys `srcKeys[i]`.
 */
function bucketSort(
  srcOrder: Int32Array | null,
  srcKeys: Uint32Array,
  s: number,
  e: number,
  shift: number,
  bits: number,
  counts: Int32Array,
  order: Int32Array,
  sorted: Uint32Array,
  pair: (s: number, e: number) => void,
): void {
  const buckets = 1 << bits;
  const mask = buckets - 1;
  counts.fill(0, 0, buckets + 1);
  for (let x = s; x < e; x++) counts[((srcKeys[x] >>> shift) & mask) + 1]++;
  counts[0] = s;
  for (let t = 1; t <= buckets; t++) counts[t] += counts[t - 1];
  for (let x = s; x < e; x++) {
    const key = srcKeys[x];
    const at = counts[(key >>> shift) & mask]++;
    order[at] = srcOrder ? srcOrder[x] : x;
    sorted[at] = key;
  }
  // counts[t] is now the end of bucket t.
  let bucketStart = s;
  for (let t = 0; t < buckets; t++) {
    const bucketEnd = counts[t];
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
      for (let r = bucketStart; r < bucketEnd; ) {
        const key = sorted[r];
        let q = r + 1;
        while (q < bucketEnd && sorted[q] === key) q++;
        if (q - r > 1) pair(r, q);
        r = q;
      }
    }
    bucketStart = bucketEnd;
  }
}

/**
 * Candidate pairs of one run of equal band keys: windows `order[s..e)` of documents `docs[…]`, in
 * insertion order. Every pair in a run up to FULL_RUN windows; in a larger one each member with the
 * first LEADERS leaders `accept` takes with it. The persistent index pairs its runs here too, so that
 * an index grown add by add counts the collisions a batch run counts.
 * @param leaders - scratch of LEADER_SCAN entries
 */
export function pairRun(
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
  // Leaders: the run's first distinct documents (up to LEADER_SCAN). Each member pairs with the
  // first LEADERS of them that `accept` takes with it — leaders of its own series do not count,
  // or a member whose series holds the run's first documents would be paired with no one.
  let nLeaders = 0;
  for (let i = s; i < e && nLeaders < LEADER_SCAN; i++) {
    const d = docs[order[i]];
    let seen = false;
    for (let l = nLeaders - 1; l >= 0 && !seen; l--) if (leaders[l] === d) seen = true;
    if (!seen) leaders[nLeaders++] = d;
  }
  for (let i = s; i < e; i++) {
    const d = docs[order[i]];
    let paired = 0;
    for (let l = 0; l < nLeaders && paired < LEADERS; l++) {
      const x = leaders[l];
      if (x === d) continue;
      const a = x < d ? x : d;
      const b = x < d ? d : x;
      if (accept(a, b)) {
        emit(a, b);
        paired++;
      }
    }
  }
}
