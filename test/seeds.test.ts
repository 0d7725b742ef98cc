import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeedIndex, Seeds, shingleEnd, type AlignInput } from '../src/seeds.js';
import { Aligner, alignDocuments } from '../src/align.js';
import { shingleHashes } from '../src/shingle.js';
import { winnow } from '../src/passages.js';

const K = 7;
const prep = (text: string): AlignInput => ({ text, hashes: shingleHashes(text, K) });

/** The segments of B in A, and how many seeds (runs) made them. */
function seeded(a: string, b: string) {
  const A = prep(a);
  const B = prep(b);
  const seeds = new Seeds();
  const index = new SeedIndex();
  index.build(A);
  index.find(B, null, seeds);
  return { found: index.segments(seeds, A, B, K), runs: seeds.count, hashes: A.hashes };
}

const segments = (a: string, b: string) => seeded(a, b).found;

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

  it('come as one run per stretch of a diagonal, also through shingles repeated in A: the segments are those of every single match (property)', () => {
    // Every shingle match (i, j) of B in A (up to MAX_OCCURRENCES a hash, as seeding takes them), merged
    // along diagonals by hand: the segments the seeds must give.
    const naive = (a: string, b: string) => {
      const A = prep(a);
      const B = prep(b);
      const at = new Map<number, number[]>();
      A.hashes.forEach((h, i) => at.set(h, [...(at.get(h) ?? []), i]));
      const open = new Map<number, { aStart: number; aEnd: number; bStart: number; bEnd: number; last: number }>();
      const out: { aStart: number; aEnd: number; bStart: number; bEnd: number; last: number }[] = [];
      B.hashes.forEach((h, j) => {
        const is = at.get(h) ?? [];
        if (is.length > 8) return;
        for (const i of is) {
          if (a[i] !== b[j]) continue;
          const run = open.get(j - i);
          if (run && run.last === j - 1) {
            run.aEnd = shingleEnd(a, i, K);
            run.bEnd = shingleEnd(b, j, K);
            run.last = j;
          } else {
            const seg = { aStart: i, aEnd: shingleEnd(a, i, K), bStart: j, bEnd: shingleEnd(b, j, K), last: j };
            open.set(j - i, seg);
            out.push(seg);
          }
        }
      });
      return out.map(({ last: _, ...g }) => g);
    };
    const phrase = fc.constantFrom('the cat sat ', 'on the mat ', 'and then ', 'the cat ', 'sat on ');
    const text = fc.array(phrase, { minLength: 3, maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const { found, runs, hashes } = seeded(a, b);
        // Frequent shingles (over 8 in A) only continue diagonals; texts holding none are compared whole.
        fc.pre([...hashes].every((h) => hashes.filter((x) => x === h).length <= 8));
        expect(found).toEqual(naive(a, b));
        expect(runs).toBe(found.length);
      }),
    );
  });

  it('never split a run: no two segments of one diagonal touch, also through shingles too frequent to seed alone (property)', () => {
    const phrase = fc.constantFrom('the cat sat ', 'on the mat ', 'and then ', 'the cat ', 'sat on ', 'la la ');
    const text = fc.array(phrase, { minLength: 3, maxLength: 60 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const { found } = seeded(a, b);
        const ends = new Map<number, number[]>();
        for (const g of found) ends.set(g.bStart - g.aStart, [...(ends.get(g.bStart - g.aStart) ?? []), g.bStart]);
        for (const g of found) {
          // The shingle starting right after this segment's last one, on its diagonal, starts no segment.
          const lastShingle = g.bEnd - K;
          expect(ends.get(g.bStart - g.aStart)).not.toContain(lastShingle + 1);
        }
      }),
    );
  });

  it('give no seed for texts without a shared shingle', () => {
    expect(segments('abcdefghij klmnop', 'qrstuvwxyz 0123456')).toEqual([]);
  });

  it('end a shingle k characters after its start, or at the end of the text', () => {
    expect(shingleEnd('abcdefghij', 2, K)).toBe(9);
    expect(shingleEnd('abcdefghij', 6, K)).toBe(10);
  });
});

