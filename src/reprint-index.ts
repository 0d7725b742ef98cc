/**
 * A persistent index of reprints that grows: today's documents against the archive, without
 * re-reading or re-signing the archive.
 *
 * `add(docs)` runs the stages of {@link findReprints} on the new documents only: it signs them
 * (window index), looks their band keys up in the stored band-key segments (the archive's windows)
 * and among themselves, with the batch LSH run rule, verifies candidates with the anchor bar (the
 * archive's anchors come from the store), aligns them (archived texts come from the store),
 * propagates exact copies, re-clusters every pair and keeps cluster ids stable. Everything one add
 * writes goes to the store in one atomic commit. Storage comes in through {@link IndexStore}; this
 * module is runtime-neutral (the SQLite backend is `openIndex` of the Node entry, `src/node/`).
 */
import { verifiedCandidates, type CandidatePairs } from './candidates.js';
import { clusterPairs, pairsReached, type RawCluster, type RawPair } from './cluster.js';
import { CopyFamilies } from './copies.js';
import { Corpus, seriesAllow } from './corpus.js';
import { dateInstants, dateRanks, instantRanks, ranksByInstant } from './dates.js';
import { ReprintsError } from './errors.js';
import {
  buildSegment,
  INDEX_FORMAT,
  READABLE_FORMATS,
  type BandSegment,
  type IndexCommit,
  type IndexHeader,
  type IndexStore,
  type IndexView,
  type StoredDocument,
  type StoredDocumentMeta,
  type StoredPair,
} from './index-store.js';
import { InlineExecutor, TaskRunner, type Executor } from './executor.js';
import { LEADER_SCAN, pairRun, type PairSink } from './lsh.js';
import { resolveOptions } from './options.js';
import type { DecodedBand } from './segment-codec.js';
import { alignPairs } from './pair-alignment.js';
import { PairSet } from './pair-set.js';
import { documentInfo, orient, resultParams, shapeCluster } from './result.js';
import { Stopwatch } from './stopwatch.js';
import { decodeText } from './text-codec.js';
import type { AlignedPair, Cluster, FindReprintsOptions, ReprintDocument, ReprintsResult, ResolvedParams } from './types.js';
import { indexWindows } from './window-index.js';

/** Options of {@link ReprintIndex.add} and {@link ReprintIndex.query}. */
export interface IndexAddOptions {
  /** Skip documents whose id the index already holds (listed in `skipped`) instead of refusing the batch. */
  skipExisting?: boolean;
  /** Progress of the stages, as for {@link findReprints}. */
  onProgress?: FindReprintsOptions['onProgress'];
  /**
   * Abort the add (or query): it rejects with `ReprintsError` `ABORTED` and stores nothing. Checked
   * between tasks and stages and last just before the commit; an abort once the commit has begun
   * comes too late (the add is stored).
   */
  signal?: AbortSignal;
}

/** Two or more clusters joined by an add: `id` survived, the `absorbed` ids are gone. */
export interface ClusterMerge {
  id: number;
  absorbed: number[];
}

/**
 * What an add (or a query) found, in the shape of {@link findReprints}'s result: `documents` are
 * the new documents, `pairs` the new aligned pairs, `clusters` every cluster those pairs touched
 * with all of its passages (archived ones included). Cluster ids are the index's stable ids.
 */
export interface IndexAddResult extends ReprintsResult {
  /** Clusters merged by this add. */
  merges: ClusterMerge[];
  /** Ids skipped because the index already held them (with `skipExisting`). */
  skipped: string[];
}

/** Counts and parameters of an index. */
export interface IndexStats {
  format: number;
  documents: number;
  /** Documents stored as exact copies of an earlier one (not signed). */
  exactCopies: number;
  /** Signed passage windows. */
  windows: number;
  /** Band-key segments (one per add that signed something). */
  segments: number;
  /** Aligned pairs (an exact copy's one whole-copy pair is not stored: see `exactCopies`). */
  pairs: number;
  clusters: number;
  adds: number;
  params: ResolvedParams;
}

/** Aligned pairs (markers left out) and clusters (distinct ids) among stored pairs, as {@link IndexStats} counts them. */
function pairCounts(pairs: readonly StoredPair[]): Pick<IndexStats, 'pairs' | 'clusters'> {
  return { pairs: pairs.filter((p) => p.kind === 'aligned').length, clusters: new Set(pairs.map((p) => p.cluster)).size };
}

/** Result of {@link ReprintIndex.check}. */
export interface IndexCheck {
  ok: boolean;
  /** What is wrong, one line each (empty when ok). */
  problems: string[];
  /** What the index holds, counted as {@link IndexStats} counts it; given when the check read it all. */
  counts?: Pick<IndexStats, 'documents' | 'pairs' | 'clusters'>;
}

/** Parameters compared on open, in the order they are reported. */
const PARAM_KEYS = [
  'shingleSize',
  'signatureSize',
  'threshold',
  'bands',
  'rows',
  'minLength',
  'minSimilarity',
  'maxGap',
  'minCoverage',
  'sameSeries',
  'seed',
] as const;

/** The given keys of `options` that are set. */
function pick(options: FindReprintsOptions, keys: readonly (keyof FindReprintsOptions)[]): FindReprintsOptions {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (options[k] !== undefined) out[k] = options[k];
  return out as FindReprintsOptions;
}

/**
 * The stored parameters, checked against the engine and against the options asked for.
 * @throws {ReprintsError} `INDEX_FORMAT` for an index of another format or engine constants;
 *   `INDEX_PARAMS` naming the first parameter that differs
 */
