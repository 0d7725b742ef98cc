/**
 * Synthetic corpus job: generate `docs` documents (streamed), run the engine on them, score the
 * planted reprints. Generation is timed in its own pass first, so the engine's time is reported alone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FindReprintsOptions, ReprintDocument } from '../../src/index.js';
import { runEngine, type StageTiming } from '../engine.js';
import { readJsonl } from '../loaders/jsonl.js';
import { scorePlanted, type PlantedScores } from '../synthetic-score.js';
import { buildPool, generateCorpus, poolBuilder, type SentencePool, type SyntheticCorpus } from '../synthetic.js';

/** Sentence pool from SaudiNewsNet when present, else from the seed articles. */
export async function loadPool(saudiPath: string | undefined, seedsDir: string): Promise<{ pool: SentencePool; source: string }> {
  if (saudiPath && existsSync(saudiPath)) {
    const builder = poolBuilder();
    for await (const d of readJsonl(saudiPath)) if (!builder.add(d.text)) break;
    return { pool: builder.pool, source: 'saudinewsnet' };
  }
  const texts = readdirSync(seedsDir).sort().map((f) => readFileSync(join(seedsDir, f), 'utf8'));
  return { pool: buildPool(texts), source: 'examples/seeds' };
}

export interface SyntheticReport {
  docs: number;
  chars: number;
  seed: number;
  poolSource: string;
  realSentences: number;
  generatedSentences: number;
  generateMs: number;
  /** RSS once the sentence pool is built (part of the job's peak RSS while the documents are generated). */
  poolRss: number;
  wallMs: number;
  stages: Partial<Record<string, StageTiming>>;
  sampledPeakRss: number;
  /** Peak RSS of the job when the engine returned: pool, generation pass and engine (the pool is let go once the engine has read every document), not the check. */
  engineMaxRss: number;
  planted: number;
  scores: PlantedScores;
}

/**
 * The documents of `corpus`, generated as they are read. Once the last one is read, the generator
 * and its sentence pool are let go and collected: a reader of a file holds no pool, and the engine's
 * peak RSS in the phases after reading should not carry the bench's own 0.3 GB. `holder` must hold
 * the only reference to the corpus.
 */
function* generatedOnce(holder: { corpus?: SyntheticCorpus }): Generator<ReprintDocument> {
  let it: Iterator<ReprintDocument> | undefined = holder.corpus!.documents[Symbol.iterator]();
  holder.corpus = undefined;
  for (let next = it.next(); !next.done; next = it.next()) yield next.value;
  it = undefined;
  global.gc?.();
}

export async function syntheticJob(args: {
  docs: number;
  seed: number;
  saudiPath?: string;
  seedsDir: string;
  options: FindReprintsOptions;
}): Promise<SyntheticReport> {
  const loaded: { pool?: SentencePool; source: string } = await loadPool(args.saudiPath, args.seedsDir);
  const { source } = loaded;
  global.gc?.();
  const poolRss = process.memoryUsage().rss;
  const holder: { corpus?: SyntheticCorpus } = { corpus: generateCorpus({ docs: args.docs, seed: args.seed, pool: loaded.pool! }) };
  loaded.pool = undefined;
  const t = performance.now();
  for (const _ of holder.corpus!.documents);
  const generateMs = performance.now() - t;
  // Filled by the pass above, and filled again with the same values as the engine reads.
  const { truth, stats } = holder.corpus!;
  // The check of the result's spans regenerates the same documents from a pool built again, so the
  // job holds neither a second copy of every text nor the pool while the engine runs.
  async function* regenerated(): AsyncGenerator<ReprintDocument> {
    const { pool } = await loadPool(args.saudiPath, args.seedsDir);
    yield* generateCorpus({ docs: args.docs, seed: args.seed, pool }).documents;
  }
  const run = await runEngine(generatedOnce(holder), args.options, `synthetic corpus of ${args.docs} documents`, regenerated());
  const scores = scorePlanted(truth, run.result.pairs);
  return {
    docs: stats.documents,
    chars: stats.chars,
    seed: args.seed,
    poolSource: source,
    realSentences: stats.realSentences,
    generatedSentences: stats.generatedSentences,
    generateMs,
    poolRss,
    wallMs: run.wallMs,
    stages: run.stages,
    sampledPeakRss: run.sampledPeakRss,
    engineMaxRss: run.engineMaxRss,
    planted: truth.length,
    scores,
  };
}
