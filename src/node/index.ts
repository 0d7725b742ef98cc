/**
 * reprints for Node: the engine's API, with `workers` run on a worker-thread pool. This is what
 * `import … from 'reprints'` gives in Node; browsers get the engine alone (`src/index.ts`).
 */
import { findReprints as findReprintsInline } from '../pipeline.js';
import type { FindReprintsOptions, ReprintDocument, ReprintsResult } from '../types.js';
import { WorkerPoolExecutor } from './pool.js';

export * from '../index.js';
export { deferredPool, POOL_MIN_CHARS, WorkerPoolExecutor } from './pool.js';
export type { WorkerPoolOptions } from './pool.js';
export { openIndex, SqliteIndexStore } from './open-index.js';
export type { CommitStep, OpenIndexOptions } from './open-index.js';

/**
 * {@link findReprintsInline | findReprints}, with `workers > 1` run on a pool of worker threads that
 * is started for the call and shut down when it returns, fails or is aborted.
 * @example
 * const result = await findReprints(docs, { workers: os.availableParallelism() });
 */
export async function findReprints(
  docs: Iterable<ReprintDocument> | AsyncIterable<ReprintDocument>,
  options: FindReprintsOptions = {},
): Promise<ReprintsResult> {
  const workers = options.workers ?? 1;
  if (options.executor || !(workers > 1) || !Number.isInteger(workers)) return findReprintsInline(docs, options);
  const executor = new WorkerPoolExecutor({ threads: workers, signal: options.signal });
  try {
    return await findReprintsInline(docs, { ...options, executor });
  } finally {
    await executor.close();
  }
}
