/**
 * The pipeline: documents in, clusters of reprinted passages out.
 *
 * Pass 1 streams the documents: normalize (units only), fingerprint the whole normalized text
 * (exact duplicates join their first copy and skip the rest), shingle, pick anchored passage
 * windows, sign them and add them to the LSH index. Pass 2 turns LSH collisions into candidate
 * document pairs, aligns each pair on its normalized text (re-normalized with the offset map, for
 * candidate documents only), maps spans back to original offsets, and clusters them.
 */
import { Aligner, type AlignInput } from './align.js';
import { clusterPairs, type RawPair } from './cluster.js';
import { ReprintsError } from './errors.js';
import { fingerprinter } from './fingerprint.js';
import { LshIndex } from './lsh.js';
import { normalize, normalizeUnits, toOriginal, widenToPunctuation, type Normalized } from './normalize.js';
import { resolveOptions } from './options.js';
import { PairSet } from './pair-set.js';
import { windowSpan, windowStarts, winnow } from './passages.js';
import { shingleHashes } from './shingle.js';
import { UnionFind } from './union-find.js';
import { Signer } from './signature.js';
import type {
  AlignedPair,
  Cluster,
  DocumentInfo,
  FindReprintsOptions,
  ProgressEvent,
  ReprintDocument,
  ReprintsResult,
  ResolvedParams,
  StageName,
} from './types.js';

/** Share of both documents an alignment must cover for them to count as copies of one whole text. */
const WHOLE_COPY = 0.9;

/** Documents between two progress reports while streaming. */
const PROGRESS_EVERY = 512;

class Stopwatch {
  private readonly ms = new Map<StageName, number>();
  constructor(private readonly report?: (e: ProgressEvent) => void) {}
  add(stage: StageName, since: number): number {
    const now = performance.now();
    this.ms.set(stage, (this.ms.get(stage) ?? 0) + now - since);
    return now;
  }
  emit(stage: StageName, done: number, total?: number, chars?: number): void {
    if (!this.report) return;
    const e: ProgressEvent = { stage, done, ms: this.ms.get(stage) ?? 0 };
    if (total !== undefined) e.total = total;
    if (chars !== undefined) e.chars = chars;
    this.report(e);
  }
}

interface Corpus {
  docs: ReprintDocument[];
  /** Series as small integers (-1: none), for the same-series test in hot loops. */
  seriesId: number[];
  /** Normalized length of each document (units). */
  normLength: number[];
  /** For each document that duplicates an earlier one exactly (normalized), that one; else -1. */
  copyOf: number[];
  /** Sorted distinct hashes of each document's winnowing anchors (empty for copies). */
  anchorHashes: Uint32Array[];
}

function describe(doc: unknown): string {
  if (doc && typeof doc === 'object' && typeof (doc as { id?: unknown }).id === 'string') {
    return `document ${JSON.stringify((doc as { id: string }).id)}`;
  }
  return 'document';
}

function checkDocument(doc: unknown, index: number): asserts doc is ReprintDocument {
  const where = `${describe(doc)} at input position ${index}`;
  if (doc === null || typeof doc !== 'object') {
    throw new ReprintsError('INVALID_DOCUMENT', `${where}: expected an object { id, text, series?, date? }, got ${doc === null ? 'null' : typeof doc}`);
  }
  const d = doc as Record<string, unknown>;
  if (typeof d.id !== 'string' || d.id.length === 0) {
    throw new ReprintsError('INVALID_DOCUMENT', `${where}: id must be a non-empty string, got ${JSON.stringify(d.id) ?? 'undefined'}`);
  }
  if (typeof d.text !== 'string') {
    throw new ReprintsError('INVALID_DOCUMENT', `${where}: text must be a string, got ${d.text === null ? 'null' : typeof d.text}`);
  }
  for (const field of ['series', 'date'] as const) {
    if (d[field] !== undefined && typeof d[field] !== 'string') {
      throw new ReprintsError('INVALID_DOCUMENT', `${where}: ${field} must be a string when given, got ${typeof d[field]}`);
    }
  }
}

const NO_ANCHORS = new Uint32Array(0);

/** The distinct hashes at the given positions, sorted. */
function distinctHashesAt(hashes: Uint32Array, positions: Int32Array): Uint32Array {
  const out = new Uint32Array(positions.length);
  for (let i = 0; i < positions.length; i++) out[i] = hashes[positions[i]];
  out.sort();
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[n - 1]) out[n++] = out[i];
  return out.slice(0, n);
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
 * edit. Pairs below this bar are LSH accidents (a shared phrase, a common name) and cost nothing
 * more than this count.
 */
