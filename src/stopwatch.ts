/**
 * Stage timing and progress reports: the milliseconds each stage has spent so far, and the
 * `onProgress` events built from them. Never affects the result.
 */
import type { ProgressEvent, StageName } from './types.js';

/** Items (documents, pairs) between two progress reports inside a stage. */
export const PROGRESS_EVERY = 512;

/** Accumulates time per stage and reports progress to the caller's `onProgress`, if any. */
export class Stopwatch {
  private readonly ms = new Map<StageName, number>();
  constructor(private readonly report?: (e: ProgressEvent) => void) {}

  /** Charge the time since `since` to `stage`; returns now, for the next interval. */
  add(stage: StageName, since: number): number {
    const now = performance.now();
    this.ms.set(stage, (this.ms.get(stage) ?? 0) + now - since);
    return now;
  }

  /** Charge `ms` milliseconds (measured elsewhere, e.g. by a task) to `stage`. */
  charge(stage: StageName, ms: number): void {
    this.ms.set(stage, (this.ms.get(stage) ?? 0) + ms);
  }

  /** Report `done` of `total` items of `stage`, with the time charged to it so far. */
  emit(stage: StageName, done: number, total?: number, chars?: number): void {
    if (!this.report) return;
    const e: ProgressEvent = { stage, done, ms: this.ms.get(stage) ?? 0 };
    if (total !== undefined) e.total = total;
    if (chars !== undefined) e.chars = chars;
    this.report(e);
  }
}
