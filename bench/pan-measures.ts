/**
 * The PAN plagiarism-detection measures (Potthast, Stein, Barrón-Cedeño & Rosso 2010, "An Evaluation
 * Framework for Plagiarism Detection", COLING): character-level macro-averaged precision and recall,
 * granularity, and plagdet = F1 / log2(1 + granularity).
 *
 * As in the PAN text-alignment evaluation (the webis `perfmeasures` script), a case or detection covers
 * characters on both sides — its span in the suspicious document and its span in the source document —
 * and a detection r detects a case s iff they name the same document pair and overlap on both sides.
 *   recall(s)    = |⋃ (s ⊓ r) over r detecting s| / |s|, counted on both sides
 *   rec          = mean of recall(s) over all cases (undetected cases count 0)
 *   prec         = the same with the roles of cases and detections swapped
 *   granularity  = mean number of detections per detected case (1 when nothing is detected)
 * Edge cases follow the script: no cases and no detections → rec = prec = 1; only one of them empty → 0.
 */

/** A case (truth) or a detection: a span of the suspicious document paired with a span of its source. */
export interface Annotation {
  thisRef: string;
  thisOffset: number;
  thisLength: number;
  sourceRef: string;
  sourceOffset: number;
  sourceLength: number;
  /** Obfuscation type of a truth case (`none`, `random`, `word shuffling`…); unused for detections. */
  obfuscation?: string;
}

export interface PanScores {
  precision: number;
  recall: number;
  granularity: number;
  plagdet: number;
  cases: number;
  detections: number;
  /** Cases overlapped by at least one detection. */
  detectedCases: number;
}

/** Key of the document pair an annotation belongs to. */
function pairKey(a: Annotation): string {
  return `${a.thisRef}\u0000${a.sourceRef}`;
}

function overlaps(aStart: number, aLength: number, bStart: number, bLength: number): boolean {
  return bStart + bLength > aStart && bStart < aStart + aLength;
}

/** True iff `b` overlaps `a` in the suspicious and in the source document (same document pair). */
export function isOverlapping(a: Annotation, b: Annotation): boolean {
  return (
    a.thisRef === b.thisRef &&
    a.sourceRef === b.sourceRef &&
    overlaps(a.thisOffset, a.thisLength, b.thisOffset, b.thisLength) &&
    overlaps(a.sourceOffset, a.sourceLength, b.sourceOffset, b.sourceLength)
  );
}

/** Number of characters of [start, start+length) covered by the union of the given intervals. */
function coveredLength(start: number, length: number, intervals: Array<[number, number]>): number {
  const end = start + length;
  const clipped = intervals
    .map(([s, e]): [number, number] => [Math.max(s, start), Math.min(e, end)])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let reach = start;
  for (const [s, e] of clipped) {
    if (e <= reach) continue;
    covered += e - Math.max(s, reach);
    reach = e;
  }
  return covered;
}

/** Share of the case's characters (both sides) covered by the detections that detect it. */
export function caseRecall(s: Annotation, detections: readonly Annotation[]): number {
  const total = s.thisLength + s.sourceLength;
  if (total <= 0) return 0;
  const hits = detections.filter((r) => isOverlapping(s, r));
  if (hits.length === 0) return 0;
  const inThis = coveredLength(s.thisOffset, s.thisLength, hits.map((r) => [r.thisOffset, r.thisOffset + r.thisLength]));
  const inSource = coveredLength(
    s.sourceOffset,
    s.sourceLength,
    hits.map((r) => [r.sourceOffset, r.sourceOffset + r.sourceLength]),
  );
  return (inThis + inSource) / total;
}

function indexByPair(annotations: readonly Annotation[]): Map<string, Annotation[]> {
  const index = new Map<string, Annotation[]>();
  for (const a of annotations) {
    const key = pairKey(a);
    const list = index.get(key);
    if (list) list.push(a);
    else index.set(key, [a]);
  }
  return index;
}

/** Macro-averaged recall of the detections over the cases. */
export function macroRecall(cases: readonly Annotation[], detections: readonly Annotation[]): number {
  if (cases.length === 0 && detections.length === 0) return 1;
  if (cases.length === 0 || detections.length === 0) return 0;
  const index = indexByPair(detections);
  let sum = 0;
  for (const s of cases) sum += caseRecall(s, index.get(pairKey(s)) ?? []);
  return sum / cases.length;
}

/** Macro-averaged precision: recall with the roles of cases and detections swapped. */
export function macroPrecision(cases: readonly Annotation[], detections: readonly Annotation[]): number {
  return macroRecall(detections, cases);
}

/** Mean number of detections overlapping each detected case; 1 when no case is detected. */
export function granularity(cases: readonly Annotation[], detections: readonly Annotation[]): number {
  const index = indexByPair(detections);
  let detected = 0;
  let sum = 0;
  for (const s of cases) {
    const n = (index.get(pairKey(s)) ?? []).filter((r) => isOverlapping(s, r)).length;
    if (n > 0) {
      detected++;
      sum += n;
    }
  }
  return detected === 0 ? 1 : sum / detected;
}

/** plagdet = F1(precision, recall) / log2(1 + granularity); 0 when both precision and recall are 0. */
export function plagdet(recall: number, precision: number, gran: number): number {
  if (recall + precision === 0 || gran < 1) return 0;
  const f1 = (2 * recall * precision) / (recall + precision);
  return f1 / Math.log2(1 + gran);
}

/** All PAN measures of the detections against the cases. */
export function panScores(cases: readonly Annotation[], detections: readonly Annotation[]): PanScores {
  const recall = macroRecall(cases, detections);
  const precision = macroPrecision(cases, detections);
  const gran = granularity(cases, detections);
  const index = indexByPair(detections);
  const detectedCases = cases.filter((s) => (index.get(pairKey(s)) ?? []).some((r) => isOverlapping(s, r))).length;
  return {
    precision,
    recall,
    granularity: gran,
    plagdet: plagdet(recall, precision, gran),
    cases: cases.length,
    detections: detections.length,
    detectedCases,
  };
}

/** Macro-averaged recall of the cases of each obfuscation type (against all detections). */
export function recallByObfuscation(
  cases: readonly Annotation[],
  detections: readonly Annotation[],
): Record<string, { cases: number; recall: number }> {
  const types = [...new Set(cases.map((s) => s.obfuscation ?? 'unknown'))].sort();
  const out: Record<string, { cases: number; recall: number }> = {};
  for (const type of types) {
    const ofType = cases.filter((s) => (s.obfuscation ?? 'unknown') === type);
    out[type] = { cases: ofType.length, recall: macroRecall(ofType, detections) };
  }
  return out;
}
