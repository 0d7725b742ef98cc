import { describe, expect, it } from 'vitest';
import { ReprintsError } from '../src/errors.js';
import { chooseBands } from '../src/lsh-params.js';
import { DEFAULT_OPTIONS, DEFAULT_RULES, describeRange, resolveOptions } from '../src/options.js';
import type { FindReprintsOptions } from '../src/types.js';

/** The ReprintsError thrown by resolveOptions(options), or a failure if none is thrown. */
function errorOf(options: unknown): ReprintsError {
  try {
    resolveOptions(options as FindReprintsOptions);
  } catch (e) {
    expect(e).toBeInstanceOf(ReprintsError);
    return e as ReprintsError;
  }
  throw new Error(`no error for ${JSON.stringify(options)}`);
}

describe('resolveOptions: defaults', () => {
  it('fills every default and derives bands and rows from the threshold', () => {
    const p = resolveOptions();
    expect(p).toMatchObject({ ...DEFAULT_OPTIONS, normalization: { ...DEFAULT_RULES } });
    expect({ bands: p.bands, rows: p.rows }).toEqual(chooseBands(DEFAULT_OPTIONS.threshold, DEFAULT_OPTIONS.signatureSize));
    expect(p.windowLength).toBeGreaterThan(p.shingleSize);
    expect(p.anchorWindow).toBeGreaterThanOrEqual(1);
  });

  it('mode: default unless reuse is asked for; anything else is INVALID_OPTION naming both modes', () => {
    expect(resolveOptions({}).mode).toBe('default');
    expect(resolveOptions({ mode: 'reuse' }).mode).toBe('reuse');
    expect(() => resolveOptions({ mode: 'fast' as FindReprintsOptions['mode'] })).toThrow(/option mode: "fast" is not a mode; use 'default' or 'reuse'/);
  });

  it('turns every normalization rule on by default', () => {
    expect(Object.values(DEFAULT_RULES).every((on) => on === true)).toBe(true);
    expect(Object.keys(DEFAULT_RULES).sort()).toEqual(
      ['alef', 'arabicMarks', 'caseFold', 'digits', 'latinDiacritics', 'nfkc', 'persian', 'punctuation', 'tatweel', 'tehMarbuta', 'yeh'].sort(),
    );
  });

  it('keeps explicit bands and rows and sets signatureSize to their product', () => {
    expect(resolveOptions({ bands: 8, rows: 4 })).toMatchObject({ bands: 8, rows: 4, signatureSize: 32 });
  });

  it('derives rows from bands (or bands from rows) within the signature size', () => {
    expect(resolveOptions({ bands: 16, signatureSize: 64 })).toMatchObject({ bands: 16, rows: 4, signatureSize: 64 });
    expect(resolveOptions({ rows: 5, signatureSize: 64 })).toMatchObject({ bands: 12, rows: 5, signatureSize: 64 });
  });

  it('switches single normalization rules off', () => {
    expect(resolveOptions({ normalization: { alef: false } }).normalization).toEqual({ ...DEFAULT_RULES, alef: false });
  });
});

describe('resolveOptions: out-of-range options throw INVALID_OPTION naming the option, the value and the range', () => {
  const cases: Array<[string, unknown, string]> = [
    ['threshold', 7, 'a number in (0, 1)'],
    ['threshold', 0, 'a number in (0, 1)'],
    ['threshold', 1, 'a number in (0, 1)'],
    ['shingleSize', 1, 'an integer from 2 to 32'],
    ['shingleSize', 33, 'an integer from 2 to 32'],
    ['shingleSize', 7.5, 'an integer from 2 to 32'],
    ['signatureSize', 3, 'an integer from 4 to 1024'],
    ['signatureSize', 2048, 'an integer from 4 to 1024'],
    ['bands', 0, 'an integer from 1 to 1024'],
    ['rows', 0, 'an integer from 1 to 1024'],
    ['minLength', 19, 'an integer from 20 to 1000000'],
    ['minSimilarity', 1.5, 'a number from 0 to 1'],
    ['minSimilarity', -0.1, 'a number from 0 to 1'],
    ['maxGap', -1, 'an integer from 0 to 100000'],
    ['minCoverage', 2, 'a number from 0 to 1'],
    ['seed', -1, 'an integer from 0 to 4294967295'],
    ['seed', 1.5, 'an integer from 0 to 4294967295'],
    ['threshold', Number.NaN, 'a number in (0, 1)'],
    ['maxGap', Number.POSITIVE_INFINITY, 'an integer from 0 to 100000'],
    ['minLength', '80', 'an integer from 20 to 1000000'],
  ];
  for (const [name, value, range] of cases) {
    it(`${name}: ${String(typeof value === 'string' ? JSON.stringify(value) : value)}`, () => {
      const e = errorOf({ [name]: value });
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.name).toBe('ReprintsError');
      expect(e.message).toContain(name);
      expect(e.message).toContain(range);
      if (typeof value === 'number' && Number.isFinite(value)) expect(e.message).toContain(`${name}: ${value}`);
      expect(describeRange(name)).toBe(range);
    });
  }

  it('the doc example: threshold: 7', () => {
    expect(errorOf({ threshold: 7 }).message).toBe('option threshold: 7 is out of range; use a number in (0, 1)');
  });

  it('accepts the ends of closed ranges', () => {
    expect(() => resolveOptions({ minSimilarity: 0, minCoverage: 1, maxGap: 0, seed: 0xffffffff, shingleSize: 32 })).not.toThrow();
  });
});

describe('resolveOptions: combinations and shapes', () => {
  it('rejects bands × rows that differ from an explicit signatureSize, saying how to fix it', () => {
    const e = errorOf({ bands: 10, rows: 5, signatureSize: 64 });
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toContain('10 × 5 = 50');
    expect(e.message).toContain('signatureSize (64)');
  });

  it('rejects bands × rows above the largest signature size', () => {
    const e = errorOf({ bands: 64, rows: 32 });
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toContain('signatureSize');
    expect(e.message).toContain('2048');
  });

  it('rejects bands (or rows) alone larger than the signature size', () => {
    expect(errorOf({ bands: 100, signatureSize: 64 }).message).toContain('option bands: 100 exceeds signatureSize (64)');
    expect(errorOf({ rows: 65, signatureSize: 64 }).message).toContain('option rows: 65 exceeds signatureSize (64)');
    const size = DEFAULT_OPTIONS.signatureSize;
    expect(errorOf({ bands: size + 1 }).message).toContain(`option bands: ${size + 1} exceeds signatureSize (${size})`);
  });

  it('rejects an unknown normalization rule, listing the known ones', () => {
    const e = errorOf({ normalization: { hamza: false } });
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toContain('normalization.hamza');
    expect(e.message).toContain('unknown rule');
    for (const rule of Object.keys(DEFAULT_RULES)) expect(e.message).toContain(rule);
  });

  it('rejects a non-boolean normalization switch and a non-object normalization', () => {
    expect(errorOf({ normalization: { alef: 'no' } }).message).toContain('normalization.alef');
    expect(errorOf({ normalization: null }).code).toBe('INVALID_OPTION');
    expect(errorOf({ normalization: 'all' }).code).toBe('INVALID_OPTION');
  });

  it('rejects a non-boolean sameSeries, a non-function onProgress and non-object options', () => {
    expect(errorOf({ sameSeries: 'yes' }).message).toContain('sameSeries');
    expect(errorOf({ onProgress: 5 }).message).toContain('onProgress');
    expect(errorOf(null).code).toBe('INVALID_OPTION');
    expect(errorOf(7).code).toBe('INVALID_OPTION');
  });
});