function checkHeader(header: IndexHeader, options: FindReprintsOptions, where: string): ResolvedParams {
  if (!READABLE_FORMATS.includes(header.format)) {
    throw new ReprintsError(
      'INDEX_FORMAT',
      `${where}: index format ${header.format} cannot be read by this version (it reads formats ${READABLE_FORMATS.slice(0, -1).join(', ')} and ${READABLE_FORMATS.at(-1)}); rebuild the index from its documents (reprints index export, then index add into a new index)`,
    );
  }
  const stored = header.params as unknown as ResolvedParams;
  const engine = resolveOptions({});
  for (const k of ['windowLength', 'anchorWindow'] as const) {
    if (stored[k] !== engine[k]) {
      throw new ReprintsError(
        'INDEX_FORMAT',
        `${where}: the index was built with ${k} ${stored[k]}, this version of reprints uses ${engine[k]}; rebuild the index with this version`,
      );
    }
  }
  // Validate what was asked on its own (INVALID_OPTION for a bad value), then compare what was
  // asked with what the index holds; anything left out takes the index's value.
  resolveOptions(options);
  const differs = (k: string, was: unknown, asked: unknown, fix = `leave ${k} out to use the index's value, or build a new index for ${k} ${JSON.stringify(asked)}`): never => {
    throw new ReprintsError('INDEX_PARAMS', `${where}: parameter ${k} is ${JSON.stringify(was)} in the index but ${JSON.stringify(asked)} was asked; ${fix}`);
  };
  const asked = options as Record<string, unknown>;
  for (const k of PARAM_KEYS) if (asked[k] !== undefined && asked[k] !== stored[k]) differs(k, stored[k], asked[k]);
  if ((options.threshold !== undefined || options.signatureSize !== undefined) && options.bands === undefined && options.rows === undefined) {
    const derived = resolveOptions({ threshold: stored.threshold, signatureSize: stored.signatureSize, ...pick(options, ['threshold', 'signatureSize']) });
    if (derived.bands !== stored.bands || derived.rows !== stored.rows) {
      differs('bands × rows', `${stored.bands} × ${stored.rows}`, `${derived.bands} × ${derived.rows}`, 'leave threshold and signatureSize out to use the index\'s banding, or build a new index');
    }
  }
  for (const [rule, on] of Object.entries(options.normalization ?? {})) {
    if (on !== undefined && stored.normalization[rule as keyof typeof stored.normalization] !== on) {
      throw new ReprintsError(
        'INDEX_PARAMS',
        `${where}: normalization rule ${rule} is ${on ? 'off' : 'on'} in the index but was asked ${on ? 'on' : 'off'}; leave it out to use the index's rules, or build a new index`,
      );
    }
  }
  return stored;
}

/** Fingerprint key of a document's exact-copy family (within its series unless same-series pairs are on). */
function fingerprintKey(fp: bigint, series: string | undefined, sameSeries: boolean): string {
  return sameSeries ? fp.toString(16) : `${fp.toString(16)}/${series === undefined ? '' : `s:${series}`}`;
}

/** Stored pairs as engine pairs (global ords). */
function rawOf(p: StoredPair): RawPair {
  return { a: p.a, aStart: p.aStart, aEnd: p.aEnd, b: p.b, bStart: p.bStart, bEnd: p.bEnd, similarity: p.similarity };
}

/**
 * The clusters of the pairs `picked` (indices into `pairs`, as {@link pairsReached} picks those that
 * clustering could join with the new ones), as {@link clusterPairs} would give them over all
 * `pairs` (indices into `pairs`, same order).
 */
function clusterComponents(pairs: readonly RawPair[], rank: Int32Array, picked: readonly number[]): RawCluster[] {
  return clusterPairs(picked.map((i) => pairs[i]), rank).map((c) => ({ ...c, pairs: c.pairs.map((j) => picked[j]) }));
}

/**
 * The metadata of archived documents, as an add needs it: document by document while they are few,
 * every document at once (one pass, cheaper per document) once an add has asked for more than
 * {@link BULK_SHARE} of the archive — a look-up can touch most of an archive that shares boilerplate.
 */
class ArchiveMetas {
  /** Documents asked for by {@link at}, and by {@link seriesAt}. */
  private asked = 0;
  private askedSeries = 0;
  private allSeries?: (string | undefined)[];

  /** @param all - every document's metadata, when the caller holds it already */
  constructor(
    private readonly view: IndexView,
    private readonly N: number,
    private all?: readonly StoredDocumentMeta[],
  ) {}

  async at(ords: readonly number[]): Promise<StoredDocumentMeta[]> {
    this.asked += ords.length;
    if (!this.all && this.asked > this.N * BULK_SHARE) this.all = await this.view.documents();
    const all = this.all;
    return all ? ords.map((o) => all[o]) : this.view.documentsAt(ords);
  }

  /**
   * The series of the given documents, in the order asked. Past {@link SERIES_BULK_SHARE} of the
   * archive, every document's series is read at once — one column, not every document's metadata: a
   * look-up of 1,000 synthetic articles finds 95 % of an archive sharing their sentence pool, and
   * reading the whole metadata of 100,000 documents took 200–300 ms of such an add.
   */
  async seriesAt(ords: readonly number[]): Promise<(string | undefined)[]> {
    if (this.all) return ords.map((o) => (this.all as readonly StoredDocumentMeta[])[o].series);
    this.askedSeries += ords.length;
    if (!this.allSeries && this.askedSeries > this.N * SERIES_BULK_SHARE) this.allSeries = await this.view.series();
    const all = this.allSeries;
    return all ? ords.map((o) => all[o]) : (await this.view.documentsAt(ords)).map((m) => m.series);
  }
}

/** Share of the archive past which {@link ArchiveMetas} reads every document's metadata at once. */
const BULK_SHARE = 0.25;

/**
 * Share of the archive past which {@link ArchiveMetas} reads every document's series at once: the
 * column costs about what reading an eighth of the documents one by one does (SQLite, 100,000
 * documents: 47 ms for the column, 93 ms for 25,000 documents by `ord`).
 */
const SERIES_BULK_SHARE = 1 / 8;

/**
 * Ids for the re-clustered `clusters` (pairs numbered over `stored`, then `fresh`): each keeps the id
 * most of its stored pairs carry (ties to the lower id) unless another cluster took it, else gets
 * the next new one. Sets the new pairs' ids; returns the merges, the stored pairs whose id changed
 * (by pair number) and the clusters touched (a new pair, a changed id, or a head of a new copy).
 */
