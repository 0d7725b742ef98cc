/**
 * Running the engine under measurement: wall time, per-stage timings from the last progress event of
 * each stage, and RSS sampled on a thread of its own (overall and per phase).
 */
import { Worker } from 'node:worker_threads';
import type { FindReprintsOptions, ReprintDocument, ReprintsResult, StageName } from '../src/node/index.js';
import { TextStore } from '../src/text-store.js';
import { assertWellFormed } from './well-formed.js';

export interface StageTiming {
  /** Time the engine charged to the stage: with workers, the sum of its tasks' times on every thread. */
  ms: number;
  done: number;
  chars?: number;
  /**
   * Wall-clock time of the stage's phase on the calling thread: from the end of the previous stage
   * (or the start of the run) to the stage's last report. `normalize` and `sign` share one phase
   * (given on `sign`; it includes reading the input, which streams through it).
   */
  phaseMs?: number;
  /** Highest RSS sampled during that phase (bytes). */
  phasePeakRss?: number;
}

export interface EngineRun {
  result: ReprintsResult;
  wallMs: number;
  stages: Partial<Record<StageName, StageTiming>>;
  /** Highest RSS seen by sampling every 50 ms on a thread of its own (bytes). */
  sampledPeakRss: number;
  /**
   * The process's peak RSS when the engine returned (the kernel's high-water mark, bytes): the run
   * and what the job did before it, not the check of the result that follows.
   */
  engineMaxRss: number;
}

/** The sampling thread: reads the process's RSS every `interval` ms until told to stop, then posts its samples. */
const SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
const control = new Int32Array(workerData.control);
const samples = [];
while (Atomics.load(control, 0) === 0) {
  samples.push(performance.timeOrigin + performance.now(), process.memoryUsage.rss());
  Atomics.wait(control, 0, 0, workerData.interval);
}
parentPort.postMessage(samples);
`;

/**
 * Sample the process's RSS every `intervalMs` on a thread of its own, so that a long synchronous
 * stretch of the main thread (a timer there would not fire) is sampled too. `stop` returns the
 * samples as `[time, rss]`, time in ms since the epoch (`performance.timeOrigin + now()`).
 */
export function rssSampler(intervalMs = 50): { stop(): Promise<Array<[number, number]>> } {
  const control = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(SAMPLER, { eval: true, workerData: { control: control.buffer, interval: intervalMs } });
  const samples = new Promise<Array<[number, number]>>((resolve, reject) => {
    worker.once('message', (flat: number[]) => {
      const out: Array<[number, number]> = [];
      for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
      resolve(out);
    });
    worker.once('error', reject);
  });
  return {
    async stop() {
      Atomics.store(control, 0, 1);
      Atomics.notify(control, 0);
      const out = await samples;
      await worker.terminate();
      return out;
    },
  };
}

/** Highest RSS among `samples` taken in `[from, to]` (ms since the epoch); 0 if none. */
export function peakBetween(samples: Array<[number, number]>, from: number, to: number): number {
  let peak = 0;
  for (const [t, rss] of samples) if (t >= from && t <= to && rss > peak) peak = rss;
  return peak;
}

/** The documents as they stream by, keeping each one's text (the engine holds them anyway). */
async function* recording(
  docs: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>,
  texts: Map<string, string>,
): AsyncIterable<ReprintDocument> {
  for await (const d of docs) {
    texts.set(d.id, d.text);
    yield d;
  }
}

/**
 * The check of {@link assertWellFormed} against the input read a second time: only the texts the
 * result's spans name are kept; every other document's length is compared on the way.
 */
async function assertWellFormedAgain(
  result: ReprintsResult,
  originals: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>,
  what: string,
): Promise<void> {
  const named = new Set<string>();
  for (const p of result.pairs) named.add(p.a.doc).add(p.b.doc);
  for (const c of result.clusters) for (const q of c.passages) named.add(q.doc);
  const length = new Map(result.documents.map((d) => [d.id, d.length]));
  // The named texts kept encoded (a third of a million news articles: 0.35 GB, not 0.7 GB).
  const store = new TextStore();
  const at = new Map<string, number>();
  let read = 0;
  for await (const d of originals) {
    read++;
    if (named.has(d.id)) at.set(d.id, store.add(d.text));
    else if (length.get(d.id) !== d.text.length) {
      throw new Error(`${what}: document ${JSON.stringify(d.id)} has length ${length.get(d.id)} in the result, ${d.text.length} in the input`);
    }
  }
  if (read !== result.documents.length) throw new Error(`${what}: ${result.documents.length} documents in the result, ${read} in the input`);
  const texts = { get: (id: string) => (at.has(id) ? store.text(at.get(id) as number) : undefined) } as ReadonlyMap<string, string>;
  assertWellFormed({ ...result, documents: result.documents.filter((d) => at.has(d.id)) }, texts, what);
}

/**
 * Run `findReprints` and record timings. Every span of the result is then checked against the
 * original texts (outside the timing); a malformed one throws, so the benchmark fails loudly.
 * @param what - the run, named in that error
 * @param originals - the input again (a generator run a second time), for a corpus too large to
 *   hold twice: the texts are then not recorded as they stream by, the check reads them from here
 */
export async function runEngine(
  docs: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>,
  options: FindReprintsOptions = {},
  what = 'bench run',
  originals?: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>,
): Promise<EngineRun> {
  // The package as built, loaded here (not by the module) so that the sampler's tests need no build.
  const { node } = await import('./built.js');
  const stages: EngineRun['stages'] = {};
  const texts = new Map<string, string>();
  const sampler = rssSampler();
  const now = () => performance.timeOrigin + performance.now();
  const t0 = now();
  const lastReport: Partial<Record<StageName, number>> = {};
  const result = await node.findReprints(originals ? docs : recording(docs, texts), {
    ...options,
    onProgress: (e) => {
      stages[e.stage] = { ms: e.ms, done: e.done, ...(e.chars !== undefined ? { chars: e.chars } : {}) };
      lastReport[e.stage] = now();
      options.onProgress?.(e);
    },
  });
  const end = now();
  const wallMs = end - t0;
  const samples = await sampler.stop();
  // Phases: stages run one after another (normalize inside sign's phase).
  let phaseStart = t0;
  for (const stage of ['sign', 'lsh', 'align', 'cluster'] as const) {
    const last = lastReport[stage];
    if (last === undefined || !stages[stage]) continue;
    stages[stage]!.phaseMs = last - phaseStart;
    stages[stage]!.phasePeakRss = peakBetween(samples, phaseStart, last);
    phaseStart = last;
  }
  const sampledPeakRss = peakBetween(samples, t0, end);
  const engineMaxRss = process.resourceUsage().maxRSS * 1024;
  if (originals) await assertWellFormedAgain(result, originals, what);
  else assertWellFormed(result, texts, what);
  return { result, wallMs, stages, sampledPeakRss, engineMaxRss };
}

/** Engine options as plain data (without the callback), for the results file. */
export function plainOptions(options: FindReprintsOptions): Record<string, unknown> {
  const { onProgress: _drop, ...rest } = options;
  return rest;
}
