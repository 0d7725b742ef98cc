import { describe, expect, it } from 'vitest';
import type { AlignedPair } from '../../src/index.js';
import { scorePlanted } from '../../bench/synthetic-score.js';
import type { PlantedReprint } from '../../bench/synthetic.js';

const planted: PlantedReprint[] = [
  { kind: 'article', thisRef: 'c1', thisOffset: 50, thisLength: 900, sourceRef: 's1', sourceOffset: 40, sourceLength: 880 },
  { kind: 'paragraph', thisRef: 'c2', thisOffset: 300, thisLength: 200, sourceRef: 's2', sourceOffset: 100, sourceLength: 200 },
];

/** An aligned pair; `a` is the earlier document (the source). */
function pair(src: string, s0: number, s1: number, copy: string, c0: number, c1: number): AlignedPair {
  return { a: { doc: src, start: s0, end: s1 }, b: { doc: copy, start: c0, end: c1 }, similarity: 0.95, cluster: 0, kind: 'edited' };
}

describe('scoring planted reprints', () => {
  it('scores exact spans as perfect, with zero boundary error', () => {
    const s = scorePlanted(planted, [pair('s1', 40, 920, 'c1', 50, 950), pair('s2', 100, 300, 'c2', 300, 500)]);
    expect(s.pan).toMatchObject({ precision: 1, recall: 1, granularity: 1, plagdet: 1 });
    expect(s.documentPairs).toMatchObject({ planted: 2, reported: 2, correct: 2, precision: 1, recall: 1 });
    expect(s.boundaryError).toMatchObject({ boundaries: 8, mean: 0, within10: 1 });
  });

  it('measures boundary error per span end and orients pairs by the truth, whichever side comes first', () => {
    // The copy is reported as `a` here; its span starts 20 characters late.
    const flipped: AlignedPair = { a: { doc: 'c2', start: 320, end: 500 }, b: { doc: 's2', start: 120, end: 300 }, similarity: 0.9, cluster: 1, kind: 'edited' };
    const s = scorePlanted(planted, [flipped]);
    expect(s.boundaryError.boundaries).toBe(4);
    expect(s.boundaryError.mean).toBe(10); // (20 + 0 + 20 + 0) / 4
    expect(s.recallByKind.paragraph.recall).toBeCloseTo(0.9, 12);
    expect(s.recallByKind.article.recall).toBe(0);
    expect(s.documentPairs.recall).toBe(0.5);
  });

  it('counts a pair of unrelated documents against document-pair precision', () => {
    const s = scorePlanted(planted, [pair('s1', 40, 920, 'c1', 50, 950), pair('x', 0, 100, 'y', 0, 100)]);
    expect(s.documentPairs.precision).toBe(0.5);
    expect(s.pan.precision).toBeCloseTo(0.5, 12);
    expect(s.documentPairs.unplanted).toEqual({ edited: 1 });
  });

  it('breaks the unplanted document pairs down by the kinds of their pairs (reuse mode reports reworded shared text)', () => {
    const reordered = (a: string, b: string, at: number): AlignedPair => ({ ...pair(a, at, at + 200, b, at, at + 200), kind: 'reordered' });
    const s = scorePlanted(planted, [
      pair('s1', 40, 920, 'c1', 50, 950),
      { ...pair('s1', 0, 30, 'c1', 0, 30), kind: 'reordered' }, // a planted pair: not counted
      reordered('x', 'y', 0),
      reordered('y', 'x', 300), // the same document pair, either orientation
      reordered('x', 'z', 0),
      { ...pair('x', 500, 700, 'z', 500, 700), kind: 'verbatim' },
    ]);
    expect(s.documentPairs).toMatchObject({ reported: 3, correct: 1, unplanted: { reordered: 2, verbatim: 1 } });
  });
});
