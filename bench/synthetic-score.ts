/**
 * Scoring the engine's aligned pairs against planted reprints: PAN measures (the copy is the
 * "suspicious" side), recall by kind of reprint, document-pair precision and recall, and span boundary
 * error (how far the reported spans' ends are from the planted ones, in UTF-16 characters).
 */
import type { AlignedPair } from '../src/index.js';
import { isOverlapping, panScores, recallByObfuscation, type Annotation, type PanScores } from './pan-measures.js';
import type { PlantedReprint } from './synthetic.js';

export interface BoundaryError {
  /** Boundaries measured: 4 per detected reprint (start and end, copy and source side). */
  boundaries: number;
  mean: number;
  median: number;
  p90: number;
  /** Share of boundaries within 10 characters of the planted one. */
  within10: number;
}

export interface PlantedScores {
  pan: PanScores;
  recallByKind: Record<string, { cases: number; recall: number }>;
  /**
   * `unplanted`: reported document pairs the truth does not hold, by the kinds of their pairs (a document
   * pair with pairs of two kinds counts under each). In reuse mode these are `reordered`: reworded
   * sentences the real sentence pool shares (two outlets' reports of one event), not planted but real.
   */
  documentPairs: { planted: number; reported: number; correct: number; precision: number; recall: number; unplanted: Record<string, number> };
  boundaryError: BoundaryError;
}

const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** Aligned pairs as detections oriented like the truth: `this` = the copy (the later document). */
export function plantedDetections(truth: readonly PlantedReprint[], pairs: readonly AlignedPair[]): Annotation[] {
  const copyOf = new Map(truth.map((t) => [key(t.thisRef, t.sourceRef), t.thisRef]));
  return pairs.map((p) => {
    const copy = copyOf.get(key(p.a.doc, p.b.doc));
    const [c, s] = copy === p.a.doc ? [p.a, p.b] : [p.b, p.a];
    return {
      thisRef: c.doc,
      thisOffset: c.start,
      thisLength: c.end - c.start,
      sourceRef: s.doc,
      sourceOffset: s.start,
      sourceLength: s.end - s.start,
    };
  });
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Distances between planted and reported span ends, per side, for each detected reprint. */
export function boundaryError(truth: readonly Annotation[], detections: readonly Annotation[]): BoundaryError {
  const byPair = new Map<string, Annotation[]>();
  for (const d of detections) {
    const k = key(d.thisRef, d.sourceRef);
    const list = byPair.get(k);
    if (list) list.push(d);
    else byPair.set(k, [d]);
  }
  const errors: number[] = [];
  for (const t of truth) {
    const hits = (byPair.get(key(t.thisRef, t.sourceRef)) ?? []).filter((d) => isOverlapping(t, d));
    if (hits.length === 0) continue;
    const thisStart = Math.min(...hits.map((d) => d.thisOffset));
    const thisEnd = Math.max(...hits.map((d) => d.thisOffset + d.thisLength));
    const srcStart = Math.min(...hits.map((d) => d.sourceOffset));
    const srcEnd = Math.max(...hits.map((d) => d.sourceOffset + d.sourceLength));
    errors.push(
      Math.abs(thisStart - t.thisOffset),
      Math.abs(thisEnd - (t.thisOffset + t.thisLength)),
      Math.abs(srcStart - t.sourceOffset),
      Math.abs(srcEnd - (t.sourceOffset + t.sourceLength)),
    );
  }
  errors.sort((a, b) => a - b);
  return {
    boundaries: errors.length,
    mean: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : 0,
    median: quantile(errors, 0.5),
    p90: quantile(errors, 0.9),
    within10: errors.length ? errors.filter((e) => e <= 10).length / errors.length : 1,
  };
}

/** Every score of the aligned pairs against the planted reprints. */
export function scorePlanted(truth: readonly PlantedReprint[], pairs: readonly AlignedPair[]): PlantedScores {
  const detections = plantedDetections(truth, pairs);
  const planted = new Set(truth.map((t) => key(t.thisRef, t.sourceRef)));
  const reported = new Set(detections.map((d) => key(d.thisRef, d.sourceRef)));
  let correct = 0;
  for (const k of reported) if (planted.has(k)) correct++;
  const unplantedKinds = new Map<string, Set<string>>();
  for (const p of pairs) {
    const k = key(p.a.doc, p.b.doc);
    if (planted.has(k)) continue;
    let kinds = unplantedKinds.get(p.kind);
    if (!kinds) unplantedKinds.set(p.kind, (kinds = new Set()));
    kinds.add(k);
  }
  const unplanted = Object.fromEntries([...unplantedKinds].sort(([x], [y]) => (x < y ? -1 : 1)).map(([kind, keys]) => [kind, keys.size]));
  const cases = truth.map((t) => ({ ...t, obfuscation: t.kind }));
  return {
    pan: panScores(cases, detections),
    recallByKind: recallByObfuscation(cases, detections),
    documentPairs: {
      planted: planted.size,
      reported: reported.size,
      correct,
      precision: reported.size ? correct / reported.size : 1,
      recall: planted.size ? correct / planted.size : 1,
      unplanted,
    },
    boundaryError: boundaryError(truth, detections),
  };
}
