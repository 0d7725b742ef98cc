/** Machine-readable reason of a {@link ReprintsError}. */
export type ReprintsErrorCode = 'INVALID_OPTION' | 'INVALID_DOCUMENT' | 'DUPLICATE_ID';

/**
 * The one error class the library throws for bad input. `code` says what kind of problem it is;
 * the message names the input (option, document id) and what would fix it.
 *
 * @example
 * try { await findReprints(docs, { threshold: 7 }); }
 * catch (e) { if (e instanceof ReprintsError && e.code === 'INVALID_OPTION') console.error(e.message); }
 */
export class ReprintsError extends Error {
  readonly code: ReprintsErrorCode;
  constructor(code: ReprintsErrorCode, message: string) {
    super(message);
    this.name = 'ReprintsError';
    this.code = code;
  }
}
