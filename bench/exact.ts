/**
 * Exact comparisons, the oracles of LSH recall and the brute-force peer.
 *
 * Passage windows are cut exactly as the engine cuts them (its own normalize → shingle → winnow →
 * window-start functions), then compared exactly, without MinHash:
 *  - `exactWindowPairs`: every document pair having a window pair with Jaccard ≥ t over their distinct
 *    shingle hashes. Exact, made fast by prefix filtering (Bayardo, Ma & Srikant 2007, "Scaling Up All
 *    Pairs Similarity Search"): with tokens ordered by increasing frequency, two sets with J ≥ t share a
 *    token among the first |x| − ⌈t·|x|⌉ + 1 of either one, so only those are indexed; candidates are
 *    pruned by PPJoin's positional filter and the rest verified by a full merge. Same answer as comparing all window pairs, far less work.
 *  - `bruteForceDocumentPairs`: the naive peer — exact Jaccard of whole-document shingle sets for every
 *    document pair, O(n²).
 */
import { normalizeUnits } from '../src/normalize.js';
import { resolveOptions, type FindReprintsOptions, type ReprintDocument } from '../src/index.js';
import { windowSpan, winnow, windowStarts } from '../src/passages.js';
import { shingleHashes } from '../src/shingle.js';

export interface Windowed {
  /** Per document: shingle hashes of its normalized text. */
  hashes: Uint32Array[];
  /** Per window: its document and shingle range [from, to). */
  windowDoc: Int32Array;
  windowFrom: Int32Array;
  windowTo: Int32Array;
}

/** Cut every document into the engine's passage windows. */
export function windowsOf(docs: readonly ReprintDocument[], options: FindReprintsOptions = {}): Windowed {
  const p = resolveOptions(options);
  const span = windowSpan(p);
  const hashes: Uint32Array[] = [];
  const doc: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  docs.forEach((d, i) => {
    const units = normalizeUnits(d.text, p.normalization);
    const h = shingleHashes(units, p.shingleSize);
    hashes.push(h);
    for (const s of windowStarts(h.length, winnow(h, p.anchorWindow), span, h)) {
      doc.push(i);
      from.push(s);
      to.push(Math.min(s + span, h.length));
    }
  });
  return { hashes, windowDoc: Int32Array.from(doc), windowFrom: Int32Array.from(from), windowTo: Int32Array.from(to) };
}

/** Sorted distinct values of a typed array range. */
function distinctSorted(a: Uint32Array, from: number, to: number): Uint32Array {
  const s = a.slice(from, to).sort();
  let n = 0;
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) s[n++] = s[i];
  return s.subarray(0, n);
}

/** |x ∩ y| of two ascending arrays. */
function intersectionSize(x: Int32Array | Uint32Array, y: Int32Array | Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      n++;
      i++;
      j++;
    } else if (x[i] < y[j]) i++;
    else j++;
  }
  return n;
}

/** Key of an unordered document pair (a < b). */
export function pairKey(a: number, b: number): number {
  return a < b ? a * 0x200000 + b : b * 0x200000 + a;
}

/**
 * Document pairs with some window pair of Jaccard ≥ threshold. `accept(a, b)` filters document pairs
 * (e.g. different series), exactly as the engine's candidate filter does. Typed arrays throughout:
 * the sample has ~10⁵ windows and ~10⁷ tokens.
 */
