/**
 * A worker-thread pool for the engine's tasks in Node (piscina): the executor that `workers > 1`
 * and the CLI's `--jobs` use. It lives outside the runtime-neutral engine, which only sees the
 * {@link Executor} interface.
 */
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { DeferredExecutor, type Executor, type TaskInput, type TaskName, type TaskOutput } from '../executor.js';

/**
 * Original characters below which {@link deferredPool} runs everything on the calling thread
 * (8 M: about 2,400 SaudiNewsNet articles). Measured on 2 cores (first 1,000 / 2,000 / 4,000
 * articles, `--jobs 2` against `--jobs 1`): the pool added 0.45 / 0.9 / 1.2 s of CPU time — two
 * Node workers to boot, the engine to load and its hot loops to compile again in each — against
 * 1.1 / 1.6 / 2.7 s of work in all, so it can only pay off once half the parallel work exceeds
 * its start-up.
 */
export const POOL_MIN_CHARS = 8_000_000;

/**
 * The worker script beside this module: the built one (`node-worker.js` in `dist/`), or — when
 * the engine runs from its TypeScript sources (tests, benchmarks) — `worker.ts` through tsx.
 */
function workerScript(): { filename: string; execArgv: string[] } {
  // (execArgv applies to a .ts script only.)
  const filename = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './node-worker.js', import.meta.url).href;
  return { filename, execArgv: ['--import', 'tsx'] };
}

/** Options of {@link WorkerPoolExecutor}. */
export interface WorkerPoolOptions {
  /** Worker threads; default: the machine's available parallelism. */
  threads?: number;
  /** Aborts every queued and running task (the pool terminates the workers running them). */
  signal?: AbortSignal;
  /**
   * The worker script (a module whose default export runs `{ name, input }` like the engine's
   * `node-worker.js`, e.g. one that wraps it to instrument or preload); default: the engine's own.
   */
  filename?: string;
}

/**
 * Runs tasks on a pool of worker threads (piscina), moving typed-array buffers in both directions.
 * Close it when done: `await executor.close()`.
 * @example
 * const executor = new WorkerPoolExecutor({ threads: 4 });
 * try { await findReprints(docs, { executor }); } finally { await executor.close(); }
 */
export class WorkerPoolExecutor implements Executor {
  readonly concurrency: number;
  /** The pool, once piscina is loaded: imported here, not by the module, so a run without workers never loads it. */
  private readonly pool: Promise<Piscina>;
  private readonly signal?: AbortSignal;

  constructor(options: WorkerPoolOptions = {}) {
    this.concurrency = Math.max(1, options.threads ?? availableParallelism());
    this.signal = options.signal;
    const own = workerScript();
    const filename = options.filename ?? own.filename;
    const execArgv = filename.endsWith('.ts') ? own.execArgv : [];
    this.pool = import('piscina').then(
      ({ Piscina }) =>
        new Piscina({
          filename,
          execArgv,
          minThreads: this.concurrency,
          maxThreads: this.concurrency,
          // Workers idle between stages (the main thread merges): keep them.
          idleTimeout: 60_000,
        }),
    );
  }

  run<N extends TaskName>(name: N, input: TaskInput<N>, transfer?: ArrayBuffer[]): Promise<TaskOutput<N>> {
    return this.pool.then((pool) => pool.run({ name, input }, { transferList: transfer, signal: this.signal ?? null })) as Promise<TaskOutput<N>>;
  }

  /** Terminate the workers (tasks still queued are cancelled). */
  async close(): Promise<void> {
    await (await this.pool).destroy();
  }
}

/**
 * A {@link WorkerPoolExecutor} started only once the documents read add up to `minChars`
 * characters (default {@link POOL_MIN_CHARS}); a smaller corpus runs on the calling thread, where
 * it finishes sooner. What the CLI uses when `--jobs` is not given. Close it when done.
 * @example
 * const executor = deferredPool({ threads: 4 });
 * try { await findReprints(docs, { executor }); } finally { await executor.close(); }
 */
export function deferredPool(options: WorkerPoolOptions & { minChars?: number } = {}): DeferredExecutor {
  const { minChars = POOL_MIN_CHARS, ...pool } = options;
  return new DeferredExecutor(() => new WorkerPoolExecutor(pool), minChars);
}
