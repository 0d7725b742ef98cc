/**
 * Stage 4 (align) — aligning the candidate pairs.
 *
 * Pairs come sorted by A and are cut into batches at changes of A; the `align` task aligns one
 * batch (batches run in parallel on the executor), with A's shingle index built once for all of
 * its pairs. Each document is normalized again, this time with its offset map, when its first pair
 * in the batch needs it, and released after its last one. Aligned spans are mapped back to
 * original offsets.
 *
 * Two documents already joined through copies of whole documents (an alignment covering
 * `WHOLE_COPY` of both) are the same text again and are not aligned a second time: a family of n
 * reprints of one article costs about n alignments, not n²/2. This shortcut depends on the order of
 * the pairs, so it is decided in one fixed order whatever the batches: a task skips a pair already
 * joined by the batches taken when it was made or inside its batch (either implies joined before it
 * overall), and the results are taken in candidate order, where a pair joined by earlier pairs is
 * dropped. How many batches were taken when a task was made varies (workers run ahead); the output
 * does not: it is that of aligning every pair in candidate order, one after the other.
 */
import { LRUCache } from 'lru-cache';
import { Aligner, type AlignInput } from './align.js';
import type { CandidatePairs } from './candidates.js';
import type { RawPair } from './cluster.js';
import type { Corpus } from './corpus.js';
import { ReprintsError } from './errors.js';
import type { TaskRunner, TaskSpec } from './executor.js';
import { keptNormalizer, unitsText, type Normalized } from './normalize.js';
import { originalSpan } from './spans.js';
import type { Stopwatch } from './stopwatch.js';
import type { ResolvedParams } from './types.js';
import { UnionFind } from './union-find.js';
import { keptSigner } from './window-signer.js';
import type { KeptMachines } from './tasks.js';

/** Share of both documents an alignment must cover for them to count as copies of one whole text. */
const WHOLE_COPY = 0.9;

/** A batch closes, at the next change of A, after this many pairs. */
const BATCH_PAIRS = 256;

/** Input of the `align` task: candidate pairs (sorted by A) and the documents they name. */
export interface AlignTask {
  params: ResolvedParams;
  /** The pairs, as indices into `ids`/`texts`. */
  a: Int32Array;
  b: Int32Array;
  /** 1 for a pair whose documents earlier batches already joined as whole copies: not aligned. */
  joined?: Uint8Array;
  ids: string[];
  texts: string[];
}

/** Output of the `align` task: the alignments of each pair, in original offsets. */
export interface AlignResult {
  /** Pair (index into the task's pairs) of each alignment, ascending; skipped pairs have none. */
  pair: Int32Array;
  /** `aStart, aEnd, bStart, bEnd` of each alignment. */
  spans: Int32Array;
  similarity: Float64Array;
  /** 1 when the alignment covers both documents whole (`WHOLE_COPY`). */
  whole: Uint8Array;
}

/**
 * A document ready for alignment: normalized, shingled and winnowed (the anchors serve the quick
 * check when it is a pair's B); its offset map made only when a passage of it is reported (about
 * half the candidate pairs report none).
 */
export class PreparedDoc implements AlignInput {
  norm: Normalized | undefined = undefined;
  /** The original text it was prepared from (set when it is kept between tasks). */
  source = '';

  // Every field is set here, so every prepared document has one shape: adding `anchors`, `norm` or
  // `source` later, in whatever order, gave the aligner's hot functions objects of up to six shapes,
  // and `SeedIndex.find` was optimized and thrown away again ("wrong map") while a run warmed up.
  constructor(
    readonly text: string,
    readonly hashes: Uint32Array,
    readonly anchors: Int32Array,
  ) {}
}

/** Normalized characters of prepared documents a thread keeps between `align` tasks. */
const KEPT_CHARS = 4_000_000;

/**
 * Prepared documents a thread keeps from one `align` task to the next, least recently used out
 * first, up to `KEPT_CHARS` normalized characters (about 1,200 news articles, ~25–60 MB): a
 * document is a candidate with many others, and the pairs of consecutive batches share many, so
 * this about halves the preparations on SaudiNewsNet. Keyed by id; a document is reused only when
 * its text and the parameters are the same, so a kept document never changes a result.
 */
