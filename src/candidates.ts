/**
 * Stage 3 (lsh) — candidate document pairs, with their cheap verification.
 *
 * LSH collisions of passage windows are counted per document pair; a pair is a candidate when its
 * band collisions add up to at least one identical window's worth (`bands`): one chance collision
 * of two merely similar windows is not enough evidence. A candidate must then share enough
 * winnowing anchors (exact shingles) to hold a `minLength` passage — pairs below that bar are LSH
 * accidents (a shared phrase, a common name) and cost nothing more than this count.
 */
import type { Corpus } from './corpus.js';
import type { LshIndex } from './lsh.js';
import { PairSet } from './pair-set.js';
import type { ResolvedParams } from './types.js';

/** Candidate pairs as parallel arrays, sorted by A then B (a < b: input indices). */
export interface CandidatePairs {
  a: Int32Array;
  b: Int32Array;
}

/** How many values two sorted arrays share. */
function sharedCount(x: Uint32Array, y: Uint32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < x.length && j < y.length) {
    if (x[i] < y[j]) i++;
    else if (x[i] > y[j]) j++;
    else {
      shared++;
      i++;
      j++;
    }
  }
  return shared;
}

/**
 * Anchors two documents must share before they are aligned. Winnowing selects an anchor in every
 * `anchorWindow` shingles, so an exact shared passage of `minLength` characters holds at least
 * ⌊(minLength − k + 1) / anchorWindow⌋ anchors common to both copies; one is allowed to fall to an
 * edit.
 */
function minSharedAnchors(params: ResolvedParams): number {
  return Math.max(1, Math.floor((params.minLength - params.shingleSize + 1) / params.anchorWindow) - 1);
}

/** The candidate pairs of the indexed windows that pass the anchor bar, sorted by (a, b). */
export function candidatePairs(corpus: Corpus, lsh: LshIndex, params: ResolvedParams): CandidatePairs {
  const counts = new PairSet();
  lsh.candidates(corpus.acceptPair, (a, b) => counts.add(a, b));
  const sorted = counts.sorted(params.bands);
  const bar = minSharedAnchors(params);
  const keep: number[] = [];
  for (let i = 0; i < sorted.a.length; i++) {
    if (sharedCount(corpus.anchorHashes[sorted.a[i]], corpus.anchorHashes[sorted.b[i]]) >= bar) keep.push(i);
  }
  return { a: Int32Array.from(keep, (i) => sorted.a[i]), b: Int32Array.from(keep, (i) => sorted.b[i]) };
}
