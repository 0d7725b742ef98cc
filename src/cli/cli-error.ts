/**
 * The CLI's own error: a message for the user (without the `reprints:` prefix) and the exit code it maps to.
 * `2` is a usage error (bad flag, missing or unreadable path), `1` a runtime failure (bad data, I/O).
 */
export class CliError extends Error {
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A usage error: exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(message, 2);
}

/** A runtime failure: exit code 1. */
export function runtimeError(message: string): CliError {
  return new CliError(message, 1);
}

/** `err.message` for Node system errors without the noisy `ENOENT: …, open 'x'` prefix. */
export function describeSystemError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return e instanceof Error ? e.message : String(err);
  }
}
