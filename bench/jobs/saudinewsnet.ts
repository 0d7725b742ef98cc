/**
 * SaudiNewsNet jobs: end-to-end speed and memory, the read floor, the first-3,000 comparison with the
 * datasketch + difflib recipe, and LSH recall against exact comparison on a sample (with the peers).
 */
import { LshIndex } from '../../src/lsh.js';
import { normalize, normalizeUnits, type Normalized } from '../../src/normalize.js';
import { resolveOptions, type FindReprintsOptions, type ReprintDocument } from '../../src/index.js';
import { Signer } from '../../src/signature.js';
import { runEngine, type StageTiming } from '../engine.js';
import { bruteForceDocumentPairs, exactWindowPairs, longestCommonRun, pairKey, windowsOf } from '../exact.js';
import { readFloor, readJsonl } from '../loaders/jsonl.js';
import { npmLshCandidates } from '../peers/minhash-npm.js';
import { scoreVerbatimTruth, similarityViolations, verbatimRuns, type SimilarityCheck, type VerbatimScore } from '../verbatim-truth.js';

const utf16 = new TextDecoder('utf-16le');
const unitsToString = (u: Uint16Array): string => utf16.decode(u);

export interface EndToEnd {
  documents: number;
  chars: number;
  wallMs: number;
  stages: Partial<Record<string, StageTiming>>;
  clusters: number;
  pairs: number;
  sampledPeakRss: number;
  /** Peak RSS of the job when the engine returned (before the result is checked). */
  engineMaxRss: number;
}

/**
 * From the `.jsonl.gz` (streamed) to clusters with aligned spans. The result's spans are then
 * checked against the file read a second time, so the job does not hold its own copy of every text
 * while the engine runs.
 */
export async function endToEndJob(args: { path: string; limit?: number; options: FindReprintsOptions }): Promise<EndToEnd> {
  let chars = 0;
  let documents = 0;
  async function* counted(): AsyncGenerator<ReprintDocument> {
    for await (const d of readJsonl(args.path, args.limit ?? Infinity)) {
      chars += d.text.length;
      documents++;
      yield d;
    }
  }
  const run = await runEngine(counted(), args.options, `end to end on ${args.path}`, readJsonl(args.path, args.limit ?? Infinity));
  return {
    documents,
    chars,
    wallMs: run.wallMs,
    stages: run.stages,
    clusters: run.result.clusters.length,
    pairs: run.result.pairs.length,
    sampledPeakRss: run.sampledPeakRss,
    engineMaxRss: run.engineMaxRss,
  };
}

/** Decompress and `JSON.parse` every line: the floor any reader pays. Best of `repeat`. */
export async function readFloorJob(args: { path: string; repeat?: number }): Promise<{ docs: number; chars: number; ms: number; runsMs: number[] }> {
  const runs = [];
  for (let i = 0; i < (args.repeat ?? 3); i++) runs.push(await readFloor(args.path));
  const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  return { ...best, runsMs: runs.map((r) => Math.round(r.ms)) };
}

export interface LshRecall {
  sample: number;
  windows: number;
  threshold: number;
  bands: number;
  rows: number;
  /** Document pairs with a window pair of exact Jaccard ≥ threshold (different series). */
  exactPairs: number;
  exactMs: number;
  /** Of those, emitted as LSH candidates (exact duplicates count as joined, as in the engine). */
  lshFound: number;
  lshRecall: number;
  lshCandidates: number;
  /** Of those, in one cluster of `findReprints` on the same sample. */
  clusterFound: number;
  clusterRecall: number;
  /** Exact pairs whose normalized texts also share a verbatim run of ≥ minLength (must be reported). */
  verbatimPairs: number;
  verbatimClusterFound: number;
  verbatimClusterRecall: number;
  /** Of those, with an aligned pair of their own in the result. */
  pairFound: number;
  pairRecall: number;
  engineMs: number;
  /** Verbatim pairs the engine did not put in one cluster, a few, for reading by eye. */
  missedExamples: Array<{ a: string; b: string }>;
  bruteForce: { docs: number; engineMs: number; threshold: number; pairs: number; comparisons: number; ms: number; engineFound: number; engineRecall: number };
  npmMinhash: {
    docs: number;
    windows: number;
    truePairs: number;
    streaming: { found: number; recall: number; queries: number; crashes: number; ms: number };
    batch: { found: number; recall: number; queries: number; crashes: number; ms: number };
  };
}

/**
 * LSH recall on the first `sample` articles. Truth: document pairs (of different series) with some pair
 * of passage windows — cut exactly as the engine cuts them — whose shingle sets have exact Jaccard
 * ≥ threshold. Found: the engine's LSH stage emits the pair as a candidate (replayed here with the
 * engine's own window, signature and index code).
 */