function keepClusterIds(
  clusters: readonly RawCluster[],
  stored: readonly StoredPair[],
  fresh: StoredPair[],
  newHeads: ReadonlySet<number>,
  firstFree: number,
): { nextCluster: number; merges: ClusterMerge[]; clusterUpdates: [number, number][]; touched: [number, RawCluster][] } {
  const P = stored.length;
  let nextCluster = firstFree;
  const ids: number[] = [];
  const taken = new Set<number>();
  const oldIds: Map<number, number>[] = [];
  for (const c of clusters) {
    const tally = new Map<number, number>();
    for (const pi of c.pairs) if (pi < P) tally.set(stored[pi].cluster, (tally.get(stored[pi].cluster) ?? 0) + 1);
    oldIds.push(tally);
    const best = [...tally].filter(([id]) => !taken.has(id)).sort((x, y) => y[1] - x[1] || x[0] - y[0])[0];
    const id = best ? best[0] : nextCluster++;
    taken.add(id);
    ids.push(id);
  }
  const merges: ClusterMerge[] = [];
  const clusterUpdates: [number, number][] = [];
  const touched: [number, RawCluster][] = [];
  clusters.forEach((c, ci) => {
    const absorbed = [...oldIds[ci].keys()].filter((id) => id !== ids[ci] && !taken.has(id)).sort((x, y) => x - y);
    if (absorbed.length) merges.push({ id: ids[ci], absorbed });
    // Heads of new copies: their clusters gain the copies' passages.
    let changed = c.passages.some((p) => newHeads.has(p.doc));
    for (const pi of c.pairs) {
      if (pi >= P) {
        fresh[pi - P].cluster = ids[ci];
        changed = true;
      } else if (stored[pi].cluster !== ids[ci]) {
        clusterUpdates.push([pi, ids[ci]]);
        changed = true;
      }
    }
    if (changed) touched.push([ids[ci], c]);
  });
  merges.sort((x, y) => x.id - y.id);
  clusterUpdates.sort((x, y) => x[0] - y[0]);
  return { nextCluster, merges, clusterUpdates, touched };
}

/**
 * The pairs of an add's look-up ({@link countCollisions}), counted: those with a new document (`ord`
 * ≥ `firstNew`) between series `seriesOf` allows (−1: none; read before they are asked about). A
 * class rather than closures, so that the optimized `pairRun` is reused from one add to the next.
 */
class AddPairs implements PairSink {
  readonly counts = new PairSet();

  constructor(
    private readonly seriesOf: Int32Array,
    private readonly sameSeries: boolean,
    private readonly firstNew: number,
  ) {}

  accept(a: number, b: number): boolean {
    return seriesAllow(this.seriesOf, this.sameSeries, a, b);
  }

  emit(a: number, b: number): void {
    if (b >= this.firstNew) this.counts.add(a, b);
  }
}

/**
 * The band segment of an add's windows (`signed`, documents numbered from 0), documents that copy
 * another exactly (`copyOf` ≥ 0) left out (they are not signed), documents renumbered from `N`.
 * (Its loops live here, not in {@link ReprintIndex.run}: a hot loop in that long function made V8
 * compile all of it again at every add.)
 */
function newSegment(signed: { keys: Uint32Array[]; docs: Int32Array }, copyOf: Int32Array, N: number): BandSegment {
  const keep = new Int32Array(signed.docs.length);
  let count = 0;
  for (let w = 0; w < signed.docs.length; w++) if (copyOf[signed.docs[w]] < 0) keep[count++] = w;
  const keys = signed.keys.map((k) => {
    const out = new Uint32Array(count);
    for (let i = 0; i < count; i++) out[i] = k[keep[i]];
    return out;
  });
  const docs = new Int32Array(count);
  for (let i = 0; i < count; i++) docs[i] = N + signed.docs[keep[i]];
  return buildSegment(keys, docs, count);
}

/**
 * Collisions of the new windows with the archive's and with each other's, counted per document
 * pair exactly as the batch LSH index counts them: runs of equal band keys in insertion order
 * (archive first, then the new windows), every pair in a run up to 16 windows, leaders only in a
 * larger one; `sink` filters and counts the pairs ({@link AddPairs}).
 *
 * A key's archived windows are kept up to its first `LEADER_SCAN` documents (a document's windows
 * of one key come together, in archive order): when the archive holds that many, they are all the
 * run's leaders, and an archived window past them pairs only with archived leaders, which is not
 * counted — so the rest of the run changes nothing, and a boilerplate key shared by a large part
 * of the archive costs the look-up of its entries only, not a pass over all of them per new window.
 */
async function countCollisions(
  view: IndexView,
  fresh: BandSegment,
  sink: PairSink,
  /** Called with each band's archived documents found (repeats allowed) before `sink` sees them. */
  found: (archived: readonly number[]) => Promise<void>,
  /** Checked between bands (an abort; the event loop's turn). */
  runner: TaskRunner,
): Promise<void> {
  const leaders = new Int32Array(LEADER_SCAN);
  let run: Int32Array = new Int32Array(64);
  for (let b = 0; b < fresh.keys.length; b++) {
    await runner.checkpoint();
    const nk = fresh.keys[b];
    const nd = fresh.docs[b];
    // Archived documents of each new key run, as linked lists (in archive order) from the run's
    // first position in `nk`.
    const head = new Int32Array(nk.length).fill(-1);
    const tail = new Int32Array(nk.length);
    const hitDoc: number[] = [];
    const next: number[] = [];
    // Distinct archived documents kept per asked key, and the last one.
    const kept = new Int32Array(nk.length);
    const lastDoc = new Int32Array(nk.length).fill(-1);
    await view.matchBand(b, nk, (i, doc, times) => {
      if (doc !== lastDoc[i]) {
        if (kept[i] === LEADER_SCAN) return;
        kept[i]++;
        lastDoc[i] = doc;
      }
      for (let t = 0; t < times; t++) {
        const h = hitDoc.length;
        hitDoc.push(doc);
        next.push(-1);
        if (head[i] < 0) head[i] = h;
        else next[tail[i]] = h;
        tail[i] = h;
      }
    });
    await found(hitDoc);
    run = pairKeyRuns(nk, nd, head, next, hitDoc, run, leaders, sink);
  }
}

