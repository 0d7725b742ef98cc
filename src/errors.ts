/** Machine-readable reason of a {@link ReprintsError}. */
export type ReprintsErrorCode =
  | 'INVALID_OPTION'
  | 'INVALID_DOCUMENT'
  | 'DUPLICATE_ID'
  /** A task of a parallel stage failed (the message names the document when it is known). */
  | 'TASK_FAILED'
  /** The `signal` option aborted the run. */
  | 'ABORTED'
  /** A persistent index was opened with parameters other than those it was built with. */
  | 'INDEX_PARAMS'
  /** A persistent index of another format or engine version. */
  | 'INDEX_FORMAT'
  /** No index at the path. */
  | 'INDEX_MISSING'
  /** The index's files are not a readable index. */
  | 'INDEX_CORRUPT'
  /** Another process kept writing to the index longer than this one would wait. */
  | 'INDEX_BUSY'
  /** The index file could not be written or read: a full disk, permissions, an I/O error. */
  | 'INDEX_IO'
  /** A method of an index called after its `close()`. */
  | 'INDEX_CLOSED';

/**
 * The one error class the library throws. `code` says what kind of problem it is; the message names
 * the input (option, document id) and what would fix it.
 *
 * @example
 * try { await findReprints(docs, { threshold: 7 }); }
 * catch (e) { if (e instanceof ReprintsError && e.code === 'INVALID_OPTION') console.error(e.message); }
 */
export class ReprintsError extends Error {
  readonly code: ReprintsErrorCode;
  constructor(code: ReprintsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReprintsError';
    this.code = code;
  }
}
