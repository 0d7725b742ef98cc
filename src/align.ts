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

/** A document prepared for alignment: normalized text, its shingle hashes and winnowing anchors. */
export interface AlignInput {
  text: string;
  hashes: Uint32Array;
  /** Winnowing anchors (shingle positions, ascending): the sparse seeds of the quick check. */
  anchors?: Int32Array;
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
/**
 * Up to this length (longer span), similarity is the Levenshtein distance of the two whole spans;
 * above it, the distance of the alignment through the chain's exact segments, gap by gap (an upper
 * bound of the optimum, equal to it for reprints whose edits are local). Whole-span Levenshtein is
 * O(n·m/32) even bit-parallel: for article-length reprints it would dominate the run time.
 */
const WHOLE_LEVENSHTEIN_LIMIT = 1_000;

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

/** Maximal exact segments shared by A (already indexed, `mask`) and B, in order of their start in B. */
function findSegments(a: AlignInput, mask: number, b: AlignInput, k: number, segs: Segments): void {
  const nA = a.hashes.length;
  const nB = b.hashes.length;
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
        let same = true;
        for (let c = 0; c < k; c++) {
          if (ta.charCodeAt(i + c) !== tb.charCodeAt(j + c)) {
            same = false;
            break;
          }
        }
        if (!same) continue;
        runOf[d] = segs.push(i, j, 1);
      }
      lastB[d] = j;
    }
  }
}

/**
 * Sparse seeds: B's anchors looked up in A, each extended to its maximal exact match. Cheap (a few
 * hundred look-ups per pair); used to reject pairs that cannot hold a passage of `minLength`.
 */
function findAnchorSegments(a: AlignInput, mask: number, b: AlignInput, anchors: Int32Array, k: number, segs: Segments): void {
  const nA = a.hashes.length;
  const diagonals = nA + b.hashes.length;
  if (lastB.length < diagonals) {
    lastB = new Int32Array(Math.max(diagonals, lastB.length * 2));
    runOf = new Int32Array(lastB.length);
  }
  lastB.fill(-1, 0, diagonals);
  const ta = a.text;
  const tb = b.text;
  for (let x = 0; x < anchors.length; x++) {
    const j = anchors[x];
    const h = b.hashes[j];
    let slot = h & mask;
    while (tableHead[slot] !== -1 && tableKeys[slot] !== h) slot = (slot + 1) & mask;
    if (tableHead[slot] === -1 || tableCount[slot] > MAX_OCCURRENCES) continue;
    for (let i = tableHead[slot]; i !== -1; i = nextPos[i]) {
      const d = j - i + nA;
      // Inside a segment found from an earlier anchor on this diagonal.
      if (lastB[d] > j) continue;
      let s = 0;
      while (s < k && ta.charCodeAt(i + s) === tb.charCodeAt(j + s)) s++;
      if (s < k) continue;
      let ai = i;
      let bj = j;
      while (ai > 0 && bj > 0 && ta.charCodeAt(ai - 1) === tb.charCodeAt(bj - 1)) {
        ai--;
        bj--;
      }
      let ae = i + k;
      let be = j + k;
      while (ae < ta.length && be < tb.length && ta.charCodeAt(ae) === tb.charCodeAt(be)) {
        ae++;
        be++;
      }
      lastB[d] = be;
      segs.push(ai, bj, ae - ai - k + 1);
    }
  }
}

/** Reorder segments by start in B (then A), as chaining expects. */
function sortSegments(segs: Segments): Segments {
  const order = Array.from({ length: segs.count }, (_, i) => i).sort(
    (x, y) => segs.b[x] - segs.b[y] || segs.a[x] - segs.a[y],
  );
  const out = new Segments();
  for (const i of order) out.push(segs.a[i], segs.b[i], segs.len[i]);
  return out;
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
  const extra = k - 1;
  while (hi > lo) {
    const s = members[hi];
    const p = members[hi - 1];
    const pEnd = segs.len[p] + extra;
    const gap = Math.max(segs.a[s] - (segs.a[p] + pEnd), segs.b[s] - (segs.b[p] + pEnd));
    if (segs.len[s] + extra >= gap) break;
    hi--;
  }
  while (lo < hi) {
    const s = members[lo];
    const q = members[lo + 1];
    const sEnd = segs.len[s] + extra;
    const gap = Math.max(segs.a[q] - (segs.a[s] + sEnd), segs.b[q] - (segs.b[s] + sEnd));
    if (sEnd >= gap) break;
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
 * Aligns one document A against many B's: A's shingle index is built once and kept until the next
 * `setA`. Only one Aligner should be in use at a time (they share scratch buffers).
 */
export class Aligner {
  private a: AlignInput | null = null;
  private mask = 0;
  private readonly segs = new Segments();

  constructor(private readonly p: AlignParams) {}

  /** Index document A. */
  setA(a: AlignInput): void {
    this.a = a;
    this.mask = buildIndex(a.hashes);
  }

  /**
   * Quick check on sparse seeds: does any chain of anchor-seeded exact matches reach `minLength`
   * in both documents? An exact shared passage of `anchorWindow + k − 1` characters or more always
   * holds a common anchor, so this loses only passages made of shorter scraps.
   */
  private mayHoldPassage(a: AlignInput, b: AlignInput, anchors: Int32Array): boolean {
    const k = this.p.shingleSize;
    const segs = this.segs;
    segs.count = 0;
    findAnchorSegments(a, this.mask, b, anchors, k, segs);
    if (segs.count === 0) return false;
    const sorted = sortSegments(segs);
    for (const chain of chainSegments(sorted, k, this.p.maxGap)) {
      let aStart = Infinity;
      let bStart = Infinity;
      for (let s = chain.tail; s !== -1; s = sorted.prev[s]) {
        aStart = Math.min(aStart, sorted.a[s]);
        bStart = Math.min(bStart, sorted.b[s]);
      }
      if (Math.min(chain.aEnd - aStart, chain.bEnd - bStart) >= this.p.minLength) return true;
    }
    return false;
  }

  /** Every verified shared passage of A and B, ordered by start in B, then in A. */
  align(b: AlignInput): Alignment[] {
    const a = this.a;
    if (!a) throw new Error('Aligner.align before setA');
    const p = this.p;
    const k = p.shingleSize;
    const segs = this.segs;
    if (b.anchors && !this.mayHoldPassage(a, b, b.anchors)) return [];
    segs.count = 0;
    findSegments(a, this.mask, b, k, segs);
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
}

/**
 * Align two normalized documents: every verified shared passage, ordered by start in B.
 * @example
 * const hashesOf = (t: string) => shingleHashes(t, 7);
 * alignDocuments({ text: a, hashes: hashesOf(a) }, { text: b, hashes: hashesOf(b) }, params);
 */
export function alignDocuments(a: AlignInput, b: AlignInput, p: AlignParams): Alignment[] {
  const aligner = new Aligner(p);
  aligner.setA(a);
  return aligner.align(b);
}
