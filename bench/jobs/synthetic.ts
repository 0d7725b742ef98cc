/**
 * Synthetic corpus job: generate `docs` documents (streamed), run the engine on them, score the
 * planted reprints. Generation is timed in its own pass first, so the engine's time is reported alone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FindReprintsOptions } from '../../src/index.js';
import { runEngine, type StageTiming } from '../engine.js';
import { readJsonl } from '../loaders/jsonl.js';
import { scorePlanted, type PlantedScores } from '../synthetic-score.js';
import { buildPool, generateCorpus, poolBuilder, type SentencePool } from '../synthetic.js';

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
  /** RSS once the sentence pool is built (part of the job's peak RSS, not the engine's). */
  poolRss: number;
  wallMs: number;
  stages: Partial<Record<string, StageTiming>>;
  sampledPeakRss: number;
  /** Peak RSS of the job when the engine returned: pool, generation pass and engine, not the check. */
  engineMaxRss: number;
  planted: number;
  scores: PlantedScores;
}

export async function syntheticJob(args: {
  docs: number;
  seed: number;
  saudiPath?: string;
  seedsDir: string;
  options: FindReprintsOptions;
}): Promise<SyntheticReport> {
  const { pool, source } = await loadPool(args.saudiPath, args.seedsDir);
  global.gc?.();
  const poolRss = process.memoryUsage().rss;
  const corpus = generateCorpus({ docs: args.docs, seed: args.seed, pool });
  let t = performance.now();
  for (const _ of corpus.documents);
  const generateMs = performance.now() - t;
  // The generator runs again for the check of the result's spans (it regenerates the same
  // documents, truth and counts), so the job does not hold a second copy of every text.
  const run = await runEngine(corpus.documents, args.options, `synthetic corpus of ${args.docs} documents`, corpus.documents);
  const scores = scorePlanted(corpus.truth, run.result.pairs);
  return {
    docs: corpus.stats.documents,
    chars: corpus.stats.chars,
    seed: args.seed,
    poolSource: source,
    realSentences: corpus.stats.realSentences,
    generatedSentences: corpus.stats.generatedSentences,
    generateMs,
    poolRss,
    wallMs: run.wallMs,
    stages: run.stages,
    sampledPeakRss: run.sampledPeakRss,
    engineMaxRss: run.engineMaxRss,
    planted: corpus.truth.length,
    scores,
  };
}