/**
 * Pair each run of equal new keys of a band with the archived documents found for it (the linked
 * lists of {@link countCollisions}), archive first; returns the scratch run, grown if it had to.
 * A function of its own, called once a band: V8 then optimizes it as a function and keeps it from
 * one add to the next (a loop inside `countCollisions`, called once an add, was compiled again on
 * the stack at every add).
 */
function pairKeyRuns(
  nk: Uint32Array,
  nd: Int32Array,
  head: Int32Array,
  next: readonly number[],
  hitDoc: readonly number[],
  run: Int32Array,
  leaders: Int32Array,
  sink: PairSink,
): Int32Array {
  for (let s = 0; s < nk.length; ) {
    let e = s + 1;
    while (e < nk.length && nk[e] === nk[s]) e++;
    if (e - s > 1 || head[s] >= 0) {
      let n = e - s;
      for (let h = head[s]; h >= 0; h = next[h]) n++;
      if (run.length < n) run = new Int32Array(n * 2);
      let w = 0;
      for (let h = head[s]; h >= 0; h = next[h]) run[w++] = hitDoc[h];
      for (let x = s; x < e; x++) run[w++] = nd[x];
      pairRun(run, 0, n, leaders, sink);
    }
    s = e;
  }
  return run;
}

/**
 * A corpus of the given documents (global ords, ascending; archived ones read from the store, the
 * batch's from `batch`), with their normalized lengths and exact-copy heads (those in the set).
 */
async function corpusOf(
  view: IndexView,
  archive: ArchiveMetas,
  N: number,
  ords: readonly number[],
  batch: Corpus | undefined,
  copyOf: Int32Array,
  params: ResolvedParams,
): Promise<{ corpus: Corpus; localOf: (g: number) => number }> {
  const archived = ords.filter((g) => g < N);
  const texts = await view.texts(archived);
  const metas = await archive.at(archived);
  const local = new Map<number, number>();
  const corpus = new Corpus(params.sameSeries);
  ords.forEach((g, l) => {
    local.set(g, l);
    if (g >= N) {
      corpus.add((batch as Corpus).docs[g - N]);
      corpus.normLength[l] = (batch as Corpus).normLength[g - N];
      return;
    }
    const m = metas[l];
    corpus.add(m, { code: texts[l], length: m.length });
    corpus.normLength[l] = m.normLength;
  });
  const localOf = (g: number): number => local.get(g) as number;
  ords.forEach((g, l) => {
    const head = g < N ? metas[l].copyOf : copyOf[g - N];
    if (head >= 0 && local.has(head)) corpus.copyOf[l] = localOf(head);
  });
  return { corpus, localOf };
}

/**
 * Clusters of the index (global ords, with their ids) in the public shape, as a batch run shapes
 * them: the exact copies of their documents get the heads' passages and whole-copy pairs
 * ({@link CopyFamilies}); only the documents involved are read.
 */
async function shapeClusters(
  view: IndexView,
  archive: ArchiveMetas,
  N: number,
  batch: Corpus | undefined,
  copyOf: Int32Array,
  params: ResolvedParams,
  raw: readonly RawPair[],
  clusters: readonly [number, RawCluster][],
): Promise<{ clusters: Cluster[]; pairs: AlignedPair[] }> {
  const involved = new Set<number>();
  for (const [, c] of clusters) for (const p of c.passages) involved.add(p.doc);
  // Their exact copies: stored ones of stored heads, and new ones (`copyOf` of the batch).
  const heads = [...involved];
  for (const m of await view.copiesOf(heads.filter((d) => d < N))) involved.add(m.ord);
  const isHead = new Set(heads);
  copyOf.forEach((head, i) => head >= 0 && isHead.has(head) && involved.add(N + i));
  const ords = [...involved].sort((x, y) => x - y);
  const { corpus, localOf } = await corpusOf(view, archive, N, ords, batch, copyOf, params);
  const families = new CopyFamilies(corpus, params);
  const rawLocal: RawPair[] = new Array(raw.length);
  const local: RawCluster[] = clusters.map(([, c]) => {
    for (const pi of c.pairs) rawLocal[pi] = { ...raw[pi], a: localOf(raw[pi].a), b: localOf(raw[pi].b) };
    return { passages: c.passages.map((p) => ({ ...p, doc: localOf(p.doc) })), pairs: c.pairs };
  });
  families.expand(local);
  const rank = dateRanks(corpus.docs.map((d) => d.date));
  const pairs: AlignedPair[] = [];
  const out = local.map((c, i) => {
    c.passages.sort((x, y) => rank[x.doc] - rank[y.doc] || x.start - y.start);
    return shapeCluster(clusters[i][0], c, rawLocal, families, rank, corpus.docs, pairs);
  });
  return { clusters: out, pairs };
}

/**
 * `read` of every document's `what` at once, or, when that fails, one by one: each document that
 * cannot be read is named in `problems` (with the reason) and left `undefined`.
 */
async function readEach<T>(
  metas: readonly StoredDocumentMeta[],
  read: (ords: readonly number[]) => Promise<T[]>,
  what: string,
  problems: string[],
): Promise<(T | undefined)[]> {
  try {
    return await read(metas.map((m) => m.ord));
  } catch {
    const out: (T | undefined)[] = [];
    for (const m of metas) {
      try {
        out.push((await read([m.ord]))[0]);
      } catch (e) {
        const reason = e instanceof Error && e.cause instanceof Error ? e.cause.message : (e as Error).message;
        problems.push(`document ${JSON.stringify(m.id)}: ${what} cannot be read (${reason})`);
        out.push(undefined);
      }
    }
    return out;
  }
}

