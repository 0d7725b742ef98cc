/**
 * Option defaults, validation (once, at the boundary) and derived parameters.
 */
import { ReprintsError } from './errors.js';
import { chooseBands } from './lsh-params.js';
import type { FindReprintsOptions, Mode, NormalizationRules, ResolvedParams } from './types.js';

/** Every normalization rule on. */
export const DEFAULT_RULES: Readonly<NormalizationRules> = Object.freeze({
  nfkc: true,
  caseFold: true,
  arabicMarks: true,
  tatweel: true,
  alef: true,
  yeh: true,
  tehMarbuta: true,
  persian: true,
  digits: true,
  latinDiacritics: true,
  punctuation: true,
});

/** Defaults of {@link FindReprintsOptions}, tuned on the benchmark corpora (see README). */
export const DEFAULT_OPTIONS = Object.freeze({
  shingleSize: 7,
  signatureSize: 48,
  threshold: 0.5,
  minLength: 150,
  minSimilarity: 0.8,
  maxGap: 60,
  minCoverage: 0.5,
  sameSeries: false,
  seed: 1,
  mode: 'default' as Mode,
});

/** Length of a passage window (normalized characters) and winnowing window of its anchors (shingles). */
const WINDOW_LENGTH = 100;
const ANCHOR_WINDOW = 50;

interface Range {
  min: number;
  max: number;
  integer: boolean;
  /** Exclusive bounds for real-valued ranges such as (0, 1). */
  open?: boolean;
}

const RANGES: Record<string, Range> = {
  shingleSize: { min: 2, max: 32, integer: true },
  signatureSize: { min: 4, max: 1024, integer: true },
  threshold: { min: 0, max: 1, integer: false, open: true },
  bands: { min: 1, max: 1024, integer: true },
  rows: { min: 1, max: 1024, integer: true },
  minLength: { min: 20, max: 1_000_000, integer: true },
  minSimilarity: { min: 0, max: 1, integer: false },
  maxGap: { min: 0, max: 100_000, integer: true },
  minCoverage: { min: 0, max: 1, integer: false },
  seed: { min: 0, max: 0xffffffff, integer: true },
  workers: { min: 1, max: 1024, integer: true },
};

/** The allowed range of a numeric option, as text: `an integer from 2 to 32`, `a number in (0, 1)`. */
export function describeRange(name: string): string {
  const r = RANGES[name];
  if (!r) return '';
  if (r.integer) return `an integer from ${r.min} to ${r.max}`;
  return r.open ? `a number in (${r.min}, ${r.max})` : `a number from ${r.min} to ${r.max}`;
}

function checkNumber(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const r = RANGES[name];
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!r.integer || Number.isInteger(value)) &&
    (r.open ? value > r.min && value < r.max : value >= r.min && value <= r.max);
  if (!ok) {
    throw new ReprintsError(
      'INVALID_OPTION',
      `option ${name}: ${JSON.stringify(value) ?? String(value)} is out of range; use ${describeRange(name)}`,
    );
  }
  return value as number;
}

/**
 * Validate options and fill in defaults and derived parameters (bands and rows from the threshold).
 * @throws {ReprintsError} `INVALID_OPTION` naming the option, the value and the allowed range.
 */
