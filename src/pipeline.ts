/**
 * The pipeline: documents in, clusters of reprinted passages out. It composes the stages and does
 * none of their work; each stage is one module (numbered as in the README's "How it works"):
 *
 * 1. normalize — corpus intake and validation (`corpus.ts`), normalization (`normalize.ts`)
 * 2. sign — pass 1, the index of signed passage windows (`window-index.ts`: fingerprints,
 *    shingles, winnowing anchors, MinHash signatures, LSH keys)
 * 3. lsh — candidate pairs and their anchor bar (`candidates.ts`)
 * 4. align — pair alignment (`pair-alignment.ts`, `align.ts`), spans mapped back (`spans.ts`)
 * 5. cluster — clusters, exact copies expanded (`copies.ts`), the result (`cluster.ts`, `result.ts`)
 */
import { candidatePairs } from './candidates.js';
import { CopyFamilies } from './copies.js';
import { ReprintsError } from './errors.js';
import { InlineExecutor, TaskRunner } from './executor.js';
import { resolveOptions } from './options.js';
import { alignPairs } from './pair-alignment.js';
import { buildResult } from './result.js';
import { reusePairs } from './reuse/reuse-pairs.js';
import { Stopwatch } from './stopwatch.js';
import type { FindReprintsOptions, ReprintDocument, ReprintsResult } from './types.js';
import { indexWindows } from './window-index.js';

/**
 * Find reprinted passages across documents.
 *
 * @param docs - documents `{ id, text, series?, date? }`: an array, or any (async) iterable so a
 *   large corpus can stream in
 * @param options - see {@link FindReprintsOptions}; validated before any document is read
 * @returns documents, clusters of reprinted passages (original UTF-16 offsets, end exclusive),
 *   every aligned pair, and the parameters used
 * @throws {ReprintsError} `INVALID_OPTION` (names the option, value and allowed range),
 *   `INVALID_DOCUMENT` (names the document and field), `DUPLICATE_ID` (names the id and both positions)
 * @example
 * const result = await findReprints([
 *   { id: 'a', text: agencyStory },
 *   { id: 'b', text: 'Headline\n' + agencyStory.slice(0, 900) },
 * ]);
 * result.clusters[0].passages; // [{ doc: 'a', start, end, text }, { doc: 'b', … }]
 */
export async function findReprints(
  docs: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>,
  options: FindReprintsOptions = {},
): Promise<ReprintsResult> {
  const params = resolveOptions(options);
  if (docs === null || typeof docs !== 'object' || !(Symbol.iterator in docs || Symbol.asyncIterator in docs)) {
    throw new ReprintsError('INVALID_DOCUMENT', 'documents must be an array or an (async) iterable of { id, text, series?, date? }');
  }
  const watch = new Stopwatch(options.onProgress);
  const runner = new TaskRunner(options.executor ?? new InlineExecutor(), options.signal);
  runner.checkAborted();
  // 1–2. Read, validate, normalize, fingerprint, sign and index every window.
  const { corpus, lsh } = await indexWindows(docs, params, runner, watch);
  // 3. Candidate pairs that pass the anchor bar.
  const t = performance.now();
  const windows = lsh.size;
  const candidates = await candidatePairs(corpus, lsh, params, runner);
  watch.add('lsh', t);
  watch.emit('lsh', windows, windows);
  // 4. Align them.
  let aligned = await alignPairs(corpus, candidates, params, runner, watch);
  watch.emit('align', candidates.a.length, candidates.a.length);
  // 4b. Reuse mode: the word-level, order-insensitive path.
  if (params.mode === 'reuse') {
    const t2 = performance.now();
    aligned = reusePairs(corpus, aligned, params);
    watch.add('align', t2);
  }
  runner.checkAborted();
  // 5. Cluster the documents that are not exact copies, then give the copies their passages.
  return buildResult(corpus, aligned, new CopyFamilies(corpus, params), params, watch);
}
