/**
 * The live progress line: documents read by the CLI, then the engine's stages as it reports them
 * (passages signed, pairs aligned…), with an ETA when the engine knows the stage's total.
 */
import type { ProgressEvent, StageName } from '../index.js';
import { formatCount } from './format/count.js';
import type { Messages } from './messages.js';

/** What each engine stage counts (as the pipeline reports it), as shown on the progress line. */
const STAGE_UNITS: Record<StageName, string> = {
  normalize: 'documents normalized',
  sign: 'documents signed',
  lsh: 'passages in the LSH index',
  align: 'candidate pairs aligned',
  cluster: 'clusters formed',
};

/** `1.2 s`, `3 min 04 s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** The text of the progress line for the given state (pure, for tests). */
export function progressLine(documentsRead: number, event: ProgressEvent | undefined, elapsedMs: number): string {
  const parts = [`${formatCount(documentsRead)} documents read`];
  if (event) {
    const total = event.total !== undefined ? `/${formatCount(event.total)}` : '';
    let part = `${formatCount(event.done)}${total} ${STAGE_UNITS[event.stage] ?? event.stage}`;
    if (event.chars !== undefined) part += ` (${(event.chars / 1e6).toFixed(1)} M chars)`;
    if (event.total !== undefined && event.done > 0 && event.done < event.total) {
      part += `, ETA ${formatDuration((event.ms / event.done) * (event.total - event.done))}`;
    }
    parts.push(part);
  }
  parts.push(formatDuration(elapsedMs));
  return parts.join(' · ');
}

/** Feeds reader and engine progress into the one progress line. */
export class Progress {
  readonly #messages: Messages;
  readonly #start = Date.now();
  #documents = 0;
  #event: ProgressEvent | undefined;

  constructor(messages: Messages) {
    this.#messages = messages;
  }

  /** The readers handed one more document to the engine. */
  documentRead(): void {
    this.#documents++;
    this.#draw(false);
  }

  /** The engine's `onProgress` callback. */
  readonly onEvent = (event: ProgressEvent): void => {
    const stageChanged = this.#event?.stage !== event.stage;
    this.#event = event;
    this.#draw(stageChanged);
  };

  #draw(force: boolean): void {
    this.#messages.progress(() => progressLine(this.#documents, this.#event, Date.now() - this.#start), force);
  }
}
