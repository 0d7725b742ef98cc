/**
 * Stage 5 — LSH banding over passage-window signatures.
 *
 * Each signature is cut into `bands` bands of `rows` values; each band is hashed to a 32-bit key
 * (band index mixed in). Windows whose keys agree in any band are candidates. Keys live in one
 * typed array; candidates come from sorting window ids by key, band by band (LSD radix sort, linear
 * time), then scanning runs of equal keys — no string maps. Hashing a whole band to one key loses no
 * recall: equal bands always give equal keys; unequal ones collide with probability 2^-32, and such
 * accidents are removed by verification.
 */
import { fmix32 } from './shingle.js';

/** Runs up to this size pair every member with every other. */
const FULL_RUN = 16;
/** Larger runs (boilerplate, mass reprints) pair each member with this many leaders only. */
const LEADERS = 8;

export class LshIndex {
  readonly bands: number;
  readonly rows: number;
  private keys: Uint32Array;
  private docs: Int32Array;
  private count = 0;

  constructor(bands: number, rows: number) {
    this.bands = bands;
    this.rows = rows;
    this.keys = new Uint32Array(1024 * bands);
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
    const base = this.count * bands;
    for (let b = 0; b < bands; b++) {
      let h = Math.imul(b + 1, 0x9e3779b1);
      const off = at + b * rows;
      for (let r = 0; r < rows; r++) h = Math.imul(h ^ sig[off + r], 0x01000193) + r;
      this.keys[base + b] = fmix32(h);
    }
    this.docs[this.count++] = doc;
  }

  private grow(): void {
    const cap = this.docs.length * 2;
    const docs = new Int32Array(cap);
    docs.set(this.docs);
    this.docs = docs;
    const keys = new Uint32Array(cap * this.bands);
    keys.set(this.keys);
    this.keys = keys;
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
    let order = new Int32Array(n);
    let tmp = new Int32Array(n);
    const bandKeys = new Uint32Array(n);
    const counts = new Int32Array(65537);
    const leaders = new Int32Array(LEADERS);
    for (let b = 0; b < bands; b++) {
      for (let i = 0; i < n; i++) {
        bandKeys[i] = keys[i * bands + b];
        order[i] = i;
      }
      // LSD radix sort of window ids by key: low 16 bits, then high 16 bits (stable).
      for (let pass = 0; pass < 2; pass++) {
        const shift = pass * 16;
        counts.fill(0);
        for (let i = 0; i < n; i++) counts[((bandKeys[order[i]] >>> shift) & 0xffff) + 1]++;
        for (let i = 1; i <= 65536; i++) counts[i] += counts[i - 1];
        for (let i = 0; i < n; i++) {
          const w = order[i];
          tmp[counts[(bandKeys[w] >>> shift) & 0xffff]++] = w;
        }
        const t = order;
        order = tmp;
        tmp = t;
      }
      for (let s = 0; s < n; ) {
        const key = bandKeys[order[s]];
        let e = s + 1;
        while (e < n && bandKeys[order[e]] === key) e++;
        if (e - s > 1) this.pairRun(order, s, e, docs, leaders, accept, emit);
        s = e;
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
