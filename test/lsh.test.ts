import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BandSorter } from '../src/band-sorter.js';
import { LshIndex, pairRun, LEADER_SCAN, sortWindows } from '../src/lsh.js';

/** All (a, b) emitted by `candidates`, as "a,b" strings, plus the raw emission count. */
function collect(index: LshIndex, accept: (a: number, b: number) => boolean = () => true) {
  const pairs = new Set<string>();
  let emitted = 0;
  const order: Array<[number, number]> = [];
  index.candidates(accept, (a, b) => {
    emitted++;
    order.push([a, b]);
    pairs.add(`${a},${b}`);
  });
  return { pairs, emitted, order };
}

const BANDS = 4;
const ROWS = 3;
const SIZE = BANDS * ROWS;

/** Reference grouping: per band, windows sorted by key (ascending), in window order within a key, each run paired by pairRun. */
function referencePairs(keys: Uint32Array[], docs: Int32Array): number[] {
  const n = docs.length;
  const expected: number[] = [];
  const leaders = new Int32Array(LEADER_SCAN);
  for (const band of keys) {
    const order = Int32Array.from(Array.from({ length: n }, (_, i) => i).sort((p, q) => band[p] - band[q] || p - q));
    for (let r = 0; r < n; ) {
      let q = r + 1;
      while (q < n && band[order[q]] === band[order[r]]) q++;
      if (q - r > 1) pairRun(Int32Array.from({ length: q - r }, (_, i) => docs[order[r + i]]), 0, q - r, leaders, { accept: () => true, emit: (a, b) => expected.push(a, b) });
      r = q;
    }
  }
  return expected;
}

