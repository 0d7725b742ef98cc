/**
 * Stage 3 (lsh) — a set of document-index pairs (a < b) with a hit count each, in open-addressing
 * typed arrays.
 */
import { fmix32 } from './shingle.js';

export class PairSet {
  private a: Int32Array;
  private b: Int32Array;
  private hits: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.a = new Int32Array(cap).fill(-1);
    this.b = new Int32Array(cap);
    this.hits = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Add `hits` hits (one by default) for the pair (a, b). */
  add(a: number, b: number, hits = 1): void {
    if (this.count * 2 >= this.a.length) this.rehash();
    let slot = fmix32(Math.imul(a, 0x9e3779b1) ^ b) & this.mask;
    for (;;) {
      const x = this.a[slot];
      if (x === -1) {
        this.a[slot] = a;
        this.b[slot] = b;
        this.hits[slot] = hits;
        this.count++;
        return;
      }
      if (x === a && this.b[slot] === b) {
        this.hits[slot] += hits;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private rehash(): void {
    const { a, b, hits } = this;
    const cap = a.length * 2;
    this.a = new Int32Array(cap).fill(-1);
    this.b = new Int32Array(cap);
    this.hits = new Int32Array(cap);
    this.mask = cap - 1;
    this.count = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== -1) this.add(a[i], b[i], hits[i]);
  }

  /** The hits of the pair (a, b) (0 if absent). */
  hitsOf(a: number, b: number): number {
    let slot = fmix32(Math.imul(a, 0x9e3779b1) ^ b) & this.mask;
    for (;;) {
      const x = this.a[slot];
      if (x === -1) return 0;
      if (x === a && this.b[slot] === b) return this.hits[slot];
      slot = (slot + 1) & this.mask;
    }
  }

  /** The pairs with at least `minHits` hits, sorted by (a, b), as parallel arrays with their hits. */
  sorted(minHits = 1): SortedPairs {
    let n = 0;
    let max = 0;
    for (let i = 0; i < this.a.length; i++) {
      if (this.a[i] !== -1 && this.hits[i] >= minHits) {
        n++;
        if (this.b[i] > max) max = this.b[i];
      }
    }
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    const hits = new Int32Array(n);
    if (max < 2 ** 26) {
      // Both indices fit in 52 bits together: sort packed keys numerically (exact in a double).
      const keys = new Float64Array(n);
      for (let i = 0, k = 0; i < this.a.length; i++) {
        if (this.a[i] !== -1 && this.hits[i] >= minHits) keys[k++] = this.a[i] * 2 ** 26 + this.b[i];
      }
      keys.sort();
      keys.forEach((key, i) => {
        a[i] = Math.floor(key / 2 ** 26);
        b[i] = key - a[i] * 2 ** 26;
        hits[i] = this.hitsOf(a[i], b[i]);
      });
    } else {
      const slots: number[] = [];
      for (let i = 0; i < this.a.length; i++) if (this.a[i] !== -1 && this.hits[i] >= minHits) slots.push(i);
      slots.sort((x, y) => this.a[x] - this.a[y] || this.b[x] - this.b[y]);
      slots.forEach((slot, i) => {
        a[i] = this.a[slot];
        b[i] = this.b[slot];
        hits[i] = this.hits[slot];
      });
    }
    return { a, b, hits };
  }
}

/** Document pairs sorted by (a, b), each once, with their hits. */
export interface SortedPairs {
  a: Int32Array;
  b: Int32Array;
  hits: Int32Array;
}

/**
 * The pairs of several sorted lists (as {@link PairSet.sorted} returns them) with at least `minHits`
 * hits added up over the lists, sorted by (a, b): what one set holding every list's hits would
 * return, without a table of every pair (a merge: a few bytes a pair less than a hash table that
 * is at most half full).
 */
export function mergeSorted(lists: readonly SortedPairs[], minHits: number): SortedPairs {
  const at = new Int32Array(lists.length);
  const a: number[] = [];
  const b: number[] = [];
  const hits: number[] = [];
  for (;;) {
    // The least (a, b) at the head of a list (lists are few: one or two per thread).
    let ma = -1;
    let mb = -1;
    for (let l = 0; l < lists.length; l++) {
      const i = at[l];
      if (i === lists[l].a.length) continue;
      const x = lists[l].a[i];
      const y = lists[l].b[i];
      if (ma < 0 || x < ma || (x === ma && y < mb)) {
        ma = x;
        mb = y;
      }
    }
    if (ma < 0) break;
    let sum = 0;
    for (let l = 0; l < lists.length; l++) {
      const i = at[l];
      if (i < lists[l].a.length && lists[l].a[i] === ma && lists[l].b[i] === mb) {
        sum += lists[l].hits[i];
        at[l]++;
      }
    }
    if (sum >= minHits) {
      a.push(ma);
      b.push(mb);
      hits.push(sum);
    }
  }
  return { a: Int32Array.from(a), b: Int32Array.from(b), hits: Int32Array.from(hits) };
}
