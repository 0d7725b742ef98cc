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

  /** Every pair with its hits, in table order, as parallel arrays (to merge into another set). */
  entries(): { a: Int32Array; b: Int32Array; hits: Int32Array } {
    const a = new Int32Array(this.count);
    const b = new Int32Array(this.count);
    const hits = new Int32Array(this.count);
    let n = 0;
    for (let i = 0; i < this.a.length; i++) {
      if (this.a[i] === -1) continue;
      a[n] = this.a[i];
      b[n] = this.b[i];
      hits[n++] = this.hits[i];
    }
    return { a, b, hits };
  }

  /** The pairs with at least `minHits` hits, sorted by (a, b), as two parallel arrays. */
  sorted(minHits = 1): { a: Int32Array; b: Int32Array } {
    const slots: number[] = [];
    let max = 0;
    for (let i = 0; i < this.a.length; i++) {
      if (this.a[i] !== -1 && this.hits[i] >= minHits) {
        slots.push(i);
        if (this.b[i] > max) max = this.b[i];
      }
    }
    const a = new Int32Array(slots.length);
    const b = new Int32Array(slots.length);
    if (max < 2 ** 26) {
      // Both indices fit in 52 bits together: sort packed keys numerically (exact in a double).
      const keys = Float64Array.from(slots, (i) => this.a[i] * 2 ** 26 + this.b[i]).sort();
      keys.forEach((key, i) => {
        a[i] = Math.floor(key / 2 ** 26);
        b[i] = key - a[i] * 2 ** 26;
      });
    } else {
      slots.sort((x, y) => this.a[x] - this.a[y] || this.b[x] - this.b[y]);
      slots.forEach((slot, i) => {
        a[i] = this.a[slot];
        b[i] = this.b[slot];
      });
    }
    return { a, b };
  }
}
