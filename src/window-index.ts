/**
 * Stage 2 (sign) — pass 1 over the corpus: the index of signed passage windows.
 *
 * Streams the documents once: each is validated (corpus intake) and handed, in batches, to the
 * `sign` task, which normalizes it (units only, no offset map), fingerprints it, shingles it, cuts
 * it into anchored passage windows and computes every window's LSH band keys from its MinHash
 * signature. Batches run in parallel on the executor; their results are taken in input order:
 * an exact copy of an earlier document (same fingerprint) joins its first copy and its windows are
 * dropped, every other document's windows go into the LSH index. Each document also keeps the
 * sorted hashes of its winnowing anchors, for the cheap verification of candidate pairs.
 */
import { Corpus } from './corpus.js';
import { ReprintsError } from './errors.js';
import type { TaskRunner, TaskSpec } from './executor.js';
import { fingerprinter, FirstCopies } from './fingerprint.js';
import { LshIndex } from './lsh.js';
import { keptNormalizer } from './normalize.js';
import { windowSpan, windowStarts } from './passages.js';
import type { Stopwatch } from './stopwatch.js';
import { withRoom } from './typed-arrays.js';
import { keptSigner } from './window-signer.js';
import type { KeptMachines } from './tasks.js';
import type { ReprintDocument, ResolvedParams } from './types.js';

/** A batch closes at this many original characters, or documents. */
const BATCH_CHARS = 1 << 19;
const BATCH_DOCS = 1024;

/** Input of the `sign` task: a batch of documents. */
export interface SignTask {
  params: ResolvedParams;
  ids: string[];
  texts: string[];
  /** Series of each document as a small integer (-1: none): copies are grouped within a series. */
  series: Int32Array;
}

/** Output of the `sign` task, per document of the batch. */
export interface SignResult {
  /** Normalized length (units). */
  normLength: Int32Array;
  /** xxHash64 of the normalized units (0 for an empty document). */
  fingerprint: BigUint64Array;
  /** Earlier document of this batch with the same fingerprint and series, or -1 (not signed). */
  copyOf: Int32Array;
  /** Sorted distinct anchor hashes of document i: `anchors[anchorAt[i] .. anchorAt[i + 1])`. */
  anchors: Uint32Array;
  anchorAt: Int32Array;
  /** Band keys of the windows of document i: windows `windowAt[i] .. windowAt[i + 1]`, `bands` keys each. */
  keys: Uint32Array;
  windowAt: Int32Array;
  /** Milliseconds spent normalizing and signing. */
  ms: { normalize: number; sign: number };
}

/** The distinct hashes at the given positions, sorted, appended to `out` from `at`; returns the new end. */
function distinctHashesAt(hashes: Uint32Array, positions: Int32Array, out: Uint32Array, at: number): number {
  const sorted = new Uint32Array(positions.length);
  for (let i = 0; i < positions.length; i++) sorted[i] = hashes[positions[i]];
  sorted.sort();
  let n = at;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== out[n - 1]) out[n++] = sorted[i];
  return n;
}

/**
 * The `sign` task: normalize, fingerprint, shingle, winnow and sign the windows of a batch.
 * @param kept - the window signer and normalizer this thread keeps between tasks (new ones by default)
 */
