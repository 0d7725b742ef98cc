/**
 * Stage 3 (lsh) — candidate document pairs, with their cheap verification.
 *
 * LSH collisions of passage windows are counted per document pair; bands are independent, so the
 * `lsh` task groups a range of bands (on the executor, in parallel) and the counts are merged. A
 * pair is a candidate when its band collisions add up to at least one identical window's worth
 * (`bands`): one chance collision of two merely similar windows is not enough evidence. A candidate
 * must then share enough winnowing anchors (exact shingles) to hold a `minLength` passage — pairs
 * below that bar are LSH accidents (a shared phrase, a common name) and cost nothing more than
 * this count.
 */
import { acceptPairs, type Corpus } from './corpus.js';
import type { TaskRunner, TaskSpec } from './executor.js';
import { chunkBuffers, LshIndex, type LshArrays } from './lsh.js';
import { PairSet, SortedPairsMerger, type SortedPairs } from './pair-set.js';
import type { ResolvedParams } from './types.js';

/** Candidate pairs as parallel arrays, sorted by A then B (a < b: input indices). */
export interface CandidatePairs {
  a: Int32Array;
  b: Int32Array;
}

/** Input of the `lsh` task: the keys of a range of bands, and what decides which pairs count. */
export interface LshTask {
  rows: number;
  /** Band keys (`keys[b]`: the chunks of band b of the range) and the document of each window. */
  windows: LshArrays;
  /** Series of each document (-1: none) and whether same-series pairs count. */
  series: Int32Array;
  sameSeries: boolean;
  /** Hits a pair needs to be returned: the candidate bar when the task has every band, else 1. */
  minHits: number;
}

/** Output of the `lsh` task: each colliding document pair (a < b) once, sorted, with its band hits. */
export type LshResult = SortedPairs;

/**
 * The `lsh` task: group the windows of a range of bands by key; count the hits of each pair. Each
 * band's keys are released from the task once grouped.
 */
export function groupBands(task: LshTask): LshResult {
  const index = LshIndex.fromChunks(task.rows, task.windows);
  const counts = new PairSet();
  index.candidates(acceptPairs(task.series, task.sameSeries), (a, b) => counts.add(a, b), true);
  return counts.sorted(task.minHits);
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

/** Band-windows (bands × windows) a range of bands may hold when the LSH stage runs on workers. */
const RANGE_BAND_WINDOWS = 1 << 25;

/**
 * How many ranges the `bands` are cut into for `threads` threads: one per thread, or more when a
 * range would hold over {@link RANGE_BAND_WINDOWS} band-windows, at most one band each.
 */
export function rangeCount(bands: number, windows: number, threads: number): number {
  const bandsPerRange = Math.max(1, Math.min(Math.ceil(bands / threads), Math.floor(RANGE_BAND_WINDOWS / Math.max(1, windows))));
  return Math.ceil(bands / bandsPerRange);
}

/**
 * The candidate pairs of the indexed windows that pass the anchor bar, sorted by (a, b). The index's
 * arrays are taken out of it and handed to the tasks (moved to workers), each band's released once
 * grouped: the index is empty afterwards.
 */
export async function candidatePairs(corpus: Corpus, lsh: LshIndex, params: ResolvedParams, runner: TaskRunner): Promise<CandidatePairs> {
  const { keys, runs, count } = lsh.take();
  const bands = keys.length;
  const series = Int32Array.from(corpus.seriesId);
  // With workers, the bands are cut into ranges, one task each. A range's pairs are counted in one
  // table and come back sorted, to be merged here: the fewer the ranges, the less is sorted and
  // merged twice (a pair colliding in several bands of one range is one entry). So as few ranges as
  // keep every thread busy — one per thread — while a range's band-windows fit
  // `RANGE_BAND_WINDOWS`; past that, fewer bands per range, down to one (a worker then holds one
  // band's keys and one band's pair table at a time: ranges of about four bands held 0.2 GB of table
  // per worker at a million documents). One range on one thread (nothing to balance or merge).
  const concurrency = runner.executor.concurrency;
  const tasks = concurrency > 1 ? rangeCount(bands, count, concurrency) : 1;
  function* specs(): Iterable<TaskSpec<'lsh'>> {
    for (let t = 0; t < tasks; t++) {
      // Taken out of `keys`, so that the task holds the only reference to its bands.
      const range = keys.splice(0, Math.floor(((t + 1) * bands) / tasks) - Math.floor((t * bands) / tasks));
      const move = concurrency > 1;
      yield {
        input: { rows: params.rows, windows: { keys: range, runs, count }, series, sameSeries: params.sameSeries, minHits: tasks === 1 ? params.bands : 1 },
        // Each chunk's arrays are array buffers of their own: moved to the worker, not copied.
        transfer: move ? chunkBuffers(range.flat()) : undefined,
      };
    }
  }
  // Each range's pairs come sorted; merged as they come, their hits add up (a pair's bands may fall
  // in several ranges).
  const merger = new SortedPairsMerger();
  await runner.each('lsh', specs(), (r) => merger.add(r));
  return verifiedCandidates(merger.result(params.bands), (doc) => corpus.anchorsOf(doc), params);
}

/**
 * The LSH pairs that are candidates: of the pairs whose band collisions add up to `bands` (sorted),
 * those with enough shared anchors. Also used by the persistent index, whose collisions come from
 * stored band keys.
 * @param anchorsOf - sorted distinct anchor hashes of a document
 */
export function verifiedCandidates(
  sorted: CandidatePairs,
  anchorsOf: (doc: number) => Uint32Array,
  params: ResolvedParams,
): CandidatePairs {
  const bar = minSharedAnchors(params);
  const keep: number[] = [];
  for (let i = 0; i < sorted.a.length; i++) {
    if (sharedCount(anchorsOf(sorted.a[i]), anchorsOf(sorted.b[i])) >= bar) keep.push(i);
  }
  return { a: Int32Array.from(keep, (i) => sorted.a[i]), b: Int32Array.from(keep, (i) => sorted.b[i]) };
}