/**
 * A persistent, growing index of reprints over an {@link IndexStore}.
 *
 * @example
 * const index = await ReprintIndex.open(new MemoryIndexStore(), { create: true });
 * const day1 = await index.add(monday);   // reprints among Monday's articles
 * const day2 = await index.add(tuesday);  // Tuesday's against Monday's and among themselves
 * day2.clusters;                          // clusters Tuesday touched, with all their passages
 */
export class ReprintIndex {
  private constructor(
    private readonly store: IndexStore,
    /** The parameters the index was built with. */
    readonly params: ResolvedParams,
    private readonly where: string,
    /** Where the parallel stages' tasks run (inline when unset). */
    executor: Executor | undefined,
    private readonly onClose?: () => Promise<void>,
  ) {
    this.executor = executor ?? new InlineExecutor();
  }

  /**
   * Where the parallel stages' tasks run. One executor for the index's lifetime: the documents a
   * thread prepared for alignment are kept from one add to the next (yesterday's articles are the
   * likeliest sources of today's reprints).
   */
  private readonly executor: Executor;

  /**
   * Instants of archived documents by `ord` ({@link dateInstants}; NaN: not parsed yet), parsed
   * once: a document's date never changes.
   */
  private instants = new Float64Array(0);

  /** Whether the instant of archived document `ord` is kept. */
  private knowsInstant(ord: number): boolean {
    return ord < this.instants.length && !Number.isNaN(this.instants[ord]);
  }

  /** Parse and keep the instants of these documents (those not kept yet). */
  private learnInstants(metas: readonly StoredDocumentMeta[]): void {
    const unparsed = metas.filter((m) => !this.knowsInstant(m.ord));
    const end = unparsed.reduce((e, m) => Math.max(e, m.ord + 1), 0);
    if (this.instants.length < end) {
      const grown = new Float64Array(Math.max(end, this.instants.length * 2)).fill(NaN);
      grown.set(this.instants);
      this.instants = grown;
    }
    dateInstants(unparsed.map((m) => m.date)).forEach((t, i) => (this.instants[unparsed[i].ord] = t));
  }

  /** The instant of every document in `metas` (all documents of a snapshot, by `ord`). */
  private instantsOf(metas: readonly StoredDocumentMeta[]): Float64Array {
    this.learnInstants(metas);
    return this.instants.subarray(0, metas.length);
  }

  /**
   * Ranks of the documents of `pairs` and of the new documents (`N …`, instants `fresh`) in the
   * order {@link instantRanks} gives all documents (oldest first, ties by `ord`, the undated last);
   * only these are set. Reads the dates of archived ones not parsed yet.
   */
  private async ranksOf(archive: ArchiveMetas, pairs: readonly RawPair[], N: number, fresh: Float64Array): Promise<Int32Array> {
    const docs = new Set<number>();
    for (const p of pairs) docs.add(p.a).add(p.b);
    const unparsed = [...docs].filter((d) => d < N && !this.knowsInstant(d));
    this.learnInstants(await archive.at(unparsed));
    for (let i = 0; i < fresh.length; i++) docs.add(N + i);
    return ranksByInstant([...docs], (d) => (d < N ? this.instants[d] : fresh[d - N]), N + fresh.length);
  }

  /**
   * Open an index on a store, creating it with `options` when the store is empty and `create` is set.
   * Options given must match the index's parameters; options left out take the index's values.
   * `options.where` names the index in messages (its path); `options.executor` runs the parallel
   * stages' tasks (as for {@link findReprints}); `options.onClose` is called by {@link close} (the Node
   * entry shuts its worker pool there).
   * @throws {ReprintsError} `INDEX_MISSING` (empty store, no `create`), `INDEX_FORMAT`, `INDEX_PARAMS`,
   *   `INVALID_OPTION`
   */
  static async open(
    store: IndexStore,
    options: FindReprintsOptions & { create?: boolean; where?: string; onClose?: () => Promise<void> } = {},
  ): Promise<ReprintIndex> {
    const { create = false, where = 'index', executor, onClose, ...engineOptions } = options;
    if (engineOptions.mode !== undefined && engineOptions.mode !== 'default') {
      // The word-level path of reuse mode is not indexed: refuse rather than silently run the default mode.
      throw new ReprintsError(
        'INVALID_OPTION',
        `${where}: mode ${JSON.stringify(engineOptions.mode)} is not available in an index (it keeps the default mode's character windows only); leave mode out, or run reprints --mode reuse on the documents themselves`,
      );
    }
    // An existing index is opened with a read (no write lock: a writer may be adding meanwhile).
    const existing = await store.read((view) => view.header());
    if (existing) return new ReprintIndex(store, checkHeader(existing, engineOptions, where), where, executor, onClose);
    const params = await store.write(async (view) => {
      const header = await view.header();
      if (header) return { value: checkHeader(header, engineOptions, where) };
      if (!create) {
        throw new ReprintsError('INDEX_MISSING', `${where}: no index here; create one with reprints index add ${where} PATH…`);
      }
      const params = resolveOptions(engineOptions);
      const fresh: IndexHeader = { format: INDEX_FORMAT, params: resultParams(params) as unknown as Record<string, unknown>, documents: 0, pairs: 0, nextCluster: 1, adds: 0 };
      return { value: params, commit: { header: fresh, documents: [], pairs: [], clusterUpdates: [] } };
    });
    return new ReprintIndex(store, params, where, executor, onClose);
  }

  /**
   * Add documents: find their reprints against the archive and among themselves, store them and
   * their pairs in one atomic commit, and return what is new.
   * @throws {ReprintsError} `DUPLICATE_ID` for an id the index (or the batch) already holds, unless
   *   `skipExisting`; `INVALID_DOCUMENT`; `ABORTED` (its `signal`); `INDEX_CLOSED`; a store's own
   *   (the file's: `INDEX_BUSY`, `INDEX_CORRUPT`, `INDEX_IO`)
   */
  async add(docs: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>, options: IndexAddOptions = {}): Promise<IndexAddResult> {
    return this.open().write(async (view) => {
      const { result, commit } = await this.run(view, docs, options);
      return { value: result, commit };
    });
  }

