/**
 * Stage 4 (align) — seeds for alignment: one document's shingle index, the shingles of another found in it, and the
 * maximal exact segments they form along diagonals. Typed arrays and scratch buffers owned by the
 * index instance.
 */
import { withRoom } from './typed-arrays.js';

/** A document prepared for alignment: normalized text, its shingle hashes and winnowing anchors. */
export interface AlignInput {
  text: string;
  hashes: Uint32Array;
  /** Winnowing anchors (positions, ascending): the sparse seeds of the quick check. */
  anchors?: Int32Array;
}

/** A shingle occurring more often than this in A is not used as a seed. */
const MAX_OCCURRENCES = 8;

/**
 * Seeds as parallel arrays, in order of B position: seed `s` is the run of `len[s]` consecutive
 * shingle matches `(a[s] + t, b[s] + t)` on one diagonal (sparse seeds are runs of one).
 */
export class Seeds {
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  len = new Int32Array(1024);
  count = 0;
  push(a: number, b: number): void {
    if (this.count === this.a.length) {
      this.a = withRoom(this.a, this.count + 1);
      this.b = withRoom(this.b, this.count + 1);
      this.len = withRoom(this.len, this.count + 1);
    }
    this.a[this.count] = a;
    this.b[this.count] = b;
    this.len[this.count++] = 1;
  }
}

/**
 * One document's shingle index (open addressing: hash → positions, ascending) and the scratch
 * buffers of seeding and segment building, grown on demand and reused by every call. An Aligner
 * owns one, so two aligners can live in one thread and each worker holds its own.
 */
export class SeedIndex {
  private keys = new Uint32Array(0);
  private head = new Int32Array(0);
  private occurrences = new Int32Array(0);
  private nextPos = new Int32Array(0);
  /** A bit per 16-bit hash prefix present in A: most B positions outside a shared passage miss it. */
  private readonly present = new Int32Array(2048);
  /** 1 at each position of A whose shingle hash occurs nowhere else in A. */
  private single = new Uint8Array(0);
  private mask = 0;
  private previousDiagonals = new Int32Array(MAX_OCCURRENCES);
  private currentDiagonals = new Int32Array(MAX_OCCURRENCES);
  /** The seed holding each diagonal's match at the previous (current) B position. */
  private previousRuns = new Int32Array(MAX_OCCURRENCES);
  private currentRuns = new Int32Array(MAX_OCCURRENCES);

  /** Index the shingle hashes of document A (replacing the previous one). */
  build(hashes: Uint32Array): void {
    const n = hashes.length;
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    if (this.keys.length < cap) {
      this.keys = new Uint32Array(cap);
      this.head = new Int32Array(cap);
      this.occurrences = new Int32Array(cap);
    }
    const { keys, head, occurrences } = this;
    head.fill(-1, 0, cap);
    if (this.nextPos.length < n) {
      this.nextPos = new Int32Array(Math.max(n, this.nextPos.length * 2));
      this.single = new Uint8Array(this.nextPos.length);
    }
    const { nextPos, single, present } = this;
    const mask = cap - 1;
    present.fill(0);
    for (let i = 0; i < n; i++) {
      const bit = hashes[i] >>> 16;
      present[bit >>> 5] |= 1 << (bit & 31);
    }
    // Insert in descending order so each list runs in ascending position.
    for (let i = n - 1; i >= 0; i--) {
      const h = hashes[i];
      let slot = h & mask;
      while (head[slot] !== -1 && keys[slot] !== h) slot = (slot + 1) & mask;
      if (head[slot] === -1) {
        keys[slot] = h;
        occurrences[slot] = 0;
        nextPos[i] = -1;
        single[i] = 1;
      } else {
        nextPos[i] = head[slot];
        single[i] = 0;
        single[head[slot]] = 0;
      }
      head[slot] = i;
      occurrences[slot]++;
    }
    this.mask = mask;
  }

