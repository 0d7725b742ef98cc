/**
 * Stage 2 (sign) — pass 1 over the corpus: the index of signed passage windows.
 *
 * Streams the documents once: each is validated (corpus intake), normalized (units only, no offset
 * map), fingerprinted — an exact copy of an earlier document joins its first copy and skips the
 * rest — shingled, cut into anchored passage windows, and every window's MinHash signature is added
 * to the LSH index. Each document also keeps the sorted hashes of its winnowing anchors, for the
 * cheap verification of candidate pairs.
 */
import { Corpus } from './corpus.js';
import { fingerprinter } from './fingerprint.js';
import { LshIndex } from './lsh.js';
import { Normalizer } from './normalize.js';
import { windowSpan, windowStarts, winnow } from './passages.js';
import { shingleHashes } from './shingle.js';
import { Signer } from './signature.js';
import { PROGRESS_EVERY, type Stopwatch } from './stopwatch.js';
import type { ReprintDocument, ResolvedParams } from './types.js';

/** The distinct hashes at the given positions, sorted. */
function distinctHashesAt(hashes: Uint32Array, positions: Int32Array): Uint32Array {
  const out = new Uint32Array(positions.length);
  for (let i = 0; i < positions.length; i++) out[i] = hashes[positions[i]];
  out.sort();
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[n - 1]) out[n++] = out[i];
  return out.slice(0, n);
}

/**
 * Read, validate, fingerprint, sign and index every document.
 * @returns the corpus (documents with their series, normalized lengths, exact copies and anchor
 *   hashes) and the LSH index of their passage windows
 */
export async function indexWindows(
  input: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>,
  params: ResolvedParams,
  watch: Stopwatch,
): Promise<{ corpus: Corpus; lsh: LshIndex }> {
  const fingerprint = await fingerprinter();
  const corpus = new Corpus(params.sameSeries);
  // Exact copies group by fingerprint — within a series when same-series pairs are left out, so
  // that a copy in another series keeps its own place in the index.
  const firstCopy = new Map<string, number>();
  const k = params.shingleSize;
  const span = windowSpan(params);
  const normalizer = new Normalizer(params.normalization);
  const signer = new Signer(params.signatureSize, params.seed);
  const lsh = new LshIndex(params.bands, params.rows);
  const sig = new Uint32Array(params.signatureSize);
  let hashBuf = new Uint32Array(1 << 16);
  let chars = 0;

  for await (const doc of input) {
    const index = corpus.add(doc);
    let t = performance.now();
    const units = normalizer.units(doc.text);
    corpus.normLength[index] = units.length;
    chars += doc.text.length;
    t = watch.add('normalize', t);
    if (units.length > 0) {
      const fp = fingerprint(units);
      const key = params.sameSeries ? `${fp}` : `${fp}/${corpus.seriesId[index]}`;
      const first = firstCopy.get(key);
      if (first !== undefined) {
        corpus.copyOf[index] = first;
      } else {
        firstCopy.set(key, index);
        if (hashBuf.length < units.length) hashBuf = new Uint32Array(units.length * 2);
        const hashes = shingleHashes(units, k, hashBuf);
        const anchors = winnow(hashes, params.anchorWindow);
        corpus.anchorHashes[index] = distinctHashesAt(hashes, anchors);
        const starts = windowStarts(hashes.length, anchors, span, hashes);
        for (let i = 0; i < starts.length; i++) {
          signer.sign(hashes, starts[i], Math.min(starts[i] + span, hashes.length), sig, 0);
          lsh.add(index, sig, 0);
        }
      }
    }
    watch.add('sign', t);
    if ((index + 1) % PROGRESS_EVERY === 0) {
      watch.emit('normalize', index + 1, undefined, chars);
      watch.emit('sign', index + 1, undefined, chars);
    }
  }
  watch.emit('normalize', corpus.size, corpus.size, chars);
  watch.emit('sign', corpus.size, corpus.size, chars);
  return { corpus, lsh };
}