export function resolveOptions(options: FindReprintsOptions = {}): ResolvedParams {
  if (options === null || typeof options !== 'object') {
    throw new ReprintsError('INVALID_OPTION', `options must be an object, got ${typeof options}`);
  }
  const shingleSize = checkNumber('shingleSize', options.shingleSize) ?? DEFAULT_OPTIONS.shingleSize;
  const threshold = checkNumber('threshold', options.threshold) ?? DEFAULT_OPTIONS.threshold;
  const minLength = checkNumber('minLength', options.minLength) ?? DEFAULT_OPTIONS.minLength;
  const minSimilarity = checkNumber('minSimilarity', options.minSimilarity) ?? DEFAULT_OPTIONS.minSimilarity;
  const maxGap = checkNumber('maxGap', options.maxGap) ?? DEFAULT_OPTIONS.maxGap;
  const minCoverage = checkNumber('minCoverage', options.minCoverage) ?? DEFAULT_OPTIONS.minCoverage;
  const seed = checkNumber('seed', options.seed) ?? DEFAULT_OPTIONS.seed;
  let bands = checkNumber('bands', options.bands);
  let rows = checkNumber('rows', options.rows);
  let signatureSize = checkNumber('signatureSize', options.signatureSize);
  if (options.sameSeries !== undefined && typeof options.sameSeries !== 'boolean') {
    throw new ReprintsError('INVALID_OPTION', `option sameSeries: ${JSON.stringify(options.sameSeries)} is not a boolean; use true or false`);
  }
  const sameSeries = options.sameSeries ?? DEFAULT_OPTIONS.sameSeries;
  if (options.mode !== undefined && options.mode !== 'default' && options.mode !== 'reuse') {
    throw new ReprintsError('INVALID_OPTION', `option mode: ${JSON.stringify(options.mode) ?? String(options.mode)} is not a mode; use 'default' or 'reuse'`);
  }
  const mode = options.mode ?? DEFAULT_OPTIONS.mode;

  if (bands !== undefined && rows !== undefined) {
    if (signatureSize !== undefined && bands * rows !== signatureSize) {
      throw new ReprintsError(
        'INVALID_OPTION',
        `options bands × rows (${bands} × ${rows} = ${bands * rows}) must equal signatureSize (${signatureSize}); drop signatureSize or change bands/rows`,
      );
    }
    signatureSize = bands * rows;
    checkNumber('signatureSize', signatureSize);
  } else {
    signatureSize ??= DEFAULT_OPTIONS.signatureSize;
    if (bands !== undefined || rows !== undefined) {
      const given = (bands ?? rows) as number;
      if (given > signatureSize) {
        throw new ReprintsError(
          'INVALID_OPTION',
          `option ${bands !== undefined ? 'bands' : 'rows'}: ${given} exceeds signatureSize (${signatureSize}); give a smaller value or a larger signatureSize`,
        );
      }
      if (bands !== undefined) rows = Math.floor(signatureSize / bands);
      else bands = Math.floor(signatureSize / (rows as number));
    } else {
      ({ bands, rows } = chooseBands(threshold, signatureSize));
    }
  }

  const normalization = { ...DEFAULT_RULES };
  if (options.normalization !== undefined) {
    if (options.normalization === null || typeof options.normalization !== 'object') {
      throw new ReprintsError('INVALID_OPTION', 'option normalization: must be an object of rule switches');
    }
    for (const [rule, on] of Object.entries(options.normalization)) {
      if (!(rule in DEFAULT_RULES)) {
        throw new ReprintsError(
          'INVALID_OPTION',
          `option normalization.${rule}: unknown rule; use one of ${Object.keys(DEFAULT_RULES).join(', ')}`,
        );
      }
      if (typeof on !== 'boolean') {
        throw new ReprintsError('INVALID_OPTION', `option normalization.${rule}: ${JSON.stringify(on)} is not a boolean`);
      }
      normalization[rule as keyof NormalizationRules] = on;
    }
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new ReprintsError('INVALID_OPTION', 'option onProgress: must be a function');
  }
  // How the work runs, never what it computes: checked here, not part of the result's params.
  checkNumber('workers', options.workers);
  const { executor, signal } = options;
  if (executor !== undefined && (executor === null || typeof executor !== 'object' || typeof executor.run !== 'function')) {
    throw new ReprintsError('INVALID_OPTION', 'option executor: must be an Executor, an object with run(task, input) and concurrency');
  }
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
    throw new ReprintsError('INVALID_OPTION', 'option signal: must be an AbortSignal');
  }

  return {
    shingleSize,
    signatureSize,
    threshold,
    bands: bands as number,
    rows: rows as number,
    minLength,
    minSimilarity,
    maxGap,
    minCoverage,
    sameSeries,
    seed,
    mode,
    windowLength: WINDOW_LENGTH,
    anchorWindow: ANCHOR_WINDOW,
    normalization,
  };
}