function minSharedAnchors(params: ResolvedParams): number {
  return Math.max(1, Math.floor((params.minLength - params.shingleSize + 1) / params.anchorWindow) - 1);
}

/** Pass 1: read, validate, fingerprint, sign and index every document. */
async function indexCorpus(
  input: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>,
  params: ResolvedParams,
  watch: Stopwatch,
): Promise<{ corpus: Corpus; lsh: LshIndex }> {
  const fingerprint = await fingerprinter();
  const corpus: Corpus = { docs: [], seriesId: [], normLength: [], copyOf: [], anchorHashes: [] };
  const idAt = new Map<string, number>();
  const seriesIds = new Map<string, number>();
  // Exact copies group by fingerprint — within a series when same-series pairs are left out, so
  // that a copy in another series keeps its own place in the index.
  const firstCopy = new Map<string, number>();
  const k = params.shingleSize;
  const span = windowSpan(params);
  const signer = new Signer(params.signatureSize, params.seed);
  const lsh = new LshIndex(params.bands, params.rows);
  const sig = new Uint32Array(params.signatureSize);
  let hashBuf = new Uint32Array(1 << 16);
  let chars = 0;

  for await (const doc of input) {
    const index = corpus.docs.length;
    checkDocument(doc, index);
    const earlier = idAt.get(doc.id);
    if (earlier !== undefined) {
      throw new ReprintsError(
        'DUPLICATE_ID',
        `document id ${JSON.stringify(doc.id)} appears twice: at input positions ${earlier} and ${index}; ids must be unique`,
      );
    }
    idAt.set(doc.id, index);
    let sid = -1;
    if (doc.series !== undefined) {
      sid = seriesIds.get(doc.series) ?? seriesIds.size;
      seriesIds.set(doc.series, sid);
    }
    corpus.docs.push(doc);
    corpus.seriesId.push(sid);
    corpus.copyOf.push(-1);
    corpus.anchorHashes.push(NO_ANCHORS);

    let t = performance.now();
    const units = normalizeUnits(doc.text, params.normalization);
    corpus.normLength.push(units.length);
    chars += doc.text.length;
    t = watch.add('normalize', t);
    if (units.length > 0) {
      const fp = fingerprint(units);
      const key = params.sameSeries ? `${fp}` : `${fp}/${sid}`;
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
  watch.emit('normalize', corpus.docs.length, corpus.docs.length, chars);
  watch.emit('sign', corpus.docs.length, corpus.docs.length, chars);
  return { corpus, lsh };
}

/** Documents normalized with their offset maps and hashed, kept only while pairs still need them. */
class Prepared {
  private readonly cache = new Map<number, AlignInput & { norm: Normalized }>();
  constructor(
    private readonly corpus: Corpus,
    private readonly params: ResolvedParams,
  ) {}
  get(doc: number): AlignInput & { norm: Normalized } {
    let p = this.cache.get(doc);
    if (!p) {
      const norm = normalize(this.corpus.docs[doc].text, this.params.normalization);
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

/** Furthest a span end moves to leave a partial word out. */
const WORD_SNAP = 12;

/**
 * A normalized span of a document as an original span: a partial word at either end (an alignment
 * can start on the last letter of a word when that letter happens to match) is left out, then the
 * span is widened over touching punctuation.
 */
function originalSpan(corpus: Corpus, doc: number, norm: Normalized, start: number, end: number): [number, number] {
  const t = norm.text;
  const isSpace = (i: number): boolean => t.charCodeAt(i) === 0x20;
  if (start > 0 && !isSpace(start - 1) && !isSpace(start)) {
    let s = start;
    while (s < end && s - start <= WORD_SNAP && !isSpace(s)) s++;
    if (s < end && isSpace(s)) start = s + 1;
  }
  if (end < t.length && !isSpace(end) && !isSpace(end - 1)) {
    let e = end;
    while (e > start && end - e <= WORD_SNAP && !isSpace(e - 1)) e--;
    if (e > start && isSpace(e - 1)) end = e - 1;
  }
  const [s, e] = toOriginal(norm, start, end);
  return widenToPunctuation(corpus.docs[doc].text, s, e);
}

/** Pass 2a: candidate pairs from LSH, aligned and mapped back to original offsets. */
function alignCandidates(corpus: Corpus, lsh: LshIndex, params: ResolvedParams, watch: Stopwatch): RawPair[] {
  let t = performance.now();
  const { seriesId } = corpus;
  const acceptPair = (a: number, b: number): boolean =>
    params.sameSeries || seriesId[a] < 0 || seriesId[a] !== seriesId[b];
  const candidates = new PairSet();
  lsh.candidates(acceptPair, (a, b) => candidates.add(a, b));
  // A pair is a candidate when its band collisions add up to at least one identical window's worth
  // (`bands`): one chance collision of two merely similar windows is not enough evidence.
  const sorted = candidates.sorted(params.bands);
  // Verification, first and cheapest: enough shared anchors (exact shingles) to hold a passage.
  const bar = minSharedAnchors(params);
  const keep: number[] = [];
  for (let i = 0; i < sorted.a.length; i++) {
    if (sharedCount(corpus.anchorHashes[sorted.a[i]], corpus.anchorHashes[sorted.b[i]]) >= bar) keep.push(i);
  }
  const ca = Int32Array.from(keep, (i) => sorted.a[i]);
  const cb = Int32Array.from(keep, (i) => sorted.b[i]);
  t = watch.add('lsh', t);
  watch.emit('lsh', lsh.size, lsh.size);

  // Release each prepared document after its last pair.
  const lastUse = new Map<number, number>();
  for (let i = 0; i < ca.length; i++) {
    lastUse.set(ca[i], i);
    lastUse.set(cb[i], i);
  }
  const prepared = new Prepared(corpus, params);
  const aligner = new Aligner(params);
  const pairs: RawPair[] = [];
  // Normalized spans of each aligned pair [aStart, aEnd, bStart, bEnd], for exact copies below.
  const normSpans: number[][] = [];
  // Whole-document copies found so far (union-find over documents): a candidate pair already joined
  // through copies of whole documents is the same text again, and is not aligned a second time —
  // a family of n reprints of one article costs about n alignments, not n²/2.
  const wholeCopies = new UnionFind(corpus.docs.length);
  // The document the aligner is indexed on: pairs are sorted by A, so one index serves all of A's
  // pairs — but a skipped pair must not leave it on the previous A (it once did, and B was aligned
  // against the wrong document: spans past its end, or wrong text).
  let indexedA = -1;
  for (let i = 0; i < ca.length; i++) {
    if (wholeCopies.find(ca[i]) === wholeCopies.find(cb[i])) {
      if (lastUse.get(ca[i]) === i) prepared.release(ca[i]);
      if (lastUse.get(cb[i]) === i) prepared.release(cb[i]);
      continue;
    }
    const A = prepared.get(ca[i]);
    if (ca[i] !== indexedA) {
      aligner.setA(A);
      indexedA = ca[i];
    }
    const B = prepared.get(cb[i]);
    for (const al of aligner.align(B)) {
      const [aStart, aEnd] = originalSpan(corpus, ca[i], A.norm, al.aStart, al.aEnd);
      const [bStart, bEnd] = originalSpan(corpus, cb[i], B.norm, al.bStart, al.bEnd);
      pairs.push({ a: ca[i], aStart, aEnd, b: cb[i], bStart, bEnd, similarity: al.similarity });
      normSpans.push([al.aStart, al.aEnd, al.bStart, al.bEnd]);
      if (
        al.aEnd - al.aStart >= WHOLE_COPY * A.text.length &&
        al.bEnd - al.bStart >= WHOLE_COPY * B.text.length
      ) {
        wholeCopies.union(ca[i], cb[i]);
      }
    }
    if (lastUse.get(ca[i]) === i) prepared.release(ca[i]);
    if (lastUse.get(cb[i]) === i) prepared.release(cb[i]);
    if ((i + 1) % PROGRESS_EVERY === 0) {
      t = watch.add('align', t);
      watch.emit('align', i + 1, ca.length);
    }
  }

  for (const p of copyPairs(corpus, pairs, normSpans, acceptPair, params)) pairs.push(p);
  watch.add('align', t);
  watch.emit('align', ca.length, ca.length);
  return pairs;
}

/**
 * Pairs of exact copies (same normalized text, same series unless same-series pairs are on): each
 * copy is aligned, whole, to its first copy, and takes over the first copy's aligned pairs (same
 * normalized spans, mapped through its own offsets) — linear in the copies.
 */
function copyPairs(
  corpus: Corpus,
  aligned: readonly RawPair[],
  normSpans: readonly number[][],
  acceptPair: (a: number, b: number) => boolean,
  params: ResolvedParams,
): RawPair[] {
  const pairsOf = new Map<number, number[]>();
  aligned.forEach((p, i) => {
    for (const d of [p.a, p.b]) {
      if (!pairsOf.has(d)) pairsOf.set(d, []);
      (pairsOf.get(d) as number[]).push(i);
    }
  });
  const out: RawPair[] = [];
  const firstNorm = new Map<number, Normalized>();
  for (let d = 0; d < corpus.docs.length; d++) {
    const first = corpus.copyOf[d];
    if (first < 0 || corpus.normLength[d] < params.minLength) continue;
    const inherited = pairsOf.get(first) ?? [];
    const whole = acceptPair(first, d);
    if (!whole && inherited.length === 0) continue;
    let F = firstNorm.get(first);
    if (!F) firstNorm.set(first, (F = normalize(corpus.docs[first].text, params.normalization)));
    const D = normalize(corpus.docs[d].text, params.normalization);
    if (whole) {
      const [aStart, aEnd] = originalSpan(corpus, first, F, 0, F.text.length);
      const [bStart, bEnd] = originalSpan(corpus, d, D, 0, D.text.length);
      out.push({ a: first, aStart, aEnd, b: d, bStart, bEnd, similarity: 1 });
    }
    for (const i of inherited) {
      const p = aligned[i];
      const firstIsA = p.a === first;
      const other = firstIsA ? p.b : p.a;
      if (other === d || !acceptPair(Math.min(d, other), Math.max(d, other))) continue;
      const n = normSpans[i];
      const [dStart, dEnd] = originalSpan(corpus, d, D, firstIsA ? n[0] : n[2], firstIsA ? n[1] : n[3]);
      out.push(
        firstIsA
          ? { a: d, aStart: dStart, aEnd: dEnd, b: other, bStart: p.bStart, bEnd: p.bEnd, similarity: p.similarity }
          : { a: other, aStart: p.aStart, aEnd: p.aEnd, b: d, bStart: dStart, bEnd: dEnd, similarity: p.similarity },
      );
    }
  }
  return out;
}

/** Rank of each document: earliest date first (undated last), then input order. */
function documentRanks(docs: ReprintDocument[]): Int32Array {
  const order = docs.map((_, i) => i);
  order.sort((x, y) => {
    const dx = docs[x].date;
    const dy = docs[y].date;
    if (dx !== dy) {
      if (dx === undefined) return 1;
      if (dy === undefined) return -1;
      return dx < dy ? -1 : 1;
    }
    return x - y;
  });
  const rank = new Int32Array(docs.length);
  order.forEach((doc, r) => (rank[doc] = r));
  return rank;
}

/** Pass 2b: clusters and the result in the public shape. */
function buildResult(corpus: Corpus, raw: RawPair[], params: ResolvedParams, watch: Stopwatch): ReprintsResult {
  const t = performance.now();
  const { docs } = corpus;
  const rank = documentRanks(docs);
  // Orient every pair earliest-first.
  for (const p of raw) {
    if (rank[p.b] < rank[p.a]) {
      [p.a, p.b] = [p.b, p.a];
      [p.aStart, p.bStart] = [p.bStart, p.aStart];
      [p.aEnd, p.bEnd] = [p.bEnd, p.aEnd];
    }
  }
  const raws = clusterPairs(raw, rank);
  const clusters: Cluster[] = [];
  const pairs: AlignedPair[] = [];
  raws.forEach((c, i) => {
    const id = i + 1;
    clusters.push({
      id,
      passages: c.passages.map((p) => ({
        doc: docs[p.doc].id,
        start: p.start,
        end: p.end,
        text: docs[p.doc].text.slice(p.start, p.end),
      })),
    });
    const members = c.pairs.map((pi) => raw[pi]);
    members.sort(
      (x, y) => rank[x.a] - rank[y.a] || x.aStart - y.aStart || rank[x.b] - rank[y.b] || x.bStart - y.bStart,
    );
    for (const p of members) {
      pairs.push({
        a: { doc: docs[p.a].id, start: p.aStart, end: p.aEnd },
        b: { doc: docs[p.b].id, start: p.bStart, end: p.bEnd },
        similarity: Math.round(p.similarity * 1e4) / 1e4,
        cluster: id,
      });
    }
  });
  const documents: DocumentInfo[] = docs.map((d) => {
    const info: DocumentInfo = { id: d.id, length: 0 };
    if (d.series !== undefined) info.series = d.series;
    if (d.date !== undefined) info.date = d.date;
    // Key order (id, series, date, length) is part of the JSON contract.
    delete (info as Partial<DocumentInfo>).length;
    info.length = d.text.length;
    return info;
  });
  watch.add('cluster', t);
  watch.emit('cluster', clusters.length, clusters.length);
  const { normalization, ...rest } = params;
  return { documents, clusters, pairs, params: { ...rest, normalization: { ...normalization } } };
}

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
  const { corpus, lsh } = await indexCorpus(docs, params, watch);
  const raw = alignCandidates(corpus, lsh, params, watch);
  return buildResult(corpus, raw, params, watch);
}
