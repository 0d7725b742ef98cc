/**
 * Stages 6 and 7 — verification and alignment of one candidate document pair.
 *
 * Seed-and-extend, as in BLAST-style local alignment and the PAN text-alignment detectors:
 * 1. Seeds: every shingle of B looked up among A's shingles (hashes occurring very often in A,
 *    such as frequent function-word k-grams, are skipped).
 * 2. Consecutive seeds on one diagonal merge into maximal exact segments.
 * 3. Segments chain when the gaps between them, in both documents, stay within `maxGap` characters:
 *    a substituted word, a dropped clause or changed punctuation does not split a passage.
 * 4. Chain ends are trimmed while a straggling end segment is shorter than the gap that joins it,
 *    so a chance k-gram just outside a passage does not stretch its boundary.
 * 5. Verification: a chain is kept when both spans have at least `minLength` characters, exact
 *    shared characters cover at least `minCoverage` of the longer span, and the similarity
 *    (1 − Levenshtein distance / longer length, via fast-levenshtein) is at least `minSimilarity`.
 * Offsets here are normalized units; the pipeline maps them back to the original text.
 */
import levenshtein from 'fast-levenshtein';

/** Two aligned spans of normalized text, `[aStart, aEnd)` in A and `[bStart, bEnd)` in B. */
export interface Alignment {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
  /** Characters covered by exact shared segments. */
  matched: number;
  similarity: number;
}

/** A document prepared for alignment: normalized text and its shingle hashes. */
export interface AlignInput {
  text: string;
  hashes: Uint32Array;
}

export interface AlignParams {
  shingleSize: number;
  minLength: number;
  minSimilarity: number;
  /** Largest gap (characters, in either document) bridged between exact segments. */
  maxGap: number;
  /** Least share of the longer span covered by exact segments. */
  minCoverage: number;
}

/** A shingle occurring more often than this in A is not used as a seed. */
const MAX_OCCURRENCES = 8;
/** Above this length (either span), similarity is computed gap by gap along the chain. */
const WHOLE_LEVENSHTEIN_LIMIT = 20_000;

// Scratch buffers, grown on demand and reused by every call.
let tableKeys = new Uint32Array(0);
let tableHead = new Int32Array(0);
let tableCount = new Int32Array(0);
let nextPos = new Int32Array(0);
let lastB = new Int32Array(0);
let runOf = new Int32Array(0);

class Segments {
  a = new Int32Array(256);
  b = new Int32Array(256);
  len = new Int32Array(256);
  prev = new Int32Array(256);
  count = 0;
  push(a: number, b: number, len: number): number {
    if (this.count === this.a.length) {
      const cap = this.count * 2;
      for (const key of ['a', 'b', 'len', 'prev'] as const) {
        const next = new Int32Array(cap);
        next.set(this[key]);
        this[key] = next;
      }
    }
    this.a[this.count] = a;
    this.b[this.count] = b;
    this.len[this.count] = len;
    this.prev[this.count] = -1;
    return this.count++;
  }
}