export function exactWindowPairs(
  w: Windowed,
  threshold: number,
  accept: (a: number, b: number) => boolean,
): Set<number> {
  const n = w.windowDoc.length;
  // Distinct tokens of every window, concatenated (CSR: window i is tokens[offset[i] .. offset[i+1])).
  const offset = new Int32Array(n + 1);
  const parts: Uint32Array[] = [];
  for (let i = 0; i < n; i++) {
    const s = distinctSorted(w.hashes[w.windowDoc[i]], w.windowFrom[i], w.windowTo[i]);
    parts.push(s);
    offset[i + 1] = offset[i] + s.length;
  }
  const tokens = new Uint32Array(offset[n]);
  parts.forEach((s, i) => tokens.set(s, offset[i]));
  parts.length = 0;
  // Ranks by increasing frequency (ties by value): rare tokens first, so prefixes are short lists.
  // Counting uses an open-addressing table of typed arrays (slot keys + counts, then ranks).
  let cap = 1 << 16;
  while (cap < tokens.length * 2) cap *= 2;
  const mask = cap - 1;
  const keys = new Uint32Array(cap);
  const used = new Uint8Array(cap);
  const value = new Int32Array(cap);
  const slotOf = (t: number): number => {
    let h = Math.imul(t ^ (t >>> 15), 0x2c1b3c6d) & mask;
    while (used[h] && keys[h] !== t) h = (h + 1) & mask;
    return h;
  };
  let distinctCount = 0;
  for (let i = 0; i < tokens.length; i++) {
    const h = slotOf(tokens[i]);
    if (!used[h]) {
      used[h] = 1;
      keys[h] = tokens[i];
      distinctCount++;
    }
    value[h]++;
  }
  // Sort (count, token) packed in a float64 (count < 2^21, token < 2^32: exact), natively.
  const packed = new Float64Array(distinctCount);
  for (let h = 0, k = 0; h < cap; h++) if (used[h]) packed[k++] = value[h] * 4294967296 + keys[h];
  packed.sort();
  for (let r = 0; r < distinctCount; r++) value[slotOf(packed[r] % 4294967296)] = r;
  const ranks = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) ranks[i] = value[slotOf(tokens[i])];
  for (let i = 0; i < n; i++) ranks.subarray(offset[i], offset[i + 1]).sort();
  // Prefix lengths and the inverted index of prefix tokens (CSR by rank).
  const prefix = new Int32Array(n);
  const listStart = new Int32Array(distinctCount + 1);
  for (let i = 0; i < n; i++) {
    const size = offset[i + 1] - offset[i];
    prefix[i] = Math.min(size, size - Math.ceil(threshold * size) + 1);
    for (let p = 0; p < prefix[i]; p++) listStart[ranks[offset[i] + p] + 1]++;
  }
  for (let r = 0; r < distinctCount; r++) listStart[r + 1] += listStart[r];
  const fill = listStart.slice(0, distinctCount);
  const lists = new Int32Array(listStart[distinctCount]);
  const listPos = new Int32Array(listStart[distinctCount]);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < prefix[i]; p++) {
      const at = fill[ranks[offset[i] + p]]++;
      lists[at] = i;
      listPos[at] = p;
    }
  }
  // Probe: each window x meets the earlier windows y < x sharing a prefix token. PPJoin's positional
  // filter (Xiao et al. 2008) drops y as soon as the overlap so far plus what could still match stays
  // below the overlap J ≥ t needs; the survivors are verified by a full merge.
  const stamp = new Int32Array(n).fill(-1);
  const overlap = new Int32Array(n);
  const survivors = new Int32Array(n);
  const found = new Set<number>();
  const need = (a: number, b: number) => Math.ceil((threshold / (1 + threshold)) * (a + b) - 1e-9);
  for (let x = 0; x < n; x++) {
    const dx = w.windowDoc[x];
    const xs = offset[x];
    const xl = offset[x + 1] - xs;
    let nSurvivors = 0;
    for (let p = 0; p < prefix[x]; p++) {
      const r = ranks[xs + p];
      for (let q = listStart[r]; q < listStart[r + 1]; q++) {
        const y = lists[q];
        if (y >= x) break; // lists are in window order
        const yl = offset[y + 1] - offset[y];
        if (stamp[y] !== x) {
          stamp[y] = x;
          overlap[y] = 0;
          const dy = w.windowDoc[y];
          if (
            dy === dx ||
            yl < threshold * xl ||
            xl < threshold * yl ||
            found.has(pairKey(dx, dy)) ||
            !accept(Math.min(dx, dy), Math.max(dx, dy))
          ) {
            overlap[y] = -1;
            continue;
          }
          survivors[nSurvivors++] = y;
        }
        if (overlap[y] < 0) continue;
        const bound = overlap[y] + 1 + Math.min(xl - p - 1, yl - listPos[q] - 1);
        overlap[y] = bound >= need(xl, yl) ? overlap[y] + 1 : -1;
      }
    }
    for (let c = 0; c < nSurvivors; c++) {
      const y = survivors[c];
      if (overlap[y] <= 0) continue;
      const dy = w.windowDoc[y];
      const key = pairKey(dx, dy);
      if (found.has(key)) continue;
      const ys = offset[y];
      const yl = offset[y + 1] - ys;
      const inter = intersectionSize(ranks.subarray(xs, xs + xl), ranks.subarray(ys, ys + yl));
      if (inter >= threshold * (xl + yl - inter)) found.add(key);
    }
  }
  return found;
}

/** The naive peer: exact Jaccard of whole-document shingle sets, all pairs. */
export function bruteForceDocumentPairs(
  w: Windowed,
  threshold: number,
  accept: (a: number, b: number) => boolean,
): { pairs: Set<number>; comparisons: number } {
  const sets = w.hashes.map((h) => distinctSorted(h, 0, h.length));
  const pairs = new Set<number>();
  let comparisons = 0;
  for (let a = 0; a < sets.length; a++) {
    for (let b = a + 1; b < sets.length; b++) {
      if (!accept(a, b)) continue;
      comparisons++;
      const inter = intersectionSize(sets[a], sets[b]);
      const union = sets[a].length + sets[b].length - inter;
      if (union > 0 && inter >= threshold * union) pairs.add(pairKey(a, b));
    }
  }
  return { pairs, comparisons };
}

/**
 * Length of the longest common run of two unit sequences (normalized texts), by binary search on the
 * length with sets of rolling hashes (a 32-bit collision can only overstate it, rarely).
 */
export function longestCommonRun(a: Uint16Array, b: Uint16Array): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length);
  const shares = (len: number): boolean => {
    const seen = new Set(shingleHashes(a, len));
    for (const h of shingleHashes(b, len)) if (seen.has(h)) return true;
    return false;
  };
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (shares(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
