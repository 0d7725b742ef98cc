/**
 * Stage 3 (lsh) — choosing LSH bands and rows from a similarity threshold.
 *
 * A pair of sets with Jaccard similarity s shares at least one of b bands of r rows with probability
 * P(s) = 1 − (1 − s^r)^b, the S-curve (Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*,
 * ch. 3.4). The false-positive area is ∫₀ᵗ P(s) ds and the false-negative area ∫ₜ¹ 1 − P(s) ds; like
 * datasketch we pick the (b, r) with b·r ≤ n minimizing their weighted sum, but weight false negatives
 * more, because every candidate is verified by alignment afterwards: a false positive costs time, a
 * false negative loses a reprint.
 */

/** Weights of the false-positive and false-negative areas (sum to 1). */
export const FALSE_POSITIVE_WEIGHT = 0.2;
export const FALSE_NEGATIVE_WEIGHT = 0.8;

/** Probability that a pair of similarity s becomes a candidate with b bands of r rows. */
export function candidateProbability(s: number, bands: number, rows: number): number {
  return 1 - Math.pow(1 - Math.pow(s, rows), bands);
}

/** ∫ f over [lo, hi] by composite Simpson's rule (f is smooth here; 200 intervals are plenty). */
function integrate(f: (x: number) => number, lo: number, hi: number): number {
  const n = 200;
  const h = (hi - lo) / n;
  let sum = f(lo) + f(hi);
  for (let i = 1; i < n; i++) sum += f(lo + i * h) * (i % 2 === 1 ? 4 : 2);
  return (sum * h) / 3;
}

/** False-positive area of the S-curve below the threshold. */
export function falsePositiveArea(threshold: number, bands: number, rows: number): number {
  return integrate((s) => candidateProbability(s, bands, rows), 0, threshold);
}

/** False-negative area of the S-curve above the threshold. */
export function falseNegativeArea(threshold: number, bands: number, rows: number): number {
  return integrate((s) => 1 - candidateProbability(s, bands, rows), threshold, 1);
}

/**
 * The (bands, rows) with bands × rows ≤ signatureSize minimizing the weighted error areas.
 * Ties go to fewer rows (more recall), then fewer bands (less work).
 */
export function chooseBands(threshold: number, signatureSize: number): { bands: number; rows: number } {
  let best = { bands: 1, rows: 1 };
  let bestError = Infinity;
  for (let rows = 1; rows <= signatureSize; rows++) {
    const maxBands = Math.floor(signatureSize / rows);
    for (let bands = 1; bands <= maxBands; bands++) {
      const error =
        FALSE_POSITIVE_WEIGHT * falsePositiveArea(threshold, bands, rows) +
        FALSE_NEGATIVE_WEIGHT * falseNegativeArea(threshold, bands, rows);
      if (error < bestError - 1e-12) {
        bestError = error;
        best = { bands, rows };
      }
    }
  }
  return best;
}
