/** Machine-readable reason of a {@link ReprintsError}. */
export type ReprintsErrorCode =
  | 'INVALID_OPTION'
  | 'INVALID_DOCUMENT'
  | 'DUPLICATE_ID'
  /** A task of a parallel stage failed (the message names the document when it is known). */
  | 'TASK_FAILED'
  /** The `signal` option aborted the run. */
  | 'ABORTED';

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
