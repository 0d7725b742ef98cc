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

/** Intervals of the composite Simpson's rule (the integrands are smooth here; 200 are plenty). */
const INTERVALS = 200;

/** The grid of Simpson's rule over [lo, hi]: `INTERVALS + 1` points, the ends exact. */
function grid(lo: number, hi: number): Float64Array {
  const h = (hi - lo) / INTERVALS;
  const s = new Float64Array(INTERVALS + 1);
  for (let i = 0; i < INTERVALS; i++) s[i] = lo + i * h;
  s[INTERVALS] = hi;
  return s;
}

/** Simpson's rule given the integrand at the grid points of [lo, hi]. */
function simpson(f: (i: number) => number, lo: number, hi: number): number {
  const h = (hi - lo) / INTERVALS;
  let sum = f(0) + f(INTERVALS);
  for (let i = 1; i < INTERVALS; i++) sum += f(i) * (i % 2 === 1 ? 4 : 2);
  return (sum * h) / 3;
}

/** ∫ f over [lo, hi] by composite Simpson's rule. */
function integrate(f: (x: number) => number, lo: number, hi: number): number {
  const s = grid(lo, hi);
  return simpson((i) => f(s[i]), lo, hi);
}

/** False-positive area of the S-curve below the threshold. */
export function falsePositiveArea(threshold: number, bands: number, rows: number): number {
  return integrate((s) => candidateProbability(s, bands, rows), 0, threshold);
}

/** False-negative area of the S-curve above the threshold. */
export function falseNegativeArea(threshold: number, bands: number, rows: number): number {
  return integrate((s) => 1 - candidateProbability(s, bands, rows), threshold, 1);
}

/** Choices made, by threshold and signature size: options are resolved more than once per run. */
const chosen = new Map<string, { bands: number; rows: number }>();

/**
 * The (bands, rows) with bands × rows ≤ signatureSize minimizing the weighted error areas.
 * Ties go to fewer rows (more recall), then fewer bands (less work). (The same sums as
 * {@link falsePositiveArea} and {@link falseNegativeArea}, with s^r computed once per row count.)
 */
export function chooseBands(threshold: number, signatureSize: number): { bands: number; rows: number } {
  const key = `${threshold}/${signatureSize}`;
  const known = chosen.get(key);
  if (known) return { ...known };
  let best = { bands: 1, rows: 1 };
  let bestError = Infinity;
  const below = grid(0, threshold);
  const above = grid(threshold, 1);
  const powBelow = new Float64Array(below.length);
  const powAbove = new Float64Array(above.length);
  for (let rows = 1; rows <= signatureSize; rows++) {
    for (let i = 0; i < below.length; i++) powBelow[i] = Math.pow(below[i], rows);
    for (let i = 0; i < above.length; i++) powAbove[i] = Math.pow(above[i], rows);
    const maxBands = Math.floor(signatureSize / rows);
    for (let bands = 1; bands <= maxBands; bands++) {
      // simpson() with the integrands inline (this loop runs ~200 times per call).
      let fp = 1 - Math.pow(1 - powBelow[0], bands) + (1 - Math.pow(1 - powBelow[INTERVALS], bands));
      let fn = 1 - (1 - Math.pow(1 - powAbove[0], bands)) + (1 - (1 - Math.pow(1 - powAbove[INTERVALS], bands)));
      for (let i = 1; i < INTERVALS; i++) {
        const weight = i % 2 === 1 ? 4 : 2;
        fp += (1 - Math.pow(1 - powBelow[i], bands)) * weight;
        fn += (1 - (1 - Math.pow(1 - powAbove[i], bands))) * weight;
      }
      const falsePositive = (fp * (threshold / INTERVALS)) / 3;
      const falseNegative = (fn * ((1 - threshold) / INTERVALS)) / 3;
      const error = FALSE_POSITIVE_WEIGHT * falsePositive + FALSE_NEGATIVE_WEIGHT * falseNegative;
      if (error < bestError - 1e-12) {
        bestError = error;
        best = { bands, rows };
      }
    }
  }
  chosen.set(key, best);
  return { ...best };
}
