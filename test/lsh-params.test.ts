import { describe, expect, it } from 'vitest';
import {
  candidateProbability,
  chooseBands,
  falseNegativeArea,
  falsePositiveArea,
  FALSE_NEGATIVE_WEIGHT,
  FALSE_POSITIVE_WEIGHT,
} from '../src/lsh-params.js';

const thresholds = Array.from({ length: 19 }, (_, i) => Math.round((i + 1) * 5) / 100); // 0.05 … 0.95

describe('candidateProbability', () => {
  it('is the S-curve 1 − (1 − s^r)^b', () => {
    expect(candidateProbability(0.5, 1, 1)).toBeCloseTo(0.5, 12);
    expect(candidateProbability(0.5, 2, 1)).toBeCloseTo(0.75, 12);
    expect(candidateProbability(0.5, 1, 2)).toBeCloseTo(0.25, 12);
    expect(candidateProbability(0.8, 4, 3)).toBeCloseTo(1 - (1 - 0.8 ** 3) ** 4, 12);
    expect(candidateProbability(0, 15, 3)).toBe(0);
    expect(candidateProbability(1, 15, 3)).toBe(1);
  });
});

describe('error areas', () => {
  it('match the closed forms for one band: ∫₀ᵗ s^r ds = t^(r+1)/(r+1)', () => {
    for (const r of [1, 2, 5]) {
      for (const t of [0.3, 0.5, 0.8]) {
        expect(falsePositiveArea(t, 1, r)).toBeCloseTo(t ** (r + 1) / (r + 1), 8);
        expect(falseNegativeArea(t, 1, r)).toBeCloseTo(1 - t - (1 - t ** (r + 1)) / (r + 1), 8);
      }
    }
  });

  it('weights false negatives more than false positives, summing to 1', () => {
    expect(FALSE_POSITIVE_WEIGHT + FALSE_NEGATIVE_WEIGHT).toBeCloseTo(1, 12);
    expect(FALSE_NEGATIVE_WEIGHT).toBeGreaterThan(FALSE_POSITIVE_WEIGHT);
  });
});

describe('chooseBands', () => {
  it('keeps bands × rows within the signature size', () => {
    for (const n of [4, 16, 64, 100]) {
      for (const t of [0.05, 0.2, 0.5, 0.8, 0.95]) {
        const { bands, rows } = chooseBands(t, n);
        expect(bands).toBeGreaterThanOrEqual(1);
        expect(rows).toBeGreaterThanOrEqual(1);
        expect(bands * rows).toBeLessThanOrEqual(n);
      }
    }
  });

  it('is the minimum of the weighted error areas over every (b, r) with b·r ≤ n (brute force)', () => {
    for (const n of [16, 64]) {
      for (const t of [0.1, 0.5, 0.9]) {
        let bestError = Infinity;
        for (let r = 1; r <= n; r++) {
          for (let b = 1; b * r <= n; b++) {
            const e = FALSE_POSITIVE_WEIGHT * falsePositiveArea(t, b, r) + FALSE_NEGATIVE_WEIGHT * falseNegativeArea(t, b, r);
            bestError = Math.min(bestError, e);
          }
        }
        const { bands, rows } = chooseBands(t, n);
        const chosen =
          FALSE_POSITIVE_WEIGHT * falsePositiveArea(t, bands, rows) + FALSE_NEGATIVE_WEIGHT * falseNegativeArea(t, bands, rows);
        expect(chosen).toBeCloseTo(bestError, 10);
      }
    }
  });

  it('flags a pair at the threshold with probability above one half (false negatives cost more)', () => {
    for (const t of thresholds) {
      const { bands, rows } = chooseBands(t, 64);
      expect(candidateProbability(t, bands, rows), `t = ${t}`).toBeGreaterThan(0.5);
    }
  });

  it('picks the default 15 bands × 3 rows for threshold 0.5 and 64 bins', () => {
    // Recorded from the brute-force minimum above (the default options depend on it).
    expect(chooseBands(0.5, 64)).toEqual({ bands: 15, rows: 3 });
  });

  it('never uses fewer rows for a higher threshold', () => {
    for (const n of [32, 64]) {
      let previous = 0;
      for (const t of thresholds) {
        const { rows } = chooseBands(t, n);
        expect(rows, `n = ${n}, t = ${t}`).toBeGreaterThanOrEqual(previous);
        previous = rows;
      }
    }
  });
});