export class PreparedDocs {
  private readonly docs: LRUCache<string, PreparedDoc>;
  private paramsKey = '';

  constructor(capacity = KEPT_CHARS) {
    this.docs = new LRUCache({ maxSize: capacity, sizeCalculation: (p) => Math.max(1, p.text.length) });
  }

  /** The prepared document `id` with text `source`, if kept (prepared under `paramsKey`). */
  get(id: string, source: string, paramsKey: string): PreparedDoc | undefined {
    if (paramsKey !== this.paramsKey) {
      this.docs.clear();
      this.paramsKey = paramsKey;
    }
    const p = this.docs.get(id);
    return p && p.source === source ? p : undefined;
  }

  /** Keep a prepared document (after `get` found none under the same `paramsKey`); one larger than the capacity is not kept. */
  set(id: string, source: string, p: PreparedDoc): void {
    p.source = source;
    this.docs.set(id, p);
  }
}

/**
 * The `align` task: align a batch of candidate pairs.
 * @param kept - prepared documents kept between this thread's tasks (none by default)
 * @param machines - the WebAssembly signer and normalizer this thread keeps between tasks (new ones by default)
 */
export function alignBatch(task: AlignTask, kept?: PreparedDocs, machines?: KeptMachines): AlignResult {
  const { params, a: ca, b: cb, ids, texts, joined } = task;
  const normalizer = keptNormalizer(machines?.normalizer, params.normalization);
  // Shingles and anchors as the sign stage makes them (the WebAssembly signer's are the same values).
  const signer = keptSigner(machines?.signer, params.signatureSize, params.seed, params.bands, params.rows);
  const paramsKey = JSON.stringify([params.shingleSize, params.anchorWindow, params.normalization]);
  const cache = new Map<number, PreparedDoc>();
  const prepare = (doc: number): PreparedDoc => {
    let p = cache.get(doc) ?? kept?.get(ids[doc], texts[doc], paramsKey);
    if (!p) {
      const units = normalizer.units(texts[doc]);
      // Copied out of the signer's memory, which the next document reuses.
      const hashes = signer.shingle(units, params.shingleSize).slice();
      const anchors = signer.winnow(params.anchorWindow).slice();
      p = new PreparedDoc(unitsText(units), hashes, anchors);
      kept?.set(ids[doc], texts[doc], p);
    }
    cache.set(doc, p);
    return p;
  };
  const offsetMap = (doc: number, p: PreparedDoc): Normalized => (p.norm ??= normalizer.normalize(texts[doc]));
  // Release each prepared document after its last pair (a kept one stays in `kept`).
  const lastUse = new Int32Array(texts.length);
  for (let i = 0; i < ca.length; i++) {
    lastUse[ca[i]] = i;
    lastUse[cb[i]] = i;
  }
  const aligner = new Aligner(params);
  const pair: number[] = [];
  const spans: number[] = [];
  const similarity: number[] = [];
  const whole: number[] = [];
  const wholeCopies = new UnionFind(texts.length);
  // The document the aligner holds; not simply the previous pair's A, which may have been skipped.
  let indexed = -1;
  for (let i = 0; i < ca.length; i++) {
    const x = ca[i];
    const y = cb[i];
    // Joined before this batch: joined here too (what is joined here was joined before, overall).
    if (joined?.[i]) wholeCopies.union(x, y);
    if (wholeCopies.find(x) !== wholeCopies.find(y)) {
      let side = x;
      try {
        const A = prepare(x);
        if (x !== indexed) {
          aligner.setA(A);
          indexed = x;
        }
        side = y;
        const B = prepare(y);
        for (const al of aligner.align(B)) {
          side = x;
          const [aStart, aEnd] = originalSpan(texts[x], offsetMap(x, A), al.aStart, al.aEnd);
          side = y;
          const [bStart, bEnd] = originalSpan(texts[y], offsetMap(y, B), al.bStart, al.bEnd);
          const isWhole = al.aEnd - al.aStart >= WHOLE_COPY * A.text.length && al.bEnd - al.bStart >= WHOLE_COPY * B.text.length;
          pair.push(i);
          spans.push(aStart, aEnd, bStart, bEnd);
          similarity.push(al.similarity);
          whole.push(isWhole ? 1 : 0);
          if (isWhole) wholeCopies.union(x, y);
        }
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw new ReprintsError('TASK_FAILED', `document ${JSON.stringify(ids[side])} (aligned with ${JSON.stringify(ids[side === x ? y : x])}): ${message}`, {
          cause: e,
        });
      }
    }
    if (lastUse[x] === i) cache.delete(x);
    if (lastUse[y] === i) cache.delete(y);
  }
  return {
    pair: Int32Array.from(pair),
    spans: Int32Array.from(spans),
    similarity: Float64Array.from(similarity),
    whole: Uint8Array.from(whole),
  };
}