  /**
   * Seeds of B against the indexed A (`a` must be the document last passed to `build`): at the
   * given positions of B (runs of one), or — with `positions` null — at every position of
   * `[from, to)`, where a match on a diagonal matched at the previous position lengthens that run.
   */
  find(
    a: AlignInput,
    b: AlignInput,
    positions: Int32Array | null,
    seeds: Seeds,
    from = 0,
    to = b.hashes.length,
  ): void {
    const { keys, head, occurrences, nextPos, single, mask, present } = this;
    const ta = a.text;
    const tb = b.text;
    const ha = a.hashes;
    const hb = b.hashes;
    const nA = ha.length;
    const n = positions ? positions.length : to;
    // Diagonals (j − i) seeded at the previous B position, and at this one: at most
    // MAX_OCCURRENCES each (a rare shingle seeds at most that many; a frequent one only continues
    // the previous position's diagonals).
    let previous = this.previousDiagonals;
    let current = this.currentDiagonals;
    let previousRun = this.previousRuns;
    let currentRun = this.currentRuns;
    let previousCount = 0;
    let currentCount = 0;
    let previousJ = -2;
    for (let x = positions ? 0 : from; x < n; x++) {
      const j = positions ? positions[x] : x;
      if (previousJ !== j - 1) previousCount = 0;
      currentCount = 0;
      const h = hb[j];
      // Fast path along one diagonal: while the previous position seeded one diagonal only and A's
      // shingle there equals B's and occurs nowhere else in A, the look-up below would find exactly
      // that one position (the common case inside a reprinted passage): the last seed's run grows.
      if (previousCount === 1 && !positions) {
        const d = previous[0];
        let i = j - d;
        let y = j;
        while (y < n && i < nA && ha[i] === hb[y] && single[i] === 1 && ta.charCodeAt(i) === tb.charCodeAt(y)) {
          i++;
          y++;
        }
        if (y > j) {
          seeds.len[previousRun[0]] += y - j;
          x = y - 1;
          previousJ = y - 1;
          continue;
        }
      }
      const bit = h >>> 16;
      let slot = h & mask;
      if ((present[bit >>> 5] & (1 << (bit & 31))) === 0) slot = -1;
      else while (head[slot] !== -1 && keys[slot] !== h) slot = (slot + 1) & mask;
      if (slot >= 0 && head[slot] !== -1) {
        const c = tb.charCodeAt(j);
        if (occurrences[slot] > MAX_OCCURRENCES) {
          // A frequent shingle (repetitive text) seeds only where it continues a diagonal seeded at
          // the previous position, so a repeated stretch is followed through without pairing every
          // occurrence with every other. (A stretch before the first rare shingle is reached by
          // extending the chain backwards.)
          if (!positions) {
            for (let t = 0; t < previousCount; t++) {
              const d = previous[t];
              const i = j - d;
              if (i >= 0 && i < nA && ha[i] === h && ta.charCodeAt(i) === c) {
                seeds.len[previousRun[t]]++;
                currentRun[currentCount] = previousRun[t];
                current[currentCount++] = d;
              }
            }
          }
        } else {
          for (let i = head[slot]; i !== -1; i = nextPos[i]) {
            // A cheap guard against 32-bit hash collisions.
            if (ta.charCodeAt(i) !== c) continue;
            const d = j - i;
            let run = -1;
            if (!positions) for (let t = 0; t < previousCount && run < 0; t++) if (previous[t] === d) run = previousRun[t];
            if (run >= 0) {
              seeds.len[run]++;
            } else {
              run = seeds.count;
              seeds.push(i, j);
            }
            currentRun[currentCount] = run;
            current[currentCount++] = d;
          }
        }
      }
      const swap = previous;
      previous = current;
      current = swap;
      const swapRun = previousRun;
      previousRun = currentRun;
      currentRun = swapRun;
      previousCount = currentCount;
      previousJ = j;
    }
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
