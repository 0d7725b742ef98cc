/**
 * Exact comparisons, the oracles of LSH recall and the brute-force peer.
 *
 * Passage windows are cut exactly as the engine cuts them (its own normalize → shingle → winnow →
 * window-start functions), then compared exactly, without MinHash:
 *  - `exactWindowPairs`: every document pair having a window pair with Jaccard ≥ t over their distinct
 *    shingle hashes. Exact, made fast by prefix filtering (Bayardo, Ma & Srikant 2007, "Scaling Up All
 *    Pairs Similarity Search"): with tokens ordered by increasing frequency, two sets with J ≥ t share a
 *    token among the first |x| − ⌈t·|x|⌉ + 1 of either one, so only those are indexed; every candidate
 *    is then verified by a full merge. Same answer as comparing all window pairs, far less work.
 *  - `bruteForceDocumentPairs`: the naive peer — exact Jaccard of whole-document shingle sets for every
 *    document pair, O(n²).
 */
import { normalizeUnits } from '../src/normalize.js';
import { resolveOptions, type FindReprintsOptions, type ReprintDocument } from '../src/index.js';
import { winnow, windowStarts } from '../src/passages.js';
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
  const span = Math.max(1, p.windowLength - p.shingleSize + 1);
  const hashes: Uint32Array[] = [];
  const doc: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  docs.forEach((d, i) => {
    const units = normalizeUnits(d.text, p.normalization);
    const h = shingleHashes(units, p.shingleSize);
    hashes.push(h);
    for (const s of windowStarts(h.length, winnow(h, p.anchorWindow), span)) {
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
 * (e.g. different series), exactly as the engine's candidate filter does.
 */
export function exactWindowPairs(
  w: Windowed,
  threshold: number,
  accept: (a: number, b: number) => boolean,
): Set<number> {
  const n = w.windowDoc.length;
  // Token frequencies (in windows) → ranks, rarest first.
  const sets: Uint32Array[] = new Array(n);
  const freq = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const s = distinctSorted(w.hashes[w.windowDoc[i]], w.windowFrom[i], w.windowTo[i]);
    sets[i] = s;
    for (const t of s) freq.set(t, (freq.get(t) ?? 0) + 1);
  }
  const tokens = [...freq.keys()].sort((a, b) => freq.get(a)! - freq.get(b)! || a - b);
  const rank = new Map<number, number>();
  tokens.forEach((t, r) => rank.set(t, r));
  freq.clear();
  const ranked: Int32Array[] = sets.map((s) => Int32Array.from(s, (t) => rank.get(t)!).sort());
  rank.clear();
  // Process windows by increasing size: a probe only meets indexed sets no larger than itself.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ranked[a].length - ranked[b].length);
  const index = new Map<number, number[]>();
  const stamp = new Int32Array(n).fill(-1);
  const found = new Set<number>();
  for (const x of order) {
    const rx = ranked[x];
    const dx = w.windowDoc[x];
    const prefix = rx.length - Math.ceil(threshold * rx.length) + 1;
    for (let p = 0; p < prefix && p < rx.length; p++) {
      const list = index.get(rx[p]);
      if (list) {
        for (const y of list) {
          if (stamp[y] === x) continue;
          stamp[y] = x;
          const dy = w.windowDoc[y];
          if (dy === dx || found.has(pairKey(dx, dy)) || !accept(Math.min(dx, dy), Math.max(dx, dy))) continue;
          const ry = ranked[y];
          if (ry.length < threshold * rx.length) continue; // size filter
          const inter = intersectionSize(rx, ry);
          if (inter >= threshold * (rx.length + ry.length - inter)) found.add(pairKey(dx, dy));
        }
      }
    }
    for (let p = 0; p < prefix && p < rx.length; p++) {
      const list = index.get(rx[p]);
      if (list) list.push(x);
      else index.set(rx[p], [x]);
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