function buildIndex(hashes: Uint32Array): number {
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

/** Maximal exact segments shared by A and B, in order of their start in B. */
function findSegments(a: AlignInput, b: AlignInput, k: number, segs: Segments): void {
  const nA = a.hashes.length;
  const nB = b.hashes.length;
  const mask = buildIndex(a.hashes);
  const diagonals = nA + nB;
  if (lastB.length < diagonals) {
    lastB = new Int32Array(Math.max(diagonals, lastB.length * 2));
    runOf = new Int32Array(lastB.length);
  }
  lastB.fill(-2, 0, diagonals);
  const ta = a.text;
  const tb = b.text;
  for (let j = 0; j < nB; j++) {
    const h = b.hashes[j];
    let slot = h & mask;
    while (tableHead[slot] !== -1 && tableKeys[slot] !== h) slot = (slot + 1) & mask;
    if (tableHead[slot] === -1 || tableCount[slot] > MAX_OCCURRENCES) continue;
    for (let i = tableHead[slot]; i !== -1; i = nextPos[i]) {
      const d = j - i + nA;
      if (lastB[d] === j - 1) {
        segs.len[runOf[d]]++;
      } else {
        // A new seed: confirm the k-gram (hash collisions are possible) before starting a segment.
        if (ta.substr(i, k) !== tb.substr(j, k)) continue;
        runOf[d] = segs.push(i, j, 1);
      }
      lastB[d] = j;
    }
  }
}

interface Chain {
  head: number;
  tail: number;
  aEnd: number;
  bEnd: number;
}

/** Chain segments (ordered by B start) whose gaps in both documents stay within maxGap. */
function chainSegments(segs: Segments, k: number, maxGap: number): Chain[] {
  const done: Chain[] = [];
  let active: Chain[] = [];
  for (let s = 0; s < segs.count; s++) {
    const as = segs.a[s];
    const bs = segs.b[s];
    const chars = segs.len[s] + k - 1;
    let best: Chain | null = null;
    let bestGap = Infinity;
    const still: Chain[] = [];
    for (const c of active) {
      if (bs - c.bEnd > maxGap) {
        done.push(c);
        continue;
      }
      still.push(c);
      const gapA = as - c.aEnd;
      const gapB = bs - c.bEnd;
      if (gapA > maxGap || gapA < -k || gapB < -k) continue;
      const gap = Math.max(gapA, gapB);
      if (gap < bestGap) {
        bestGap = gap;
        best = c;
      }
    }
    active = still;
    if (best) {
      segs.prev[s] = best.tail;
      best.tail = s;
      best.aEnd = Math.max(best.aEnd, as + chars);
      best.bEnd = Math.max(best.bEnd, bs + chars);
    } else {
      active.push({ head: s, tail: s, aEnd: as + chars, bEnd: bs + chars });
    }
  }
  return done.concat(active);
}

/** The segments of a chain, first to last. */
function chainMembers(segs: Segments, c: Chain): number[] {
  const out: number[] = [];
  for (let s = c.tail; s !== -1; s = segs.prev[s]) out.push(s);
  return out.reverse();
}

/** Drop end segments shorter than the gap that joins them to the rest of the chain. */
function trimEnds(segs: Segments, members: number[], k: number): number[] {
  let lo = 0;
  let hi = members.length - 1;
  const chars = (s: number): number => segs.len[s] + k - 1;
  while (hi > lo) {
    const s = members[hi];
    const p = members[hi - 1];
    const gap = Math.max(segs.a[s] - (segs.a[p] + chars(p)), segs.b[s] - (segs.b[p] + chars(p)));
    if (chars(s) >= gap) break;
    hi--;
  }
  while (lo < hi) {
    const s = members[lo];
    const q = members[lo + 1];
    const gap = Math.max(segs.a[q] - (segs.a[s] + chars(s)), segs.b[q] - (segs.b[s] + chars(s)));
    if (chars(s) >= gap) break;
    lo++;
  }
  return members.slice(lo, hi + 1);
}

/** Normalized Levenshtein similarity of two spans; gap by gap along the chain when very long. */
function similarity(a: string, b: string, segs: Segments, members: number[], k: number, al: Alignment): number {
  const lenA = al.aEnd - al.aStart;
  const lenB = al.bEnd - al.bStart;
  const longer = Math.max(lenA, lenB);
  if (longer === 0) return 0;
  if (longer <= WHOLE_LEVENSHTEIN_LIMIT) {
    return 1 - levenshtein.get(a.slice(al.aStart, al.aEnd), b.slice(al.bStart, al.bEnd)) / longer;
  }
  // The edit distance of the alignment through the exact segments: an upper bound of the optimum.
  let distance = 0;
  let pa = al.aStart;
  let pb = al.bStart;
  for (const s of members) {
    const sa = Math.max(segs.a[s], pa);
    const sb = Math.max(segs.b[s], pb);
    distance += levenshtein.get(a.slice(pa, sa), b.slice(pb, sb));
    const end = segs.len[s] + k - 1;
    pa = Math.max(pa, segs.a[s] + end);
    pb = Math.max(pb, segs.b[s] + end);
  }
  return 1 - distance / longer;
}

/**
 * Align two normalized documents: every verified shared passage, ordered by start in B.
 * @example
 * const al = alignDocuments(prepared(a), prepared(b), { shingleSize: 7, minLength: 80, minSimilarity: 0.5, maxGap: 60, minCoverage: 0.3 });
 */
export function alignDocuments(a: AlignInput, b: AlignInput, p: AlignParams): Alignment[] {
  const k = p.shingleSize;
  const segs = new Segments();
  findSegments(a, b, k, segs);
  if (segs.count === 0) return [];
  const out: Alignment[] = [];
  for (const chain of chainSegments(segs, k, p.maxGap)) {
    const members = trimEnds(segs, chainMembers(segs, chain), k);
    let aStart = Infinity;
    let bStart = Infinity;
    let aEnd = 0;
    let bEnd = 0;
    let matched = 0;
    let covered = -1;
    for (const s of members) {
      const chars = segs.len[s] + k - 1;
      aStart = Math.min(aStart, segs.a[s]);
      bStart = Math.min(bStart, segs.b[s]);
      aEnd = Math.max(aEnd, segs.a[s] + chars);
      const end = segs.b[s] + chars;
      matched += end - Math.max(segs.b[s], covered);
      covered = Math.max(covered, end);
      bEnd = Math.max(bEnd, end);
    }
    const lenA = aEnd - aStart;
    const lenB = bEnd - bStart;
    if (Math.min(lenA, lenB) < p.minLength) continue;
    if (matched < p.minCoverage * Math.max(lenA, lenB)) continue;
    const al: Alignment = { aStart, aEnd, bStart, bEnd, matched, similarity: 0 };
    al.similarity = similarity(a.text, b.text, segs, members, k, al);
    if (al.similarity >= p.minSimilarity) out.push(al);
  }
  out.sort((x, y) => x.bStart - y.bStart || x.aStart - y.aStart);
  return out;
}