describe('scratch state belongs to instances', () => {
  const words = (seed: number, n: number): string =>
    Array.from({ length: n }, (_, i) => `w${(i * 7919 + seed * 104729) % 997}`).join(' ');
  const shared = words(1, 60);
  const a1 = `${words(2, 30)} ${shared} ${words(3, 20)}`;
  const b1 = `${words(4, 10)} ${shared} ${words(5, 40)}`;
  const a2 = `${words(6, 80)} ${words(7, 25)} ${words(8, 200)}`;
  const b2 = `${words(9, 5)} ${words(7, 25)} ${words(8, 200)} ${words(10, 5)}`;
  const params = { shingleSize: K, minLength: 80, minSimilarity: 0.5, maxGap: 60, minCoverage: 0.3 };

  it('two seed indexes interleaved give what each gives alone', () => {
    const alone1 = segments(a1, b1);
    const alone2 = segments(a2, b2);
    const [A1, B1, A2, B2] = [a1, b1, a2, b2].map(prep);
    const x = new SeedIndex();
    const y = new SeedIndex();
    x.build(A1);
    y.build(A2);
    const s1 = new Seeds();
    const s2 = new Seeds();
    x.find(B1, null, s1);
    y.find(B2, null, s2);
    const seg2 = y.segments(s2, A2, B2, K);
    const seg1 = x.segments(s1, A1, B1, K);
    expect(seg1).toEqual(alone1);
    expect(seg2).toEqual(alone2);
    expect(seg1.length).toBeGreaterThan(0);
  });

  it('two aligners in one thread, used in turns, give what each gives alone', () => {
    const [A1, B1, A2, B2] = [a1, b1, a2, b2].map(prep);
    const alone1 = alignDocuments(A1, B1, params);
    const alone2 = alignDocuments(A2, B2, params);
    const x = new Aligner(params);
    const y = new Aligner(params);
    x.setA(A1);
    y.setA(A2);
    const r2 = y.align(B2);
    const r1 = x.align(B1);
    expect(r1).toEqual(alone1);
    expect(r2).toEqual(alone2);
    expect(r1.length).toBe(1);
    expect(r2.length).toBeGreaterThan(0);
  });
});

describe('an aligner reused from pair to pair', () => {
  it('bug (the quick check read cluster boxes through arrays taken before clustering, stale once a pair had more seeds than any before): a long pair after a short one gives what a fresh aligner gives', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'seeds');
    const [t0, t1] = readdirSync(dir).sort().slice(0, 2).map((f) => readFileSync(join(dir, f), 'utf8'));
    const params = { shingleSize: K, minLength: 150, minSimilarity: 0.8, maxGap: 60, minCoverage: 0.5, anchorWindow: 12 };
    const anchored = (text: string): AlignInput => {
      const hashes = shingleHashes(text, K);
      return { text, hashes, anchors: winnow(hashes, params.anchorWindow) };
    };
    const [A, B] = [t0, t1].map(anchored);
    const fresh = alignDocuments(A, B, params);
    expect(fresh.length).toBeGreaterThan(0);
    const reused = new Aligner(params);
    const short = anchored('a short text of a few words, and a few more words to seed');
    reused.setA(short);
    reused.align(short);
    reused.setA(A);
    expect(reused.align(B)).toEqual(fresh);
  });
});

/**
 * The seeding rule written out position by position (the reference the fast path must equal):
 * at each B position, every A position of a shingle occurring at most 8 times in A (first
 * characters equal), or, for a more frequent one, the previous position's diagonals it continues;
 * consecutive seeds on a diagonal merge into one segment.
 */
function referenceSegments(a: string, b: string) {
  const A = prep(a);
  const B = prep(b);
  const where = new Map<number, number[]>();
  A.hashes.forEach((h, i) => where.set(h, [...(where.get(h) ?? []), i]));
  const out: { aStart: number; aEnd: number; bStart: number; bEnd: number }[] = [];
  const open = new Map<number, { seg: (typeof out)[number]; last: number }>();
  let previous: number[] = [];
  for (let j = 0; j < B.hashes.length; j++) {
    const at = where.get(B.hashes[j]) ?? [];
    const diagonals =
      at.length > 8
        ? previous.filter((d) => j - d >= 0 && j - d < A.hashes.length && A.hashes[j - d] === B.hashes[j] && a[j - d] === b[j])
        : at.filter((i) => a[i] === b[j]).map((i) => j - i);
    for (const d of diagonals) {
      const i = j - d;
      const run = open.get(d);
      if (run && run.last === j - 1) {
        run.seg.aEnd = Math.max(run.seg.aEnd, shingleEnd(a, i, K));
        run.seg.bEnd = Math.max(run.seg.bEnd, shingleEnd(b, j, K));
        run.last = j;
      } else {
        const seg = { aStart: i, aEnd: shingleEnd(a, i, K), bStart: j, bEnd: shingleEnd(b, j, K) };
        out.push(seg);
        open.set(d, { seg, last: j });
      }
    }
    previous = diagonals;
  }
  return out;
}

