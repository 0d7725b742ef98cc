/**
 * `reprints/node` — the persistent index on disk (Node only): one SQLite file through the optional
 * dependency `better-sqlite3`. The engine (`reprints`) stays runtime-neutral; this entry adds the
 * file backend.
 */
import { ReprintIndex } from '../reprint-index.js';
import type { FindReprintsOptions } from '../types.js';
import { SqliteIndexStore, type CommitStep } from './sqlite-store.js';

export { SqliteIndexStore };
export type { CommitStep };

/** Options of {@link openIndex}. */
export interface OpenIndexOptions extends FindReprintsOptions {
  /** Create the index when the file does not exist (with these options as its parameters). */
  create?: boolean;
  /** Called at each step inside a commit (fault-injection tests). */
  onCommitStep?: (step: CommitStep) => void;
}

/**
 * Open the index file at `path` (creating it with `create`).
 * @throws {ReprintsError} `INDEX_MISSING`, `INDEX_CORRUPT`, `INDEX_FORMAT`, `INDEX_PARAMS`
 * @example
 * const index = await openIndex('news.reprints', { create: true });
 * const today = await index.add(articles);
 * await index.close();
 */
export async function openIndex(path: string, options: OpenIndexOptions = {}): Promise<ReprintIndex> {
  const { create = false, onCommitStep, ...engine } = options;
  const store = await SqliteIndexStore.open(path, create, onCommitStep);
  try {
    return await ReprintIndex.open(store, { ...engine, create, where: path });
  } catch (e) {
    await store.close();
    throw e;
  }
}
