/**
 * Running the engine under measurement: wall time, per-stage timings from the last progress event of
 * each stage, and sampled RSS.
 */
import { findReprints, type FindReprintsOptions, type ReprintDocument, type ReprintsResult, type StageName } from '../src/index.js';

export interface StageTiming {
  ms: number;
  done: number;
  chars?: number;
}

export interface EngineRun {
  result: ReprintsResult;
  wallMs: number;
  stages: Partial<Record<StageName, StageTiming>>;
  /** Highest RSS seen by sampling every 50 ms (bytes). */
  sampledPeakRss: number;
}

/** Sample `process.memoryUsage().rss` until stopped; returns the peak. */
export function rssSampler(intervalMs = 50): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

/** Run `findReprints` and record timings. */
export async function runEngine(
  docs: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>,
  options: FindReprintsOptions = {},
): Promise<EngineRun> {
  const stages: EngineRun['stages'] = {};
  const sampler = rssSampler();
  const t0 = performance.now();
  const result = await findReprints(docs, {
    ...options,
    onProgress: (e) => {
      stages[e.stage] = { ms: e.ms, done: e.done, ...(e.chars !== undefined ? { chars: e.chars } : {}) };
      options.onProgress?.(e);
    },
  });
  const wallMs = performance.now() - t0;
  return { result, wallMs, stages, sampledPeakRss: sampler.stop() };
}

/** Engine options as plain data (without the callback), for the results file. */
export function plainOptions(options: FindReprintsOptions): Record<string, unknown> {
  const { onProgress: _drop, ...rest } = options;
  return rest;
}
