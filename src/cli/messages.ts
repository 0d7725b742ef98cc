/**
 * Everything the CLI says on stderr: errors, warnings, the closing summary and the live progress line.
 * Every message starts with `reprints: `. The progress line is drawn only when stderr is a terminal and
 * `--quiet` is off; it is cleared before any other message so the two never interleave.
 */
import type { Writable } from 'node:stream';

/** How often the progress line may be redrawn. */
const REDRAW_MS = 100;

export class Messages {
  readonly #stderr: Writable;
  readonly #progress: boolean;
  readonly #quiet: boolean;
  #line = '';
  #lastDraw = 0;

  /**
   * @param stderr where messages go
   * @param options `progress`: draw a live progress line (stderr is a TTY and not quiet);
   *   `quiet`: drop the closing summary (warnings and errors are never dropped)
   */
  constructor(stderr: Writable, options: { progress: boolean; quiet: boolean }) {
    this.#stderr = stderr;
    this.#progress = options.progress;
    this.#quiet = options.quiet;
  }

  /** A fatal problem; the caller returns the exit code. */
  error(message: string): void {
    this.#say(message);
  }

  /** Something was skipped or repaired; the run goes on. */
  warn(message: string): void {
    this.#say(`warning: ${message}`);
  }

  /** The closing summary; silent under `--quiet`, where `message` is not even called. */
  summary(message: () => string): void {
    if (!this.#quiet) this.#say(message());
  }

  /**
   * Redraw the progress line (throttled; `force` draws even inside the throttle window). `line` is
   * called only when the line is drawn: a run reports every document read, and most reports draw
   * nothing (throttled, or no line at all when quiet or not on a terminal).
   */
  progress(line: () => string, force = false): void {
    if (!this.#progress) return;
    const now = Date.now();
    if (!force && now - this.#lastDraw < REDRAW_MS) return;
    this.#lastDraw = now;
    this.#line = line();
    this.#stderr.write(`\r\x1b[Kreprints: ${this.#line}`);
  }

  /** Remove the progress line, if one is drawn. */
  clearProgress(): void {
    if (this.#line === '') return;
    this.#line = '';
    this.#stderr.write('\r\x1b[K');
  }

  #say(message: string): void {
    this.clearProgress();
    this.#stderr.write(`reprints: ${message}\n`);
  }
}