describe('LshIndex', () => {
  it('always pairs documents with exactly equal window signatures (property)', () => {
    fc.assert(
      fc.property(
        // Each window: its document and which of a few signature "families" it takes.
        fc.array(fc.tuple(fc.nat({ max: 30 }), fc.nat({ max: 40 })), { minLength: 1, maxLength: 120 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: SIZE, maxLength: SIZE }), {
          minLength: 41,
          maxLength: 41,
        }),
        (windows, families) => {
          const index = new LshIndex(BANDS, ROWS);
          // The pipeline adds windows document by document, in input order.
          windows.sort((x, y) => x[0] - y[0]);
          for (const [doc, fam] of windows) index.add(doc, Uint32Array.from(families[fam]), 0);
          const { pairs } = collect(index);
          // Runs of at most 16 equal keys pair everyone; this test keeps runs that small or
          // checks only what is guaranteed for larger ones (every member meets a leader).
          const byFamily = new Map<number, Set<number>>();
          for (const [doc, fam] of windows) {
            if (!byFamily.has(fam)) byFamily.set(fam, new Set());
            byFamily.get(fam)!.add(doc);
          }
          for (const [fam, docs] of byFamily) {
            const members = windows.filter(([, f]) => f === fam).length;
            const list = [...docs].sort((x, y) => x - y);
            if (members <= 16) {
              for (let i = 0; i < list.length; i++)
                for (let j = i + 1; j < list.length; j++) expect(pairs.has(`${list[i]},${list[j]}`)).toBe(true);
            } else {
              for (const d of list) expect(list.some((e) => e !== d && pairs.has(`${Math.min(d, e)},${Math.max(d, e)}`)) || list.length === 1).toBe(true);
            }
          }
        },
      ),
      { numRuns: 100, seed: 20 },
    );
  });

  it('pairs windows that agree in one band only, and not windows that agree in no band', () => {
    const index = new LshIndex(BANDS, ROWS);
    const base = Uint32Array.from({ length: SIZE }, (_, i) => i * 1000 + 1);
    const oneBand = base.slice();
    for (let i = ROWS; i < SIZE; i++) oneBand[i] += 7; // bands 1..3 differ, band 0 agrees
    const none = base.slice();
    for (let b = 0; b < BANDS; b++) none[b * ROWS] += 7; // one row of every band differs
    index.add(0, base, 0);
    index.add(1, oneBand, 0);
    index.add(2, none, 0);
    expect([...collect(index).pairs]).toEqual(['0,1']);
  });

  it('reads the signature at the given offset', () => {
    const index = new LshIndex(BANDS, ROWS);
    const buf = new Uint32Array(SIZE + 5);
    buf.set(Uint32Array.from({ length: SIZE }, (_, i) => i + 100), 5);
    index.add(3, buf, 5);
    index.add(9, Uint32Array.from({ length: SIZE }, (_, i) => i + 100), 0);
    expect([...collect(index).pairs]).toEqual(['3,9']);
  });

  it('emits pairs with a < b and never pairs a document with itself (windows added in document order)', () => {
    const index = new LshIndex(BANDS, ROWS);
    const sig = Uint32Array.from({ length: SIZE }, (_, i) => i);
    for (const doc of [3, 3, 5, 7, 7]) index.add(doc, sig, 0);
    const { order, pairs } = collect(index);
    for (const [a, b] of order) expect(a).toBeLessThan(b);
    expect([...pairs].sort()).toEqual(['3,5', '3,7', '5,7']);
  });

  // Regression: runs of ≤ 16 windows once emitted (docs[order[i]], docs[order[j]]) unordered, so
  // windows of documents 7, 3, 5 added in that order gave (7, 3) and (7, 5).
  it('emits pairs with a < b even when windows were added out of document order', () => {
    const index = new LshIndex(BANDS, ROWS);
    const sig = Uint32Array.from({ length: SIZE }, (_, i) => i);
    for (const doc of [7, 3, 5]) index.add(doc, sig, 0);
    for (const [a, b] of collect(index).order) expect(a).toBeLessThan(b);
  });

  it('honours the accept filter: rejected pairs are never emitted, and accept sees a < b', () => {
    const index = new LshIndex(BANDS, ROWS);
    const sig = Uint32Array.from({ length: SIZE }, (_, i) => i);
    for (let doc = 0; doc < 6; doc++) index.add(doc, sig, 0);
    const asked: Array<[number, number]> = [];
    const { pairs } = collect(index, (a, b) => {
      asked.push([a, b]);
      return (a + b) % 2 === 1;
    });
    for (const [a, b] of asked) expect(a).toBeLessThan(b);
    expect(asked.length).toBeGreaterThan(0);
    for (const p of pairs) {
      const [a, b] = p.split(',').map(Number);
      expect((a + b) % 2).toBe(1);
    }
    expect(pairs.size).toBe(9); // 3 odd × 3 even documents
  });

  it('emits O(n) pairs, not O(n²), for thousands of identical windows, and still links every document', () => {
    const n = 3000;
    const index = new LshIndex(BANDS, ROWS);
    const sig = Uint32Array.from({ length: SIZE }, (_, i) => i * 31 + 5);
    for (let doc = 0; doc < n; doc++) index.add(doc, sig, 0);
    expect(index.size).toBe(n);
    const { pairs, emitted } = collect(index);
    // Each band's run of n equal keys pairs every member with at most 8 leaders.
    expect(emitted).toBeLessThanOrEqual(BANDS * 8 * n);
    expect(pairs.size).toBeLessThanOrEqual(8 * n);
    // n(n − 1)/2 ≈ 4.5 million pairs would be the quadratic answer.
    const linked = new Set<number>();
    for (const p of pairs) for (const d of p.split(',')) linked.add(Number(d));
    expect(linked.size).toBe(n);
  });

  it('bug: a member of a large run whose series held the run\'s first 8 documents was paired with no one', () => {
    // 40 documents share one window: the first 30 are of series 0, the last 10 of series 1..10.
    // Same-series pairs are rejected; leaders were the first 8 documents whatever their series, so
    // every series-0 member was left with no accepted leader and no candidate at all.
    const index = new LshIndex(BANDS, ROWS);
    const sig = Uint32Array.from({ length: SIZE }, (_, i) => i * 7 + 3);
    const series = (d: number) => (d < 30 ? 0 : d - 29);
    for (let doc = 0; doc < 40; doc++) index.add(doc, sig, 0);
    const { pairs } = collect(index, (a, b) => series(a) !== series(b));
    const linked = new Set<number>();
    for (const p of pairs) for (const d of p.split(',')) linked.add(Number(d));
    expect(linked.size).toBe(40);
    // Each member still pairs with at most 8 leaders: linear.
    expect(pairs.size).toBeLessThanOrEqual(8 * 40);
    for (const p of pairs) {
      const [a, b] = p.split(',').map(Number);
      expect(series(a)).not.toBe(series(b));
    }
  });

  it('grows past its initial capacity without losing windows', () => {
    const index = new LshIndex(2, 2);
    for (let i = 0; i < 2500; i++) index.add(i, Uint32Array.of(i, i, i + 1e6, i + 1e6), 0);
    // Band 0 equals window 1234's, band 1 nobody's.
    index.add(2500, Uint32Array.of(1234, 1234, 7, 7), 0);
    expect(index.size).toBe(2501);
    expect([...collect(index).pairs]).toEqual(['1234,2500']);
  });

  it('groups only keys that two documents may share, and emits the same pairs in the same order as grouping every window (property)', () => {
    // Keys as real ones are: mostly unique hashes, some shared between documents, and runs where
    // a document's consecutive windows agree (coded as repeats), also across document boundaries.
    const window = fc.record({
      newDoc: fc.boolean(),
      key: fc.oneof(
        { weight: 5, arbitrary: fc.integer({ min: 0, max: 0xffffffff }) },
        { weight: 2, arbitrary: fc.constantFrom(7, 0x80000000, 0xdeadbeef, 0xffffffff) },
        { weight: 3, arbitrary: fc.constant(-1) }, // the key of the window before
      ),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(window, window), { minLength: 1, maxLength: 300 }), fc.integer({ min: 0, max: 50 }), (spec, firstDoc) => {
        const n = spec.length;
        const docs = new Int32Array(n);
        const keys = [new Uint32Array(n), new Uint32Array(n)];
        let doc = firstDoc;
        spec.forEach((bands, i) => {
          // Documents in any order, as windows are added document by document.
          if (i > 0 && bands[0].newDoc) doc = (doc * 7 + 3) % 53;
          docs[i] = doc;
          bands.forEach((w, b) => (keys[b][i] = w.key === -1 && i > 0 ? keys[b][i - 1] : w.key >>> 0));
        });
        const got: number[] = [];
        LshIndex.fromArrays(3, keys, docs).candidates(() => true, (a, b) => got.push(a, b));
        expect(got).toEqual(referencePairs(keys, docs));
      }),
      { numRuns: 300, seed: 8 },
    );
  });

  it('pairs two documents that share a key only where one ends and the next begins (the first key of a document is stored, never coded as a repeat)', () => {
    // The second document's first window has the key of the window before it, which a coding of
    // repeats across documents would store once; grouping must see it held by two documents.
    // Unique keys around it make the filter of shared keys leave most windows out.
    const n = 5000;
    const docs = Int32Array.from({ length: n }, (_, i) => (i < 2500 ? 0 : 1));
    let x = 99;
    const keys = [Uint32Array.from({ length: n }, () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0))];
    keys[0][2499] = 0x12345678;
    keys[0][2500] = 0x12345678;
    const got: number[] = [];
    LshIndex.fromArrays(3, keys, docs).candidates(() => true, (a, b) => got.push(a, b));
    expect(got).toEqual([0, 1]);
  });

  it('emits the same pairs in the same order with more windows than one sorting pass takes (two-pass sort, against a reference)', () => {
    // 2.2 M windows of 5,500 documents over two bands; keys from a small range, so runs of every
    // size (small runs paired in full, large ones through leaders).
    const n = 2_200_000;
    const docs = new Int32Array(n);
    const keys = [new Uint32Array(n), new Uint32Array(n)];
    let x = 12345;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < n; i++) {
      docs[i] = Math.floor(i / 400);
      keys[0][i] = (next() % 300_000) * 14_000; // spread over the whole 32-bit range
      keys[1][i] = i % 1000 === 0 ? 0xfffffff0 : next(); // one large run, the rest mostly unique
    }
    const got: number[] = [];
    LshIndex.fromArrays(3, keys, docs).candidates(() => true, (a, b) => got.push(a, b));
    const expected = referencePairs(keys, docs);
    expect(got.length).toBeGreaterThan(100_000);
    expect(got.length).toBe(expected.length);
    expect(got.every((v, i) => v === expected[i])).toBe(true);
    // The first pass's copy made in slices of top buckets (8 here, of at most 275,000 windows).
    const sliced: number[] = [];
    LshIndex.fromArrays(3, keys, docs).candidates(() => true, (a, b) => sliced.push(a, b), false, 300_000);
    expect(sliced.length).toBe(expected.length);
    expect(sliced.every((v, i) => v === expected[i])).toBe(true);
  }, 90_000);

  it('stores a window whose key repeats the one before as a bit, and groups it as before (runs within and across chunks)', () => {
    // 2.2 M windows of 2 bands in runs of 1–40 equal keys (overlapping windows agreeing in a band),
    // one run across the chunk boundary at 2^21; documents of 150 windows, so runs span documents.
    const n = (1 << 21) + 100_000;
    const flat = [new Uint32Array(n), new Uint32Array(n)];
    const docs = new Int32Array(n);
    let x = 4242;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (const band of flat) {
      for (let i = 0; i < n; ) {
        const key = next() % 200_000;
        const len = 1 + (next() % 40);
        for (let k = 0; k < len && i < n; k++) band[i++] = key;
      }
    }
    flat[0].fill(77, (1 << 21) - 5, (1 << 21) + 5);
    for (let i = 0; i < n; i++) docs[i] = Math.floor(i / 150);
    const index = new LshIndex(2, 3);
    const window = new Uint32Array(2);
    for (let i = 0; i < n; i++) {
      window[0] = flat[0][i];
      window[1] = flat[1][i];
      index.addKeys(docs[i], window, 0);
    }
    // Lossless: the plain arrays come back.
    const back = index.arrays();
    expect(back.keys.every((band, b) => band.every((k, i) => k === flat[b][i]))).toBe(true);
    // Smaller: a key is stored only where it differs from the window before, or starts a chunk or
    // a document (about 1 in 18 here).
    const taken = index.take();
    const stored = taken.keys.flat().reduce((sum, c) => sum + c.keys.length, 0);
    let starts = 0;
    for (const band of flat) {
      for (let i = 0; i < n; i++) if (i % (1 << 21) === 0 || docs[i] !== docs[i - 1] || band[i] !== band[i - 1]) starts++;
    }
    expect(stored).toBe(starts);
    expect(stored).toBeLessThan(n / 8);
    // Same pairs, in the same order, as grouping the plain keys.
    const got: number[] = [];
    LshIndex.fromChunks(3, taken).candidates(() => true, (a, b) => got.push(a, b), true);
    const expected = referencePairs(flat, docs);
    expect(expected.length).toBeGreaterThan(100_000);
    expect(got.length).toBe(expected.length);
    expect(got.every((v, i) => v === expected[i])).toBe(true);
  }, 90_000);

  it('adds a document\'s windows at once (addWindows) exactly as one by one (addKeys), across the first chunk\'s growth and the chunk boundary', () => {
    // 2.1 M windows of 3 bands, documents of 1–300 windows, keys repeating in runs; a document
    // straddles 2^21.
    const bands = 3;
    const n = (1 << 21) + 40_000;
    const keys = new Uint32Array(n * bands);
    let x = 31337;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < keys.length; i++) keys[i] = i >= bands && next() % 3 === 0 ? keys[i - bands] : next() % 1000;
    // The second chunk's first window repeats the window before it, in the same document.
    const boundary = 1 << 21;
    keys.copyWithin(boundary * bands, (boundary - 1) * bands, boundary * bands);
    const one = new LshIndex(bands, 3);
    const many = new LshIndex(bands, 3);
    for (let w = 0, doc = 0; w < n; doc++) {
      let count = Math.min(n - w, 1 + (next() % 300));
      if (w < boundary - 5 && w + count >= boundary - 5) count = boundary + 5 - w;
      for (let t = 0; t < count; t++) one.addKeys(doc, keys, (w + t) * bands);
      many.addWindows(doc, keys, w * bands, count);
      w += count;
    }
    expect(many.size).toBe(n);
    // Lossless: every window's keys come back.
    const back = many.arrays();
    expect(back.keys.every((band, b) => band.every((k, w) => k === keys[w * bands + b]))).toBe(true);
    const a = one.take();
    const b = many.take();
    expect(b.count).toBe(a.count);
    expect(b.runs).toEqual(a.runs);
    expect(b.keys.map((band) => band.length)).toEqual([2, 2, 2]);
    for (let band = 0; band < bands; band++) {
      for (let c = 0; c < 2; c++) {
        expect(b.keys[band][c].keys).toEqual(a.keys[band][c].keys);
        const bytes = (Math.min(1 << 21, n - c * (1 << 21)) + 7) >>> 3;
        expect(b.keys[band][c].same.subarray(0, bytes)).toEqual(a.keys[band][c].same.subarray(0, bytes));
      }
    }
  }, 60_000);

  it('grows past one chunk of windows without losing any, and groups chunks as one array (take, release)', () => {
    // 2.1 M windows of 2 bands: the index's second chunk starts at 2^21 windows.
    const n = (1 << 21) + 50_000;
    const grown = new LshIndex(2, 3);
    const keys = new Uint32Array(2);
    let x = 777;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < n; i++) {
      keys[0] = next() % 500_000; // runs across the chunk boundary
      keys[1] = i % 997 === 0 ? 5 : next();
      grown.addKeys(Math.floor(i / 300), keys, 0);
    }
    const { keys: flat, docs } = grown.arrays();
    expect(docs.length).toBe(n);
    expect(docs[n - 1]).toBe(Math.floor((n - 1) / 300));
    const expected: number[] = [];
    LshIndex.fromArrays(3, flat, docs).candidates(() => true, (a, b) => expected.push(a, b));
    const taken = grown.take();
    expect(grown.size).toBe(0);
    expect(taken.keys[0].length).toBe(2);
    expect(taken.runs.doc.length).toBe(Math.ceil(n / 300));
    const got: number[] = [];
    LshIndex.fromChunks(3, taken).candidates(() => true, (a, b) => got.push(a, b), true);
    expect(taken.keys.every((band) => band.length === 0)).toBe(true);
    expect(expected.length).toBeGreaterThan(10_000);
    expect(got.length).toBe(expected.length);
    expect(got.every((v, i) => v === expected[i])).toBe(true);
  }, 60_000);
});

