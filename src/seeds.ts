/**
 * Seeds for alignment: one document's shingle index, the shingles of another found in it, and the
 * maximal exact segments they form along diagonals. Typed arrays and reused scratch buffers only.
 */

/** A document prepared for alignment: normalized text, its shingle hashes and winnowing anchors. */
export interface AlignInput {
  text: string;
  hashes: Uint32Array;
  /** Winnowing anchors (positions, ascending): the sparse seeds of the quick check. */
  anchors?: Int32Array;
}

/** A shingle occurring more often than this in A is not used as a seed. */
const MAX_OCCURRENCES = 8;

// Scratch state, grown on demand and reused by every call (one Aligner at a time).
let tableKeys = new Uint32Array(0);
let tableHead = new Int32Array(0);
let tableCount = new Int32Array(0);
let nextPos = new Int32Array(0);
let lastOnDiagonal = new Int32Array(0);
let segmentOnDiagonal = new Int32Array(0);

/** Seeds as parallel arrays, in order of B position. */
export class Seeds {
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  count = 0;
  push(a: number, b: number): void {
    if (this.count === this.a.length) {
      const a = new Int32Array(this.count * 2);
      a.set(this.a);
      this.a = a;
      const b = new Int32Array(this.count * 2);
      b.set(this.b);
      this.b = b;
    }
    this.a[this.count] = a;
    this.b[this.count++] = b;
  }
}

export function buildIndex(hashes: Uint32Array): number {
  const n = hashes.length;
  let cap = 16;
  while (cap < n * 2) cap *= 2;
  if (tableKeys.length < cap) {
    tableKeys = new Uint32Array(cap);
    tableHead = new Int32Array(cap);
    tableCount = new Int32Array(cap);
  }
  tableHead.fill(-1, 0, cap);
  if (nextPos.length < n) nextPos = new Int32Array(Math.max(n, nextPos.length * 2));
  const mask = cap - 1;
  // Insert in descending order so each list runs in ascending position.
  for (let i = n - 1; i >= 0; i--) {
    const h = hashes[i];
    let slot = h & mask;
    while (tableHead[slot] !== -1 && tableKeys[slot] !== h) slot = (slot + 1) & mask;
    if (tableHead[slot] === -1) {
      tableKeys[slot] = h;
      tableCount[slot] = 0;
      nextPos[i] = -1;
    } else {
      nextPos[i] = tableHead[slot];
    }
    tableHead[slot] = i;
    tableCount[slot]++;
  }
  return mask;
}

/** Seeds at the given positions of B (all positions when `positions` is null). */
/**
 * Seeds at the given positions of B — or, with `positions` null, at every position of `[from, to)`.
 */
export function findSeeds(
  a: AlignInput,
  mask: number,
  b: AlignInput,
  positions: Int32Array | null,
  seeds: Seeds,
  from = 0,
  to = b.hashes.length,
): void {
  const ta = a.text;
  const tb = b.text;
  const ha = a.hashes;
  const hb = b.hashes;
  const nA = ha.length;
  const n = positions ? positions.length : to;
  // Diagonals (j − i) seeded at the previous B position, and at this one.
  let previous: number[] = [];
  let current: number[] = [];
  let previousJ = -2;
  for (let x = positions ? 0 : from; x < n; x++) {
    const j = positions ? positions[x] : x;
    if (previousJ !== j - 1) previous = [];
    current = [];
    const h = hb[j];
    let slot = h & mask;
    while (tableHead[slot] !== -1 && tableKeys[slot] !== h) slot = (slot + 1) & mask;
    if (tableHead[slot] !== -1) {
      const c = tb.charCodeAt(j);
      if (tableCount[slot] > MAX_OCCURRENCES) {
        // A frequent shingle (repetitive text) seeds only where it continues a diagonal seeded at
        // the previous position, so a repeated stretch is followed through without pairing every
        // occurrence with every other. (A stretch before the first rare shingle is reached by
        // extending the chain backwards.)
        if (!positions) {
          for (const d of previous) {
            const i = j - d;
            if (i >= 0 && i < nA && ha[i] === h && ta.charCodeAt(i) === c) {
              seeds.push(i, j);
              current.push(d);
            }
          }
        }
      } else {
        for (let i = tableHead[slot]; i !== -1; i = nextPos[i]) {
          // A cheap guard against 32-bit hash collisions.
          if (ta.charCodeAt(i) === c) {
            seeds.push(i, j);
            current.push(j - i);
          }
        }
      }
    }
    previous = current;
    previousJ = j;
  }
}

/**
 * Exact segments: consecutive seeds on one diagonal (j − i constant) merge into one maximal exact
 * match `[aStart, aEnd) × [bStart, bEnd)`. Returned in order of B start.
 */
export function segmentsOf(seeds: Seeds, a: AlignInput, b: AlignInput, k: number): Segment[] {
  const nA = a.text.length;
  const size = nA + b.text.length + 1;
  if (lastOnDiagonal.length < size) {
    lastOnDiagonal = new Int32Array(Math.max(size, lastOnDiagonal.length * 2));
    segmentOnDiagonal = new Int32Array(lastOnDiagonal.length);
  }
  lastOnDiagonal.fill(-2, 0, size);
  const out: Segment[] = [];
  for (let s = 0; s < seeds.count; s++) {
    const i = seeds.a[s];
    const j = seeds.b[s];
    const d = j - i + nA;
    const last = lastOnDiagonal[d];
    if (j - last === 1) {
      const seg = out[segmentOnDiagonal[d]];
      seg.aEnd = Math.max(seg.aEnd, shingleEnd(a.text, i, k));
      seg.bEnd = Math.max(seg.bEnd, shingleEnd(b.text, j, k));
    } else {
      segmentOnDiagonal[d] = out.length;
      out.push({ aStart: i, aEnd: shingleEnd(a.text, i, k), bStart: j, bEnd: shingleEnd(b.text, j, k) });
    }
    lastOnDiagonal[d] = j;
  }
  return out;
}

export interface Segment {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/** End (exclusive) of the shingle at `p`. */
export function shingleEnd(text: string, p: number, k: number): number {
  return Math.min(text.length, p + k);
}
