/**
 * Stage 4 (align) — aligning the candidate pairs.
 *
 * Pairs come sorted by A, so A's shingle index serves all of its pairs. Each document is normalized
 * again, this time with its offset map, when its first pair needs it, and released after its last
 * one. Two documents already joined through copies of whole documents (an alignment covering
 * `WHOLE_COPY` of both) are the same text again and are not aligned a second time: a family of n
 * reprints of one article costs about n alignments, not n²/2. Aligned spans are mapped back to
 * original offsets.
 */
import { Aligner, type AlignInput } from './align.js';
import type { CandidatePairs } from './candidates.js';
import type { RawPair } from './cluster.js';
import type { Corpus } from './corpus.js';
import { Normalizer, type Normalized } from './normalize.js';
import { winnow } from './passages.js';
import { shingleHashes } from './shingle.js';
import { originalSpan } from './spans.js';
import { PROGRESS_EVERY, type Stopwatch } from './stopwatch.js';
import type { ResolvedParams } from './types.js';
import { UnionFind } from './union-find.js';

/** Share of both documents an alignment must cover for them to count as copies of one whole text. */
const WHOLE_COPY = 0.9;

/** A document ready for alignment: normalized with its offset map, shingled and winnowed. */
type PreparedDoc = AlignInput & { norm: Normalized };

/** Documents prepared for alignment, kept only while pairs still need them. */
class PreparedDocs {
  private readonly cache = new Map<number, PreparedDoc>();
  private readonly normalizer: Normalizer;
  constructor(
    private readonly corpus: Corpus,
    private readonly params: ResolvedParams,
  ) {
    this.normalizer = new Normalizer(params.normalization);
  }
  get(doc: number): PreparedDoc {
    let p = this.cache.get(doc);
    if (!p) {
      const norm = this.normalizer.normalize(this.corpus.docs[doc].text);
      const hashes = shingleHashes(norm.text, this.params.shingleSize);
      p = { norm, text: norm.text, hashes, anchors: winnow(hashes, this.params.anchorWindow) };
      this.cache.set(doc, p);
    }
    return p;
  }
  release(doc: number): void {
    this.cache.delete(doc);
  }
}

/** Aligned pairs in original offsets, with their normalized spans `[aStart, aEnd, bStart, bEnd]`. */
export interface AlignedPairs {
  pairs: RawPair[];
  normSpans: number[][];
}

/** Align every candidate pair; spans in original offsets. */
export function alignPairs(corpus: Corpus, candidates: CandidatePairs, params: ResolvedParams, watch: Stopwatch): AlignedPairs {
  let t = performance.now();
  const { a: ca, b: cb } = candidates;
  // Release each prepared document after its last pair.
  const lastUse = new Map<number, number>();
  for (let i = 0; i < ca.length; i++) {
    lastUse.set(ca[i], i);
    lastUse.set(cb[i], i);
  }
  const prepared = new PreparedDocs(corpus, params);
  const aligner = new Aligner(params);
  const pairs: RawPair[] = [];
  const normSpans: number[][] = [];
  // Whole-document copies found so far (union-find over documents).
  const wholeCopies = new UnionFind(corpus.size);
  // The document the aligner is indexed on. Pairs are sorted by A, so one index serves all of A's
  // pairs — but it must be rebuilt whenever A differs from *this* document, not from the previous
  // candidate's A: a skipped candidate once left the aligner on an older A, and B was aligned
  // against the wrong document (spans past its end, or on unrelated text).
  let indexedA = -1;
  for (let i = 0; i < ca.length; i++) {
    if (wholeCopies.find(ca[i]) !== wholeCopies.find(cb[i])) {
      const A = prepared.get(ca[i]);
      if (ca[i] !== indexedA) {
        aligner.setA(A);
        indexedA = ca[i];
      }
      const B = prepared.get(cb[i]);
      for (const al of aligner.align(B)) {
        const [aStart, aEnd] = originalSpan(corpus.docs[ca[i]].text, A.norm, al.aStart, al.aEnd);
        const [bStart, bEnd] = originalSpan(corpus.docs[cb[i]].text, B.norm, al.bStart, al.bEnd);
        pairs.push({ a: ca[i], aStart, aEnd, b: cb[i], bStart, bEnd, similarity: al.similarity });
        normSpans.push([al.aStart, al.aEnd, al.bStart, al.bEnd]);
        if (al.aEnd - al.aStart >= WHOLE_COPY * A.text.length && al.bEnd - al.bStart >= WHOLE_COPY * B.text.length) {
          wholeCopies.union(ca[i], cb[i]);
        }
      }
    }
    if (lastUse.get(ca[i]) === i) prepared.release(ca[i]);
    if (lastUse.get(cb[i]) === i) prepared.release(cb[i]);
    if ((i + 1) % PROGRESS_EVERY === 0) {
      t = watch.add('align', t);
      watch.emit('align', i + 1, ca.length);
    }
  }
  watch.add('align', t);
  return { pairs, normSpans };
}