/** Align every candidate pair; spans in original offsets. */
export async function alignPairs(
  corpus: Corpus,
  candidates: CandidatePairs,
  params: ResolvedParams,
  runner: TaskRunner,
  watch: Stopwatch,
): Promise<RawPair[]> {
  let t = performance.now();
  const { a: ca, b: cb } = candidates;
  const total = ca.length;
  // Batches: [from, to) ranges of the candidates, cut where A changes.
  const ranges: [number, number][] = [];
  for (let from = 0; from < total; ) {
    let to = Math.min(total, from + BATCH_PAIRS);
    while (to < total && ca[to] === ca[to - 1]) to++;
    ranges.push([from, to]);
    from = to;
  }
  // Texts of recent batches, decoded once for the batches that follow (a document pairs with many),
  // and the same string each time, so that a thread's kept preparation matches it at once.
  const recent = new LRUCache<number, string>({ maxSize: KEPT_CHARS, sizeCalculation: (text) => Math.max(1, text.length) });
  const textOf = (doc: number): string => {
    let text = recent.get(doc);
    if (text === undefined) recent.set(doc, (text = corpus.docs[doc].text));
    return text;
  };
  function* specs(): Iterable<TaskSpec<'align'>> {
    for (const [from, to] of ranges) {
      const local = new Map<number, number>();
      const ids: string[] = [];
      const texts: string[] = [];
      const at = (doc: number): number => {
        let i = local.get(doc);
        if (i === undefined) {
          local.set(doc, (i = texts.length));
          ids.push(corpus.docs[doc].id);
          texts.push(textOf(doc));
        }
        return i;
      };
      const a = new Int32Array(to - from);
      const b = new Int32Array(to - from);
      // Pairs the batches taken so far joined are dropped when taken: not aligned at all.
      const joined = new Uint8Array(to - from);
      for (let i = from; i < to; i++) {
        a[i - from] = at(ca[i]);
        b[i - from] = at(cb[i]);
        if (wholeCopies.find(ca[i]) === wholeCopies.find(cb[i])) joined[i - from] = 1;
      }
      yield { input: { params, a, b, ids, texts, joined } };
    }
  }
  const pairs: RawPair[] = [];
  const wholeCopies = new UnionFind(corpus.size);
  let batch = 0;
  await runner.each('align', specs(), (r) => {
    const [from, to] = ranges[batch++];
    let k = 0;
    for (let i = from; i < to; i++) {
      const x = ca[i];
      const y = cb[i];
      const skip = wholeCopies.find(x) === wholeCopies.find(y);
      for (; k < r.pair.length && r.pair[k] === i - from; k++) {
        if (skip) continue;
        const s = 4 * k;
        pairs.push({ a: x, aStart: r.spans[s], aEnd: r.spans[s + 1], b: y, bStart: r.spans[s + 2], bEnd: r.spans[s + 3], similarity: r.similarity[k] });
        if (r.whole[k]) wholeCopies.union(x, y);
      }
    }
    t = watch.add('align', t);
    watch.emit('align', to, total);
  });
  watch.add('align', t);
  return pairs;
}