  /** What {@link add} would return, without storing anything. */
  async query(docs: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>, options: IndexAddOptions = {}): Promise<IndexAddResult> {
    return this.open().read(async (view) => (await this.run(view, docs, options)).result);
  }

  private async run(
    view: IndexView,
    input: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>,
    options: IndexAddOptions,
  ): Promise<{ result: IndexAddResult; commit: IndexCommit }> {
    const { params, where } = this;
    if (input === null || typeof input !== 'object' || !(Symbol.iterator in input || Symbol.asyncIterator in input)) {
      throw new ReprintsError('INVALID_DOCUMENT', 'documents must be an array or an (async) iterable of { id, text, series?, date? }');
    }
    const header = (await view.header()) as IndexHeader;
    const N = header.documents;
    const archive = new ArchiveMetas(view, N);

    // The batch, less ids the index already holds.
    const given: ReprintDocument[] = [];
    for await (const doc of input) given.push(doc);
    const idOf = (doc: unknown): unknown => (doc !== null && typeof doc === 'object' ? (doc as { id?: unknown }).id : undefined);
    const asked = given.map(idOf).filter((id): id is string => typeof id === 'string');
    const ordOf = new Map<string, number>();
    (await view.ordsOf(asked)).forEach((ord, i) => ord !== undefined && ordOf.set(asked[i], ord));
    const kept: ReprintDocument[] = [];
    const skipped: string[] = [];
    let position = 0;
    for (const doc of given) {
      const id = idOf(doc);
      const ord = typeof id === 'string' ? ordOf.get(id) : undefined;
      if (ord !== undefined) {
        if (!options.skipExisting) {
          throw new ReprintsError(
            'DUPLICATE_ID',
            `document id ${JSON.stringify(id)} at input position ${position} is already in ${where} (document ${ord + 1} of ${N}); leave it out, or skip documents already indexed (skipExisting, --skip-existing)`,
          );
        }
        skipped.push(id as string);
      } else kept.push(doc);
      position++;
    }

    // 1–2. Sign the new documents only (validates them and finds exact copies among them).
    const watch = new Stopwatch(options.onProgress);
    const runner = new TaskRunner(this.executor, options.signal);
    await runner.checkpoint();
    const { corpus: batch, lsh } = await indexWindows(kept, params, runner, watch);
    const M = batch.size;
    const fingerprints = batch.docs.map((doc, i) =>
      batch.normLength[i] === 0 ? '' : fingerprintKey(batch.fingerprintOf(i), doc.series, params.sameSeries),
    );
    const signedKeys = fingerprints.filter((f) => f !== '');
    const firstOf = new Map<string, number>();
    (await view.firstSigned(signedKeys)).forEach((ord, i) => ord !== undefined && firstOf.set(signedKeys[i], ord));
    const copyOf = new Int32Array(M).fill(-1);
    for (let i = 0; i < M; i++) {
      if (fingerprints[i] === '') continue;
      const archived = firstOf.get(fingerprints[i]);
      if (archived !== undefined) copyOf[i] = archived;
      else if (batch.copyOf[i] >= 0) copyOf[i] = N + batch.copyOf[i];
    }

    const segment = newSegment(lsh.arrays(), copyOf, N);
    const signedWindows = segment.keys[0]?.length ?? 0;

    // 3. Candidates against the archive and among the new documents.
    let t = performance.now();
    const seriesIds = new Map<string, number>();
    // Series as small integers: −1 none, −2 an archived document's not read yet (the look-up reads
    // those of the documents it finds before pairing them).
    const seriesOf = new Int32Array(N + M).fill(-2);
    const seriesNumber = (s: string | undefined): number => {
      if (s === undefined) return -1;
      let id = seriesIds.get(s);
      if (id === undefined) seriesIds.set(s, (id = seriesIds.size));
      return id;
    };
    for (let i = 0; i < M; i++) seriesOf[N + i] = seriesNumber(batch.docs[i].series);
    const readSeries = async (archived: readonly number[]): Promise<void> => {
      const unread = [...new Set(archived.filter((d) => seriesOf[d] === -2))];
      (await archive.seriesAt(unread)).forEach((s, i) => (seriesOf[unread[i]] = seriesNumber(s)));
    };
    const collisions = new AddPairs(seriesOf, params.sameSeries, N);
    await countCollisions(view, segment, collisions, readSeries, runner);
    const hit = collisions.counts.sorted(params.bands);
    const archivedHit = [...new Set(hit.a)].filter((d) => d < N).sort((x, y) => x - y);
    const archivedAnchors = new Map<number, Uint32Array>();
    (await view.anchors(archivedHit)).forEach((a, i) => archivedAnchors.set(archivedHit[i], a));
    const candidates = verifiedCandidates(hit, (d) => (d >= N ? batch.anchorsOf(d - N) : (archivedAnchors.get(d) as Uint32Array)), params);
    watch.add('lsh', t);
    watch.emit('lsh', segment.keys[0]?.length ?? 0, segment.keys[0]?.length ?? 0);

    // 4. A working corpus: the archived documents these pairs need and the heads of new exact
    // copies, then the new documents.
    const stored = await view.pairs();
    const needed = new Set<number>();
    for (let i = 0; i < candidates.a.length; i++) if (candidates.a[i] < N) needed.add(candidates.a[i]);
    for (let i = 0; i < M; i++) if (copyOf[i] >= 0 && copyOf[i] < N) needed.add(copyOf[i]);
    const archivedOrds = [...needed].sort((x, y) => x - y);
    const A = archivedOrds.length;
    const local = new Map<number, number>();
    archivedOrds.forEach((g, l) => local.set(g, l));
    const globalOf = (l: number): number => (l < A ? archivedOrds[l] : N + l - A);
    const localOf = (g: number): number => (g < N ? (local.get(g) as number) : A + g - N);
    const { corpus: work } = await corpusOf(view, archive, N, archivedOrds.concat(Array.from({ length: M }, (_, i) => N + i)), batch, copyOf, params);
    const localCandidates: CandidatePairs = { a: candidates.a.map(localOf), b: candidates.b.map(localOf) };

    // Align; a head that gains its first pairable exact copy gets its family's marker (as in a batch
    // run: copies are not aligned, they take their head's passages when clusters are shaped).
    await runner.checkpoint();
    const aligned = await alignPairs(work, localCandidates, params, runner, watch);
    watch.emit('align', candidates.a.length, candidates.a.length);
    t = performance.now();
    const marked = new Set(stored.filter((p) => p.kind === 'marker').map((p) => p.a));
    const fresh: StoredPair[] = [];
    const toStored = (p: RawPair, kind: StoredPair['kind']): StoredPair => ({ ...p, a: globalOf(p.a), b: globalOf(p.b), kind, cluster: 0 });
    for (const p of aligned) fresh.push(toStored(p, 'aligned'));
    for (const p of new CopyFamilies(work, params).markers()) if (!marked.has(globalOf(p.a))) fresh.push(toStored(p, 'marker'));

    // 5. Re-cluster the pairs this add can change — those whose spans connect through overlaps to
    // a new pair's or to the head of a new exact copy — and keep ids with their clusters. Other
    // clusters cannot change: clustering joins spans only where they overlap.
    // Only those pairs are oriented and ranked (pairsReached follows spans, whichever side they are).
    const raw = stored.map(rawOf).concat(fresh.map(rawOf));
    const P = stored.length;
    const newHeads = new Set<number>();
    for (let i = 0; i < M; i++) if (copyOf[i] >= 0) newHeads.add(copyOf[i]);
    const picked = pairsReached(raw, P, newHeads);
    const rank = await this.ranksOf(archive, picked.map((i) => raw[i]), N, dateInstants(batch.docs.map((d) => d.date)));
    for (const i of picked) orient(raw[i], rank);
    const clusters = clusterComponents(raw, rank, picked);
    const { nextCluster, merges, clusterUpdates, touched } = keepClusterIds(clusters, stored, fresh, newHeads, header.nextCluster);

    // The result: new documents, new pairs (those with a new document), and the touched clusters
    // with all their passages, exact copies included.
    const shaped = await shapeClusters(view, archive, N, batch, copyOf, params, raw, touched);
    const newIds = new Set(batch.docs.map((d) => d.id));
    const outPairs = shaped.pairs.filter((p) => newIds.has(p.a.doc) || newIds.has(p.b.doc));
    watch.add('cluster', t);
    watch.emit('cluster', shaped.clusters.length, shaped.clusters.length);

    const result: IndexAddResult = {
      documents: batch.docs.map((d, i) => documentInfo(d, batch.textLength(i))),
      clusters: shaped.clusters,
      pairs: outPairs,
      params: resultParams(params),
      merges,
      skipped,
    };
    const documents: StoredDocument[] = batch.docs.map((d, i) => {
      const s: StoredDocument = {
        ord: N + i,
        id: d.id,
        length: batch.textLength(i),
        normLength: batch.normLength[i],
        fingerprint: fingerprints[i],
        copyOf: copyOf[i],
        code: batch.textCode(i),
        anchors: copyOf[i] < 0 ? batch.anchorsOf(i) : new Uint32Array(0),
      };
      if (d.series !== undefined) s.series = d.series;
      if (d.date !== undefined) s.date = d.date;
      return s;
    });
    const commit: IndexCommit = {
      // (An index of an older readable format is written in the current one from its next add.)
      header: { ...header, format: INDEX_FORMAT, documents: N + M, pairs: P + fresh.length, nextCluster, adds: header.adds + 1 },
      documents,
      pairs: fresh,
      clusterUpdates,
    };
    if (signedWindows > 0) commit.segment = segment;
    // The last moment to abort: what follows is the store's commit.
    await runner.lastCheckpoint();
    return { result, commit };
  }