describe('seeding in runs', () => {
  it('gives the segments of seeding every position one by one (repeats, shared runs, frequent shingles)', () => {
    // Small alphabets make repeated shingles (several diagonals, frequent ones) common.
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('ab ', 'ba ', 'abc ', 'cab ', 'la la ', 'x'), { minLength: 5, maxLength: 60 }),
        fc.array(fc.constantFrom('ab ', 'ba ', 'abc ', 'cab ', 'la la ', 'y'), { minLength: 5, maxLength: 60 }),
        fc.nat(40),
        (pa, pb, cut) => {
          const a = pa.join('');
          const b = pb.slice(0, cut).join('') + a.slice(0, 120) + pb.slice(cut).join('');
          expect(segments(a, b)).toEqual(referenceSegments(a, b));
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('gives the same after its memory was replaced: a longer B keeps the indexed A, a longer A drops the loaded B', () => {
    const shared = 'وقال المتحدث باسم الوزارة إن المحادثات ستستمر الأسبوع المقبل في العاصمة ';
    const a = `${'مقدمة قصيرة '.repeat(3)}${shared}${'خاتمة '.repeat(4)}`;
    const longB = `${'نص آخر طويل جدا '.repeat(600)}${shared}${'ذيل '.repeat(800)}`;
    const longA = `${'بداية '.repeat(2000)}${shared}`;
    const index = new SeedIndex();
    const run = (x: string, y: string, build: boolean) => {
      const [X, Y] = [prep(x), prep(y)];
      if (build) index.build(X);
      const seeds = new Seeds();
      index.find(Y, null, seeds);
      return index.segments(seeds, X, Y, K);
    };
    expect(run(a, 'short b', true)).toEqual(referenceSegments(a, 'short b'));
    expect(longB.length).toBeGreaterThan(8192);
    expect(run(a, longB, false)).toEqual(referenceSegments(a, longB));
    expect(run(longA, longB, true)).toEqual(referenceSegments(longA, longB));
    expect(run(longA, a, false)).toEqual(referenceSegments(longA, a));
  });

  it('appends the seeds of each range, and seeds only the listed positions (runs of one) when given some', () => {
    const a = 'one two three four five six seven eight nine ten eleven twelve';
    const b = 'xx one two three four five yy seven eight nine ten eleven zz';
    const [A, B] = [prep(a), prep(b)];
    const index = new SeedIndex();
    index.build(A);
    const whole = new Seeds();
    index.find(B, null, whole);
    const parts = new Seeds();
    index.find(B, null, parts, 0, 23);
    index.find(B, null, parts, 23, B.hashes.length);
    // The ranges split no run here (the shingles at 21-27 hold "yy", in no shingle of A), so the seeds are the whole's.
    expect(Array.from(parts.a.subarray(0, parts.count))).toEqual(Array.from(whole.a.subarray(0, whole.count)));
    expect(Array.from(parts.len.subarray(0, parts.count))).toEqual(Array.from(whole.len.subarray(0, whole.count)));
    const sparse = new Seeds();
    const positions = Int32Array.from([3, 4, 5, 40]);
    index.find(B, positions, sparse);
    // Each listed position of B whose shingle is in A: one seed of length 1, at its place in A.
    const want = [...positions].filter((j) => A.hashes.includes(B.hashes[j]) && a[A.hashes.indexOf(B.hashes[j])] === b[j]);
    expect(Array.from(sparse.b.subarray(0, sparse.count))).toEqual(want);
    expect(Array.from(sparse.len.subarray(0, sparse.count))).toEqual(want.map(() => 1));
    expect(Array.from(sparse.a.subarray(0, sparse.count))).toEqual(want.map((j) => A.hashes.indexOf(B.hashes[j])));
    expect(want.length).toBe(4);
  });
});
