/**
 * What a bench suite is: a name, the measuring `job` (child-process jobs; its value is written to the
 * results file), the `report` a reader sees, and the `targets` it is held to. `bench/run.ts` only loops
 * over the registry (`bench/suites/index.ts`).
 */
import type { FindReprintsOptions } from '../../src/index.js';
import type { JobLimits, JobResult } from '../child.js';
import type { Target } from '../report.js';

/** The command line of `npm run bench`, parsed. */
export interface BenchArgs {
  only: string[];
  sizes: number[];
  corpus?: string;
  sample: number;
  pan13: 'whole' | 'pairs' | 'both';
  seed: number;
  options: FindReprintsOptions;
  write: boolean;
  corpora?: string;
}

/** Everything a suite's job may use. */
export interface BenchContext {
  args: BenchArgs;
  /** The real corpora's folder, and whether it is there. */
  corpora: string;
  present: boolean;
  /** SaudiNewsNet's `articles.jsonl.gz` inside `corpora`. */
  saudi: string;
  /** `examples/seeds` of this repository. */
  seedsDir: string;
  repo: string;
  /** Run a job of `bench/job.ts` in its own child process (its peak RSS is its own). */
  job<T>(name: string, jobArgs: unknown, limits?: JobLimits): Promise<JobResult<T>>;
  out(line: string): void;
}

/** One row of a printed table: label, figure, note. */
export type Row = [string, string, string?];

/** A printed table. */
export interface Table {
  title: string;
  rows: Row[];
}

/** One bench suite. `R` is what its job measured (plain JSON: it goes to the results file). */
export interface Suite<R = unknown> {
  name: string;
  /** One line for `--help` and the README. */
  summary: string;
  /** `corpora`: skipped (with a note) when the real corpora are absent. */
  needs: 'corpora' | 'nothing';
  /** Measure; `null` when there is nothing to measure (e.g. `--corpus` not given). */
  job(ctx: BenchContext): Promise<R | null>;
  /** What a reader sees: tables, plus free lines printed under them. */
  report(r: R): Array<Table | string>;
  /** The suite's targets, met or missed. */
  targets(r: R): Target[];
}

/** A suite with its measured value's type checked at the definition and erased in the registry. */
export function suite<R>(s: Suite<R>): Suite<unknown> {
  return s as Suite<unknown>;
}

/** `n / ms` per second; 0 when `ms` is missing or 0. */
export const rate = (n: number, ms: number | undefined): number => (ms && ms > 0 ? (n / ms) * 1000 : 0);