  /**
   * The number of documents the index holds, from its header alone: what a summary line needs,
   * without {@link stats}' reads of every document's metadata, every pair and a band of each segment.
   */
  async documentCount(): Promise<number> {
    return this.open().read(async (view) => ((await view.header()) as IndexHeader).documents);
  }

  /** Counts and parameters. */
  async stats(): Promise<IndexStats> {
    return this.open().read(async (view) => {
      const header = (await view.header()) as IndexHeader;
      const metas = await view.documents();
      const segments = await view.segmentCount();
      let windows = 0;
      for (let seg = 0; seg < segments; seg++) windows += await view.segmentWindows(seg);
      const pairs = await view.pairs();
      return {
        format: header.format,
        documents: metas.length,
        exactCopies: metas.filter((m) => m.copyOf >= 0).length,
        windows,
        segments,
        ...pairCounts(pairs),
        adds: header.adds,
        params: this.params,
      };
    });
  }

  /** The whole index in the shape of {@link findReprints}'s result, with the index's stable cluster ids. */
  async export(): Promise<ReprintsResult> {
    return this.open().read(async (view) => {
      const metas = await view.documents();
      const pairs = await view.pairs();
      const rank = instantRanks(this.instantsOf(metas));
      const raw = pairs.map(rawOf);
      for (const p of raw) orient(p, rank);
      const clusters = clusterPairs(raw, rank).map((c): [number, RawCluster] => [pairs[c.pairs[0]].cluster, c]);
      const shaped = await shapeClusters(view, new ArchiveMetas(view, metas.length, metas), metas.length, undefined, new Int32Array(0), this.params, raw, clusters);
      return { documents: metas.map((m) => documentInfo(m, m.length)), ...shaped, params: resultParams(this.params) };
    });
  }

