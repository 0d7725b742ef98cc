import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSegment } from '../src/index-store.js';
import { decodeBand, encodeBand, matchBand, matchDecoded } from '../src/segment-codec.js';

/** A band as the index builds it: keys sorted, equal keys in window order. */
function band(keys: number[], docs: number[]): { keys: Uint32Array; docs: Int32Array } {
  const s = buildSegment([Uint32Array.from(keys)], Int32Array.from(docs), keys.length);
  return { keys: s.keys[0], docs: s.docs[0] };
}

describe('segment codec', () => {
  it('gives back exactly the keys and documents encoded, duplicates and order included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 20 })), fc.integer({ min: 0, max: 5000 })), { maxLength: 400 }),
        fc.integer({ min: 0, max: 2 ** 30 }),
        (entries, base) => {
          const b = band(entries.map((e) => e[0]), entries.map((e) => base + e[1]));
          const d = decodeBand(encodeBand(b.keys, b.docs));
          expect(d.keys).toEqual(b.keys);
          expect(d.docs).toEqual(b.docs);
        },
      ),
    );
  });

  it('round-trips the extremes: empty, one key, key 0 and 2^32 − 1, long runs of one document', () => {
    for (const [keys, docs] of [
      [[], []],
      [[0xffffffff], [7]],
      [[0, 0, 0, 0xffffffff], [3, 3, 4, 4]],
      [Array(1000).fill(5), Array(1000).fill(9)],
    ] as [number[], number[]][]) {
      const b = band(keys, docs);
      const d = decodeBand(encodeBand(b.keys, b.docs));
      expect([...d.keys]).toEqual([...b.keys]);
      expect([...d.docs]).toEqual([...b.docs]);
    }
  });

  it('stores a random band of 100,000 windows of 1,400 documents in under 4 bytes a window (8 raw)', () => {
    let x = 1;
    const rand = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    const keys: number[] = [];
    const docs: number[] = [];
    for (let d = 0; d < 1400; d++) {
      for (let w = 0; w < 71; w++) {
        keys.push(rand());
        docs.push(50_000 + d);
      }
    }
    const b = band(keys, docs);
    expect(encodeBand(b.keys, b.docs).byteLength / keys.length).toBeLessThan(4);
  });
});

/** The matches a lookup of `query` must report: stored entries (runs of one key and document) whose key is asked. */
function expectedMatches(b: { keys: Uint32Array; docs: Int32Array }, query: Uint32Array): number[][] {
  const out: number[][] = [];
  for (let j = 0; j < b.keys.length; ) {
    let e = j + 1;
    while (e < b.keys.length && b.keys[e] === b.keys[j] && b.docs[e] === b.docs[j]) e++;
    const i = query.indexOf(b.keys[j]);
    if (i >= 0) out.push([i, b.docs[j], e - j]);
    j = e;
  }
  return out;
}

describe('band lookup (matchBand)', () => {
  it('reports exactly the stored entries of the keys asked, in stored order, from the encoded and the decoded band', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 40 })), fc.integer({ min: 0, max: 50 })), { maxLength: 1500 }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 40 })), { maxLength: 300 }),
        fc.integer({ min: 0, max: 1500 }),
        (entries, asked, from) => {
          const b = band(entries.map((e) => e[0]), entries.map((e) => e[1]));
          // Ask for random keys and for a run of stored ones (with repeats), ascending.
          const query = Uint32Array.from([...asked, ...b.keys.slice(from, from + 200)]).sort();
          const expected = expectedMatches(b, query);
          const got: number[][] = [];
          matchBand(encodeBand(b.keys, b.docs), query, (i, doc, times) => got.push([i, doc, times]));
          expect(got).toEqual(expected);
          const fromDecoded: number[][] = [];
          matchDecoded(b.keys, b.docs, query, (i, doc, times) => fromDecoded.push([i, doc, times]));
          expect(fromDecoded).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('round-trips a band whose partitions overflow the 16-bit directory (one key in 20,000 documents)', () => {
    const keys = [...Array(20_000).fill(0x12345678), ...Array.from({ length: 2000 }, (_, i) => i * 2_000_003)];
    const b = band(keys, keys.map((_, i) => i));
    const bytes = encodeBand(b.keys, b.docs);
    expect(bytes[15]).toBe(1);
    const d = decodeBand(bytes);
    expect(d.keys).toEqual(b.keys);
    expect(d.docs).toEqual(b.docs);
    const got: number[] = [];
    matchBand(bytes, Uint32Array.of(0x12345678), (_i, doc) => got.push(doc));
    expect(got).toEqual([...Array(20_000).keys()]);
  });
});

describe('buildSegment', () => {
  it('sorts each band by key, equal keys in window order (a stable sort)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 3 }), fc.constant(0x10000)), { maxLength: 300 }), (keys) => {
        const docs = keys.map((_, w) => w);
        const s = buildSegment([Uint32Array.from(keys)], Int32Array.from(docs), keys.length);
        const expected = docs.slice().sort((x, y) => keys[x] - keys[y] || x - y);
        expect([...s.docs[0]]).toEqual(expected);
        expect([...s.keys[0]]).toEqual(expected.map((w) => keys[w]));
      }),
    );
  });
});