export async function signBatch(task: SignTask, kept?: KeptMachines): Promise<SignResult> {
  const { params, ids, texts, series } = task;
  const n = texts.length;
  const fingerprint = await fingerprinter();
  const normalizer = keptNormalizer(kept?.normalizer, params.normalization);
  const { bands, rows } = params;
  const signer = keptSigner(kept?.signer, params.signatureSize, params.seed, bands, rows);
  const span = windowSpan(params);
  const out: SignResult = {
    normLength: new Int32Array(n),
    fingerprint: new BigUint64Array(n),
    copyOf: new Int32Array(n).fill(-1),
    anchors: new Uint32Array(0),
    anchorAt: new Int32Array(n + 1),
    keys: new Uint32Array(0),
    windowAt: new Int32Array(n + 1),
    ms: { normalize: 0, sign: 0 },
  };
  // Sized once from the batch: winnowing keeps at most about 2 / (w + 1) of the shingles, and a
  // document adds at most two windows to its anchors' (grown below only past that, e.g. when NFKC
  // expands a text).
  let expected = 0;
  // (A text that is not a string fails below, inside the per-document try, which names it.)
  for (const text of texts) expected += Math.ceil((2 * (typeof text === 'string' ? text.length : 0)) / (params.anchorWindow + 1)) + 18;
  let anchors: Uint32Array = new Uint32Array(expected);
  let keys: Uint32Array = new Uint32Array(expected * bands);
  let anchorCount = 0;
  let windowCount = 0;
  const firstInBatch = new Map<string, number>();
  for (let d = 0; d < n; d++) {
    try {
      let t = performance.now();
      const units = normalizer.units(texts[d]);
      out.normLength[d] = units.length;
      const now = performance.now();
      out.ms.normalize += now - t;
      t = now;
      if (units.length > 0) {
        const fp = fingerprint(units);
        out.fingerprint[d] = fp;
        const key = `${fp}/${series[d]}`;
        const first = firstInBatch.get(key);
        if (first !== undefined) {
          out.copyOf[d] = first;
        } else {
          firstInBatch.set(key, d);
          const hashes = signer.shingle(units, params.shingleSize);
          const positions = signer.winnow(params.anchorWindow);
          anchors = withRoom(anchors, anchorCount + positions.length);
          anchorCount = distinctHashesAt(hashes, positions, anchors, anchorCount);
          const starts = windowStarts(hashes.length, positions, span, hashes);
          keys = withRoom(keys, (windowCount + starts.length) * bands);
          signer.windowKeys(starts, span, keys, windowCount * bands);
          windowCount += starts.length;
        }
      }
      out.ms.sign += performance.now() - t;
    } catch (e) {
      throw new ReprintsError('TASK_FAILED', `document ${JSON.stringify(ids[d])}: ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
      });
    }
    out.anchorAt[d + 1] = anchorCount;
    out.windowAt[d + 1] = windowCount;
  }
  out.anchors = anchors.slice(0, anchorCount);
  out.keys = keys.slice(0, windowCount * bands);
  return out;
}

/**
 * Read, validate, fingerprint, sign and index every document.
 * @returns the corpus (documents with their series, normalized lengths, exact copies and anchor
 *   hashes) and the LSH index of their passage windows
 */
export async function indexWindows(
  input: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>,
  params: ResolvedParams,
  runner: TaskRunner,
  watch: Stopwatch,
): Promise<{ corpus: Corpus; lsh: LshIndex }> {
  const corpus = new Corpus(params.sameSeries);
  const lsh = new LshIndex(params.bands, params.rows);
  // Exact copies group by fingerprint — within a series when same-series pairs are left out, so
  // that a copy in another series keeps its own place in the index.
  const firstCopy = new FirstCopies();
  let chars = 0;
  let taken = 0;
  const bands = params.bands;

  async function* batches(): AsyncIterable<TaskSpec<'sign'>> {
    let ids: string[] = [];
    let texts: string[] = [];
    let series: number[] = [];
    let size = 0;
    const spec = (): TaskSpec<'sign'> => ({ input: { params, ids, texts, series: Int32Array.from(series) } });
    for await (const doc of input) {
      const index = corpus.add(doc);
      ids.push(doc.id);
      texts.push(doc.text);
      series.push(params.sameSeries ? -1 : corpus.seriesId[index]);
      size += doc.text.length;
      if (size >= BATCH_CHARS || texts.length >= BATCH_DOCS) {
        yield spec();
        ids = [];
        texts = [];
        series = [];
        size = 0;
      }
    }
    if (texts.length > 0) yield spec();
  }

  await runner.each('sign', batches(), (r) => {
    const t = performance.now();
    for (let d = 0; d < r.normLength.length; d++) {
      const index = taken++;
      corpus.normLength[index] = r.normLength[d];
      chars += corpus.textLength(index);
      if (r.normLength[d] === 0) continue;
      corpus.setFingerprint(index, r.fingerprint[d]);
      const first = firstCopy.firstOrAdd(r.fingerprint[d], params.sameSeries ? -1 : corpus.seriesId[index], index);
      if (first >= 0) {
        corpus.copyOf[index] = first;
        continue;
      }
      corpus.setAnchors(index, r.anchors, r.anchorAt[d], r.anchorAt[d + 1]);
      lsh.addWindows(index, r.keys, r.windowAt[d] * bands, r.windowAt[d + 1] - r.windowAt[d]);
    }
    watch.charge('normalize', r.ms.normalize);
    watch.charge('sign', r.ms.sign + performance.now() - t);
    watch.emit('normalize', taken, undefined, chars);
    watch.emit('sign', taken, undefined, chars);
  });
  watch.emit('normalize', corpus.size, corpus.size, chars);
  watch.emit('sign', corpus.size, corpus.size, chars);
  return { corpus, lsh };
}
