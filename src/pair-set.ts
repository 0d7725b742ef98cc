/**
 * Stage 3 (lsh) — a set of document-index pairs (a < b) with a hit count each, in open-addressing
 * typed arrays.
 */
import { fmix32 } from './shingle.js';

export class PairSet {
  /**
   * Slot s: a at 3s (−1: empty), b at 3s + 1, hits at 3s + 2. A slot's fields share a cache line
   * (but for one slot in eight): the table is larger than the caches (960,000 pairs, 19 M adds on
   * SaudiNewsNet), and three parallel arrays cost up to three misses an add instead of one (adds
   * 22 % faster, the same memory).
   */
  private table: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.table = new Int32Array(cap * SLOT).fill(-1);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Add `hits` hits (one by default) for the pair (a, b). */
  add(a: number, b: number, hits = 1): void {
    if (this.count * 2 > this.mask) this.rehash();
    const table = this.table;
    let slot = fmix32(Math.imul(a, 0x9e3779b1) ^ b) & this.mask;
    for (;;) {
      const at = slot * SLOT;
      const x = table[at];
      if (x === -1) {
        table[at] = a;
        table[at + 1] = b;
        table[at + 2] = hits;
        this.count++;
        return;
      }
      if (x === a && table[at + 1] === b) {
        table[at + 2] += hits;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private rehash(): void {
    const old = this.table;
    const cap = (this.mask + 1) * 2;
    this.table = new Int32Array(cap * SLOT).fill(-1);
    this.mask = cap - 1;
    this.count = 0;
    for (let at = 0; at < old.length; at += SLOT) if (old[at] !== -1) this.add(old[at], old[at + 1], old[at + 2]);
  }

  /** The hits of the pair (a, b) (0 if absent). */
  hitsOf(a: number, b: number): number {
    const table = this.table;
    let slot = fmix32(Math.imul(a, 0x9e3779b1) ^ b) & this.mask;
    for (;;) {
      const at = slot * SLOT;
      const x = table[at];
      if (x === -1) return 0;
      if (x === a && table[at + 1] === b) return table[at + 2];
      slot = (slot + 1) & this.mask;
    }
  }

  /** The pairs with at least `minHits` hits, sorted by (a, b), as parallel arrays with their hits. */
  sorted(minHits = 1): SortedPairs {
    const table = this.table;
    let n = 0;
    let max = 0;
    for (let at = 0; at < table.length; at += SLOT) {
      if (table[at] !== -1 && table[at + 2] >= minHits) {
        n++;
        if (table[at + 1] > max) max = table[at + 1];
      }
    }
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    const hits = new Int32Array(n);
    if (max < 2 ** 26) {
      // Both indices fit in 52 bits together: sort packed keys numerically (exact in a double).
      const keys = new Float64Array(n);
      for (let at = 0, k = 0; at < table.length; at += SLOT) {
        if (table[at] !== -1 && table[at + 2] >= minHits) keys[k++] = table[at] * 2 ** 26 + table[at + 1];
      }
      keys.sort();
      keys.forEach((key, i) => {
        a[i] = Math.floor(key / 2 ** 26);
        b[i] = key - a[i] * 2 ** 26;
        hits[i] = this.hitsOf(a[i], b[i]);
      });
    } else {
      const slots: number[] = [];
      for (let at = 0; at < table.length; at += SLOT) if (table[at] !== -1 && table[at + 2] >= minHits) slots.push(at);
      slots.sort((x, y) => table[x] - table[y] || table[x + 1] - table[y + 1]);
      slots.forEach((at, i) => {
        a[i] = table[at];
        b[i] = table[at + 1];
        hits[i] = table[at + 2];
      });
    }
    return { a, b, hits };
  }
}

/** Int32 fields of a slot of {@link PairSet}: a, b, hits (12 bytes; a fourth, to align slots to 16, measured slower). */
const SLOT = 3;

/** Document pairs sorted by (a, b), each once, with their hits. */
export interface SortedPairs {
  a: Int32Array;
  b: Int32Array;
  hits: Int32Array;
}

/**
 * Sorted pair lists (as {@link PairSet.sorted} returns them) merged as they come, their hits added
 * up: what one set holding every list's hits would hold, without a table of every pair. Each list
 * is merged into the running one at once (two sorted runs of typed arrays), so that the merging of
 * the lists of earlier tasks overlaps the tasks still running.
 */
export class SortedPairsMerger {
  private merged: SortedPairs = { a: new Int32Array(0), b: new Int32Array(0), hits: new Int32Array(0) };

  add(list: SortedPairs): void {
    const x = this.merged;
    const nx = x.a.length;
    const ny = list.a.length;
    if (nx === 0) {
      this.merged = list;
      return;
    }
    const a = new Int32Array(nx + ny);
    const b = new Int32Array(nx + ny);
    const hits = new Int32Array(nx + ny);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < nx && j < ny) {
      const xa = x.a[i];
      const ya = list.a[j];
      const order = xa - ya || x.b[i] - list.b[j];
      if (order <= 0) {
        a[n] = xa;
        b[n] = x.b[i];
        hits[n] = x.hits[i++];
        if (order === 0) hits[n] += list.hits[j++];
      } else {
        a[n] = ya;
        b[n] = list.b[j];
        hits[n] = list.hits[j++];
      }
      n++;
    }
    // What is left of either list (one of them is spent).
    for (const [rest, from] of [[x, i], [list, j]] as const) {
      a.set(rest.a.subarray(from), n);
      b.set(rest.b.subarray(from), n);
      hits.set(rest.hits.subarray(from), n);
      n += rest.a.length - from;
    }
    this.merged = { a: a.subarray(0, n), b: b.subarray(0, n), hits: hits.subarray(0, n) };
  }

  /** The pairs merged so far with at least `minHits` hits, sorted by (a, b). */
  result(minHits: number): SortedPairs {
    const { a, b, hits } = this.merged;
    let n = 0;
    for (let i = 0; i < a.length; i++) if (hits[i] >= minHits) n++;
    const out = { a: new Int32Array(n), b: new Int32Array(n), hits: new Int32Array(n) };
    for (let i = 0, k = 0; i < a.length; i++) {
      if (hits[i] >= minHits) {
        out.a[k] = a[i];
        out.b[k] = b[i];
        out.hits[k++] = hits[i];
      }
    }
    return out;
  }
}
