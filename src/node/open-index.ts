/**
 * The persistent index on disk (Node only): one SQLite file through the optional dependency
 * `better-sqlite3`, loaded when an index is opened. Exported by the Node entry (`src/node/index.ts`);
 * the engine stays runtime-neutral.
 */
import { existsSync, rmSync } from 'node:fs';
import { ReprintsError } from '../errors.js';
import { ReprintIndex } from '../reprint-index.js';
import type { FindReprintsOptions } from '../types.js';
import { WorkerPoolExecutor } from './pool.js';
import { BUSY_TIMEOUT_MS, SqliteIndexStore, type CommitStep } from './sqlite-store.js';

export { SqliteIndexStore };
export type { CommitStep };

/** Options of {@link openIndex}. */
export interface OpenIndexOptions extends FindReprintsOptions {
  /** Create the index when the file does not exist (with these options as its parameters). */
  create?: boolean;
  /** Called at each step inside a commit (fault-injection tests). */
  onCommitStep?: (step: CommitStep) => void;
  /**
   * How long an add waits for another process's add to the same file to finish before it fails with
   * `INDEX_BUSY` (default {@link BUSY_TIMEOUT_MS}, 30 s). Reads never wait for a writer.
   */
  busyTimeoutMs?: number;
}

/**
 * Open the index file at `path` (creating it with `create`).
 * @throws {ReprintsError} `INDEX_MISSING`, `INDEX_CORRUPT`, `INDEX_FORMAT`, `INDEX_PARAMS`, `INDEX_BUSY`
 *   (an add, when another process writes to the file for longer than `busyTimeoutMs`)
 * @example
 * const index = await openIndex('news.reprints', { create: true, workers: 2 });
 * const today = await index.add(articles);
 * await index.close();
 */
export async function openIndex(path: string, options: OpenIndexOptions = {}): Promise<ReprintIndex> {
  const { create = false, onCommitStep, busyTimeoutMs = BUSY_TIMEOUT_MS, ...engine } = options;
  if (typeof busyTimeoutMs !== 'number' || !(busyTimeoutMs >= 0) || busyTimeoutMs === Infinity) {
    throw new ReprintsError('INVALID_OPTION', `busyTimeoutMs: ${String(busyTimeoutMs)} is not a number of milliseconds; use 0 or more`);
  }
  const workers = engine.workers ?? 1;
  const pool = !engine.executor && workers > 1 && Number.isInteger(workers) ? new WorkerPoolExecutor({ threads: workers }) : undefined;
  const onClose = pool ? () => pool.close() : undefined;
  let store: SqliteIndexStore | undefined;
  const existed = existsSync(path);
  try {
    store = await SqliteIndexStore.open(path, create, onCommitStep, busyTimeoutMs);
    return await ReprintIndex.open(store, { ...engine, create, where: path, executor: engine.executor ?? pool, onClose });
  } catch (e) {
    await store?.close();
    await onClose?.();
    // A file this call created for an index it then refused (a bad option) is not left behind.
    if (!existed) for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
    throw e;
  }
}
