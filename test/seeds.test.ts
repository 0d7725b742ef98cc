import { describe, expect, it } from 'vitest';
import { buildIndex, findSeeds, Seeds, segmentsOf, shingleEnd, type AlignInput } from '../src/seeds.js';
import { shingleHashes } from '../src/shingle.js';

const K = 7;
const prep = (text: string): AlignInput => ({ text, hashes: shingleHashes(text, K) });

function segments(a: string, b: string) {
  const A = prep(a);
  const B = prep(b);
  const seeds = new Seeds();
  findSeeds(A, buildIndex(A.hashes), B, null, seeds);
  return segmentsOf(seeds, A, B, K);
}

describe('seeds and segments', () => {
  it('merge the shingles of a shared run into one maximal exact segment', () => {
    const shared = 'the quick brown fox jumps over the lazy dog';
    const a = `alpha beta ${shared} gamma`;
    const b = `zeta ${shared} eta theta`;
    const found = segments(a, b);
    const longest = found.reduce((x, y) => (y.bEnd - y.bStart > x.bEnd - x.bStart ? y : x));
    expect(a.slice(longest.aStart, longest.aEnd)).toBe(b.slice(longest.bStart, longest.bEnd));
    expect(a.slice(longest.aStart, longest.aEnd)).toContain(shared);
  });

  it('follow a repetitive stretch (shingles too frequent to seed alone) along the diagonal it started on', () => {
    const repeated = Array.from({ length: 30 }, () => 'la').join(' ');
    const a = `unique opening words ${repeated} closing`;
    const b = `other text then unique opening words ${repeated} closing`;
    const found = segments(a, b);
    const longest = found.reduce((x, y) => (y.bEnd - y.bStart > x.bEnd - x.bStart ? y : x));
    // One segment runs from the rare opening through the whole repeated stretch.
    expect(longest.aEnd - longest.aStart).toBeGreaterThanOrEqual(`unique opening words ${repeated}`.length - K);
    expect(a.slice(longest.aStart, longest.aEnd)).toBe(b.slice(longest.bStart, longest.bEnd));
  });

  it('give no seed for texts without a shared shingle', () => {
    expect(segments('abcdefghij klmnop', 'qrstuvwxyz 0123456')).toEqual([]);
  });

  it('end a shingle k characters after its start, or at the end of the text', () => {
    expect(shingleEnd('abcdefghij', 2, K)).toBe(9);
    expect(shingleEnd('abcdefghij', 6, K)).toBe(10);
  });
});