describe('sortWindows', () => {
  it('sorts windows by key, equal keys in window order (stable), as a plain sort does (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(0, 1, 0x80000000, 0xffffffff)), fc.nat(1000)), { maxLength: 3000 }),
        (windows) => {
          const keys = Uint32Array.from(windows, ([k]) => k >>> 0);
          const docs = Int32Array.from(windows, ([, d]) => d);
          const want = windows.map(([k, d], i) => ({ k: k >>> 0, d, i })).sort((x, y) => x.k - y.k || x.i - y.i);
          const got = sortWindows(keys, docs, keys.length);
          expect(Array.from(got.keys)).toEqual(want.map((w) => w.k));
          expect(Array.from(got.docs)).toEqual(want.map((w) => w.d));
        },
      ),
      { numRuns: 200, seed: 9 },
    );
  });

  it("sorts the same with one sorter reused for bands of different sizes (a segment's bands share one)", () => {
    const sorter = new BandSorter();
    let x = 7;
    for (const count of [5000, 300, 20_000, 0, 1]) {
      const keys = Uint32Array.from({ length: count }, () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % 5000);
      const docs = Int32Array.from({ length: count }, (_, i) => i % 97);
      const fresh = sortWindows(keys, docs, count);
      const reused = sortWindows(keys, docs, count, sorter);
      expect(Array.from(reused.keys)).toEqual(Array.from(fresh.keys));
      expect(Array.from(reused.docs)).toEqual(Array.from(fresh.docs));
    }
  });
});
