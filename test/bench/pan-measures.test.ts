import { describe, expect, it } from 'vitest';
import {
  caseRecall,
  granularity,
  isOverlapping,
  macroPrecision,
  macroRecall,
  panScores,
  plagdet,
  recallByObfuscation,
  type Annotation,
} from '../../bench/pan-measures.js';

/** A case/detection between suspicious doc `s` and source `t`: [a, a+al) in s, [b, b+bl) in t. */
function ann(a: number, al: number, b: number, bl: number, extra: Partial<Annotation> = {}): Annotation {
  return { thisRef: 's', thisOffset: a, thisLength: al, sourceRef: 't', sourceOffset: b, sourceLength: bl, ...extra };
}

describe('PAN measures (Potthast et al. 2010), worked examples', () => {
  it('scores a perfect detection 1, 1, 1, 1', () => {
    const s = ann(100, 200, 1000, 200);
    expect(panScores([s], [{ ...s }])).toMatchObject({ precision: 1, recall: 1, granularity: 1, plagdet: 1 });
  });

  it('gives recall 1/2 and precision 1 to a detection covering half of a case on both sides', () => {
    const s = ann(0, 100, 0, 100);
    const r = ann(0, 50, 0, 50);
    const scores = panScores([s], [r]);
    expect(scores.recall).toBeCloseTo(0.5, 12);
    expect(scores.precision).toBe(1);
    expect(scores.granularity).toBe(1);
    expect(scores.plagdet).toBeCloseTo((2 * 0.5) / 1.5, 12);
  });

  it('counts the suspicious and the source side together: full on one side, none beyond → (100 + 40) / 200', () => {
    const s = ann(0, 100, 0, 100);
    const r = ann(0, 100, 60, 40);
    expect(caseRecall(s, [r])).toBeCloseTo(140 / 200, 12);
  });

  it('gives granularity 2 to a case detected in two pieces, and plagdet = F1 / log2(3)', () => {
    const s = ann(0, 100, 0, 100);
    const r1 = ann(0, 50, 0, 50);
    const r2 = ann(50, 50, 50, 50);
    const scores = panScores([s], [r1, r2]);
    expect(scores.recall).toBe(1);
    expect(scores.precision).toBe(1);
    expect(scores.granularity).toBe(2);
    expect(scores.plagdet).toBeCloseTo(1 / Math.log2(3), 12);
  });

  it('charges a detection on no case to precision only', () => {
    const s = ann(0, 100, 0, 100);
    const stray = ann(500, 100, 500, 100);
    const scores = panScores([s], [{ ...s }, stray]);
    expect(scores.recall).toBe(1);
    expect(scores.precision).toBeCloseTo(0.5, 12);
    expect(scores.granularity).toBe(1);
    expect(scores.detections).toBe(2);
    expect(scores.detectedCases).toBe(1);
  });

  it('does not let a detection of another document pair detect the case', () => {
    const s = ann(0, 100, 0, 100);
    const other = ann(0, 100, 0, 100, { sourceRef: 'u' });
    expect(isOverlapping(s, other)).toBe(false);
    expect(macroRecall([s], [other])).toBe(0);
    expect(macroPrecision([s], [other])).toBe(0);
  });

  it('requires overlap on both sides: the right suspicious span against the wrong source span detects nothing', () => {
    const s = ann(0, 100, 0, 100);
    const r = ann(0, 100, 300, 100);
    expect(caseRecall(s, [r])).toBe(0);
    expect(granularity([s], [r])).toBe(1);
  });

  it('counts overlapping detections once (union, not sum)', () => {
    const s = ann(0, 100, 0, 100);
    expect(caseRecall(s, [ann(0, 60, 0, 60), ann(40, 60, 40, 60)])).toBe(1);
  });

  it('follows the PAN script on empty sets: nothing to find and nothing found scores 1; one side empty scores 0', () => {
    expect(panScores([], [])).toMatchObject({ precision: 1, recall: 1, granularity: 1, plagdet: 1 });
    expect(panScores([], [ann(0, 10, 0, 10)])).toMatchObject({ precision: 0, recall: 0, plagdet: 0 });
    expect(panScores([ann(0, 10, 0, 10)], [])).toMatchObject({ precision: 0, recall: 0, plagdet: 0 });
  });

  it('averages recall over cases (macro): one full and one missed case → 1/2', () => {
    const a = ann(0, 100, 0, 100);
    const b = ann(1000, 10, 1000, 10);
    expect(macroRecall([a, b], [{ ...a }])).toBeCloseTo(0.5, 12);
  });

  it('splits recall by obfuscation type', () => {
    const a = ann(0, 100, 0, 100, { obfuscation: 'none' });
    const b = ann(1000, 100, 1000, 100, { obfuscation: 'random' });
    expect(recallByObfuscation([a, b], [ann(0, 100, 0, 100)])).toEqual({
      none: { cases: 1, recall: 1 },
      random: { cases: 1, recall: 0 },
    });
  });

  it('plagdet is 0 when precision and recall are both 0', () => {
    expect(plagdet(0, 0, 1)).toBe(0);
  });
});