export async function lshRecallJob(args: {
  path: string;
  sample: number;
  options: FindReprintsOptions;
  /** Documents of the true pairs whose windows npm minhash signs (it is slow). */
  npmDocs?: number;
  /** First documents compared by the brute-force peer (O(n²)). */
  bruteDocs?: number;
}): Promise<LshRecall> {
  const docs: ReprintDocument[] = [];
  for await (const d of readJsonl(args.path, args.sample)) docs.push(d);
  const p = resolveOptions(args.options);
  const series = docs.map((d) => d.series);
  const accept = (a: number, b: number): boolean => p.sameSeries || series[a] === undefined || series[a] !== series[b];

  // Exact truth.
  let t = performance.now();
  const w = windowsOf(docs, args.options);
  const truth = exactWindowPairs(w, p.threshold, accept);
  const exactMs = performance.now() - t;

  // LSH candidates, replaying pass 1 of the pipeline: exact duplicates (same normalized text) join
  // their first copy without LSH; every other document's windows are signed and indexed.
  const canon = new Int32Array(docs.length);
  const firstByText = new Map<string, number>();
  docs.forEach((d, i) => {
    const key = unitsToString(normalizeUnits(d.text, p.normalization));
    const first = firstByText.get(key);
    canon[i] = first ?? i;
    if (first === undefined) firstByText.set(key, i);
  });
  const signer = new Signer(p.signatureSize, p.seed);
  const lsh = new LshIndex(p.bands, p.rows);
  const sig = new Uint32Array(p.signatureSize);
  for (let i = 0; i < w.windowDoc.length; i++) {
    const d = w.windowDoc[i];
    if (canon[d] !== d) continue;
    signer.sign(w.hashes[d], w.windowFrom[i], w.windowTo[i], sig, 0);
    lsh.add(d, sig, 0);
  }
  const candidates = new Set<number>();
  lsh.candidates(accept, (a, b) => candidates.add(pairKey(a, b)));
  let lshFound = 0;
  for (const k of truth) {
    const a = Math.floor(k / 0x200000);
    const b = k % 0x200000;
    if (canon[a] === canon[b] || candidates.has(pairKey(canon[a], canon[b]))) lshFound++;
  }

  // End to end on the same sample.
  const run = await runEngine(docs, args.options, `LSH-recall sample of ${args.path}`);
  const indexOf = new Map(docs.map((d, i) => [d.id, i]));
  const aligned = new Set(run.result.pairs.map((pr) => pairKey(indexOf.get(pr.a.doc)!, indexOf.get(pr.b.doc)!)));
  // A document may sit in several clusters: test membership per cluster.
  const clustersOf = new Map<number, Set<number>>();
  for (const c of run.result.clusters) {
    for (const ps of c.passages) {
      const i = indexOf.get(ps.doc)!;
      let s = clustersOf.get(i);
      if (!s) clustersOf.set(i, (s = new Set()));
      s.add(c.id);
    }
  }
  let clusterFound = 0;
  let pairFound = 0;
  let verbatimPairs = 0;
  let verbatimClusterFound = 0;
  const unitsOf = (i: number) => normalizeUnits(docs[i].text, p.normalization).slice();
  const missedExamples: Array<{ a: string; b: string }> = [];
  for (const k of truth) {
    const a = Math.floor(k / 0x200000);
    const b = k % 0x200000;
    const ca = clustersOf.get(a);
    const cb = clustersOf.get(b);
    const together = !!ca && !!cb && [...ca].some((c) => cb.has(c));
    if (together) clusterFound++;
    if (aligned.has(k)) pairFound++;
    if (longestCommonRun(unitsOf(a), unitsOf(b)) >= p.minLength) {
      verbatimPairs++;
      if (together) verbatimClusterFound++;
      else if (missedExamples.length < 5) missedExamples.push({ a: docs[a].id, b: docs[b].id });
    }
  }

  // Peer: brute-force exact Jaccard of whole documents, all pairs of the first `bruteDocs`, against
  // the engine on the same documents.
  const bruteDocs = Math.min(docs.length, args.bruteDocs ?? 1000);
  const bw = bruteDocs === docs.length ? w : windowsOf(docs.slice(0, bruteDocs), args.options);
  t = performance.now();
  const brute = bruteForceDocumentPairs(bw, p.threshold, accept);
  const bruteMs = performance.now() - t;
  const bruteRun = bruteDocs === docs.length ? run : await runEngine(docs.slice(0, bruteDocs), args.options, `brute-force sample of ${args.path}`);
  const bruteClusters = new Map<number, Set<number>>();
  for (const c of bruteRun.result.clusters) {
    for (const ps of c.passages) {
      const i = indexOf.get(ps.doc)!;
      let s = bruteClusters.get(i);
      if (!s) bruteClusters.set(i, (s = new Set()));
      s.add(c.id);
    }
  }
  let bruteEngine = 0;
  for (const k of brute.pairs) {
    const ca = bruteClusters.get(Math.floor(k / 0x200000));
    const cb = bruteClusters.get(k % 0x200000);
    if (ca && cb && [...ca].some((c) => cb.has(c))) bruteEngine++;
  }

  // Peer: npm minhash on the same windows of the documents in true pairs (recall depends only on those).
  const involved = new Set<number>();
  for (const k of truth) {
    involved.add(Math.floor(k / 0x200000));
    involved.add(k % 0x200000);
  }
  const npmDocs = [...involved].sort((a, b) => a - b).slice(0, args.npmDocs ?? 200);
  const npmSet = new Set(npmDocs);
  const texts = new Map(npmDocs.map((d) => [d, unitsToString(normalizeUnits(docs[d].text, p.normalization))]));
  const npmWindows: Array<{ doc: number; shingles: string[] }> = [];
  for (let i = 0; i < w.windowDoc.length; i++) {
    const d = w.windowDoc[i];
    if (!npmSet.has(d)) continue;
    const text = texts.get(d)!;
    const shingles: string[] = [];
    for (let s = w.windowFrom[i]; s < w.windowTo[i]; s++) shingles.push(text.slice(s, s + p.shingleSize));
    npmWindows.push({ doc: d, shingles });
  }
  const npmTruth = [...truth].filter((k) => npmSet.has(Math.floor(k / 0x200000)) && npmSet.has(k % 0x200000));
  const recallOf = (found: Set<number>) => npmTruth.filter((k) => found.has(k)).length;
  const numPerm = p.bands * p.rows;
  const streaming = npmLshCandidates(npmWindows, numPerm, p.rows, true, pairKey, accept);
  const batch = npmLshCandidates(npmWindows, numPerm, p.rows, false, pairKey, accept);
  const summary = (r: typeof streaming) => {
    const found = recallOf(r.found);
    return { found, recall: npmTruth.length ? found / npmTruth.length : 1, queries: r.queries, crashes: r.crashes, ms: r.ms };
  };

  return {
    sample: docs.length,
    windows: w.windowDoc.length,
    threshold: p.threshold,
    bands: p.bands,
    rows: p.rows,
    exactPairs: truth.size,
    exactMs,
    lshFound,
    lshRecall: truth.size ? lshFound / truth.size : 1,
    lshCandidates: candidates.size,
    clusterFound,
    clusterRecall: truth.size ? clusterFound / truth.size : 1,
    verbatimPairs,
    verbatimClusterFound,
    verbatimClusterRecall: verbatimPairs ? verbatimClusterFound / verbatimPairs : 1,
    pairFound,
    pairRecall: truth.size ? pairFound / truth.size : 1,
    engineMs: run.wallMs,
    missedExamples,
    bruteForce: {
      docs: bruteDocs,
      engineMs: bruteRun.wallMs,
      threshold: p.threshold,
      pairs: brute.pairs.size,
      comparisons: brute.comparisons,
      ms: bruteMs,
      engineFound: bruteEngine,
      engineRecall: brute.pairs.size ? bruteEngine / brute.pairs.size : 1,
    },
    npmMinhash: {
      docs: npmDocs.length,
      windows: npmWindows.length,
      truePairs: npmTruth.length,
      streaming: summary(streaming),
      batch: summary(batch),
    },
  };
}