  /** Verify the index: header, documents, copies, anchors, band segments, pairs and cluster ids. */
  async check(): Promise<IndexCheck> {
    // The storage first: index-level checks of a damaged file would stop at the first unreadable row.
    const damaged = (await this.open().verify?.()) ?? [];
    if (damaged.length > 0) return { ok: false, problems: damaged.map((p) => `the file is damaged: ${p}`) };
    return this.open().read(async (view) => {
      const problems: string[] = [];
      const header = await view.header();
      if (!header) return { ok: false, problems: ['no header: not an index, or never written'] };
      const metas = await view.documents();
      if (metas.length !== header.documents) problems.push(`header counts ${header.documents} documents, the store holds ${metas.length}`);
      const ids = new Set<string>();
      metas.forEach((m, i) => {
        if (m.ord !== i) problems.push(`document ${JSON.stringify(m.id)}: ord ${m.ord}, expected ${i}`);
        if (ids.has(m.id)) problems.push(`document id ${JSON.stringify(m.id)} is stored twice`);
        ids.add(m.id);
        if (m.copyOf >= 0 && (m.copyOf >= i || metas[m.copyOf]?.copyOf !== -1)) {
          problems.push(`document ${JSON.stringify(m.id)}: copyOf ${m.copyOf} is not an earlier signed document`);
        }
      });
      const texts = await readEach(metas, (ords) => view.texts(ords), 'text', problems);
      const anchors = await readEach(metas, (ords) => view.anchors(ords), 'anchor hashes', problems);
      metas.forEach((m, i) => {
        const text = texts[i];
        if (text !== undefined && (!(text instanceof Uint8Array) || decodeText(text).length !== m.length)) {
          problems.push(`document ${JSON.stringify(m.id)}: text missing or not ${m.length} long`);
        }
        const a = anchors[i] ?? new Uint32Array(0);
        for (let j = 1; j < a.length; j++) if (a[j - 1] >= a[j]) {
          problems.push(`document ${JSON.stringify(m.id)}: anchor hashes not sorted and distinct`);
          break;
        }
      });
      // Segments hold consecutive adds, oldest first (merged ones too), and equal keys in a band keep
      // archive order: each segment's documents come after the previous segment's.
      const segments = await view.segmentCount();
      let before = -1;
      for (let si = 0; si < segments; si++) {
        let first = Infinity;
        let last = -1;
        for (let b = 0; b < this.params.bands; b++) {
          let band: DecodedBand;
          try {
            band = await view.band(si, b);
          } catch (e) {
            problems.push(`segment ${si} band ${b}: cannot be read (${(e as Error).message})`);
            continue;
          }
          const { keys: k, docs: d } = band;
          if (d.length !== k.length) problems.push(`segment ${si} band ${b}: ${k.length} keys but ${d.length} documents`);
          for (let j = 0; j < k.length; j++) {
            if (j > 0 && k[j - 1] > k[j]) {
              problems.push(`segment ${si} band ${b}: keys not sorted at ${j}`);
              break;
            }
            if (!(d[j] >= 0 && d[j] < metas.length) || metas[d[j]].copyOf >= 0) {
              problems.push(`segment ${si} band ${b}: window ${j} names document ${d[j]}, not a signed document of the index`);
              break;
            }
            first = Math.min(first, d[j]);
            last = Math.max(last, d[j]);
            if (j > 0 && k[j - 1] === k[j] && d[j - 1] > d[j]) {
              problems.push(`segment ${si} band ${b}: windows of key ${k[j]} out of archive order at ${j} (document ${d[j]} after ${d[j - 1]})`);
              break;
            }
          }
        }
        if (first <= before) problems.push(`segment ${si}: holds document ${first}, not after the previous segment's last (${before})`);
        before = Math.max(before, last);
      }
      const pairs = await view.pairs();
      if (pairs.length !== header.pairs) problems.push(`header counts ${header.pairs} pairs, the store holds ${pairs.length}`);
      pairs.forEach((p, i) => {
        for (const [d, s, e] of [[p.a, p.aStart, p.aEnd], [p.b, p.bStart, p.bEnd]]) {
          if (!(d >= 0 && d < metas.length) || !(s >= 0 && s < e && e <= metas[d].length)) {
            problems.push(`pair ${i}: span ${s}–${e} of document ${d} is out of range`);
          }
        }
        if (!(p.cluster >= 1 && p.cluster < header.nextCluster)) problems.push(`pair ${i}: cluster id ${p.cluster} was never handed out`);
      });
      if (problems.length === 0) {
        const rank = instantRanks(this.instantsOf(metas));
        const raw = pairs.map(rawOf);
        for (const p of raw) orient(p, rank);
        const seen = new Map<number, number>();
        clusterPairs(raw, rank).forEach((c, ci) => {
          const idsOf = new Set(c.pairs.map((pi) => pairs[pi].cluster));
          if (idsOf.size !== 1) problems.push(`cluster ${ci + 1}: its pairs carry ids ${[...idsOf].join(', ')}`);
          for (const id of idsOf) {
            if (seen.has(id)) problems.push(`cluster id ${id} names two clusters`);
            seen.set(id, ci);
          }
        });
      }
      const counts = { documents: metas.length, ...pairCounts(pairs) };
      return { ok: problems.length === 0, problems, counts };
    });
  }

  /**
   * Copy the index, as of its last completed add, to a new file at `path` (replacing one there
   * atomically), while adds and reads go on; the copy is checked before it takes the name.
   * @throws {ReprintsError} `INVALID_OPTION` when the store keeps no file (the memory store);
   *   `INDEX_IO` when the copy cannot be written
   */
  async backup(path: string): Promise<{ bytes: number; documents: number; adds: number }> {
    const store = this.open();
    if (!store.backup) throw new ReprintsError('INVALID_OPTION', `${this.where}: this index's store keeps no file to copy; export it instead`);
    return store.backup(path);
  }

  /** Whether {@link close} was called. */
  private closed = false;

  /** The store, while the index is open. @throws {ReprintsError} `INDEX_CLOSED` once closed */
  private open(): IndexStore {
    if (this.closed) throw new ReprintsError('INDEX_CLOSED', `${this.where}: this index was closed; open it again to use it`);
    return this.store;
  }

  /** Close the store (again: nothing). Every other method then fails with `INDEX_CLOSED`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.store.close();
    } finally {
      await this.onClose?.();
    }
  }
}