export interface VerbatimTruthReport {
  documents: number;
  minRun: number;
  truthMs: number;
  engineMs: number;
  stages: Partial<Record<string, StageTiming>>;
  score: VerbatimScore;
  similarity: SimilarityCheck;
}

/**
 * Issue 10's exact truth on the first `limit` articles (all by default): verbatim runs of
 * ≥ minLength normalized characters between documents of different series, found by winnowing
 * 50-grams and extending; the engine's clusters scored against them; and every reported pair's
 * similarity checked against the Levenshtein similarity of its two spans.
 */
export async function verbatimTruthJob(args: { path: string; limit?: number; options: FindReprintsOptions; similarityPairs?: number }): Promise<VerbatimTruthReport> {
  const docs: ReprintDocument[] = [];
  for await (const d of readJsonl(args.path, args.limit ?? Infinity)) docs.push(d);
  const p = resolveOptions(args.options);
  const accept = (a: number, b: number): boolean => p.sameSeries || docs[a].series === undefined || docs[a].series !== docs[b].series;
  let t = performance.now();
  const texts = docs.map((d) => unitsToString(normalizeUnits(d.text, p.normalization)));
  const runs = verbatimRuns(texts, p.minLength, accept);
  const truthMs = performance.now() - t;
  const norms = new Map<number, Normalized>();
  for (const r of runs) {
    for (const d of [r.a, r.b]) if (!norms.has(d)) norms.set(d, normalize(docs[d].text, p.normalization));
  }
  const run = await runEngine(docs, args.options);
  const score = scoreVerbatimTruth(
    runs,
    docs.map((d) => d.id),
    norms,
    run.result,
  );
  const textById = new Map(docs.map((d) => [d.id, d.text]));
  const similarity = similarityViolations(run.result, (id) => textById.get(id)!, p.normalization, args.similarityPairs ?? 20_000);
  return { documents: docs.length, minRun: p.minLength, truthMs, engineMs: run.wallMs, stages: run.stages, score, similarity };
}
