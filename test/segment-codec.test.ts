import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSegment } from '../src/index-store.js';
import { BAND_HEADER_BYTES, decodeBand, encodeBand, lookupRanges, matchBand, matchDecoded } from '../src/segment-codec.js';

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
  /** A band of random entries and a query of random keys and a run of stored ones (with repeats), ascending. */
  const bandAndQuery = fc
    .tuple(
      fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 40 })), fc.integer({ min: 0, max: 50 })), { maxLength: 1500 }),
      fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 40 })), { maxLength: 300 }),
      fc.integer({ min: 0, max: 1500 }),
    )
    .map(([entries, asked, from]) => {
      const b = band(entries.map((e) => e[0]), entries.map((e) => e[1]));
      return { b, query: Uint32Array.from([...asked, ...b.keys.slice(from, from + 200)]).sort() };
    });

  it('reports exactly the stored entries of the keys asked, in stored order, from the encoded and the decoded band', () => {
    fc.assert(
      fc.property(bandAndQuery, ({ b, query }) => {
        const expected = expectedMatches(b, query);
        const got: number[][] = [];
        matchBand(encodeBand(b.keys, b.docs), query, (i, doc, times) => got.push([i, doc, times]));
        expect(got).toEqual(expected);
        const fromDecoded: number[][] = [];
        matchDecoded(b.keys, b.docs, query, (i, doc, times) => fromDecoded.push([i, doc, times]));
        expect(fromDecoded).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  /** `bytes` with only the ranges a look-up of `query` reads copied in (the rest zeros), as a store reading pieces has it. */
  const sparse = (bytes: Uint8Array, query: Uint32Array): { bytes: Uint8Array; read: number } => {
    const out = new Uint8Array(bytes.byteLength);
    let read = BAND_HEADER_BYTES;
    out.set(bytes.subarray(0, BAND_HEADER_BYTES));
    for (const step of ['directory', 'body'] as const) {
      const ranges = lookupRanges(out, query, step);
      for (let r = 0; r < ranges.length; r += 2) {
        out.set(bytes.subarray(ranges[r], ranges[r + 1]), ranges[r]);
        read += ranges[r + 1] - ranges[r];
      }
    }
    return { bytes: out, read };
  };

  it('needs only the bytes lookupRanges names, in two steps: the same matches from a band read piecewise', () => {
    fc.assert(
      fc.property(bandAndQuery, ({ b, query }) => {
        const got: number[][] = [];
        matchBand(sparse(encodeBand(b.keys, b.docs), query).bytes, query, (i, doc, times) => got.push([i, doc, times]));
        expect(got).toEqual(expectedMatches(b, query));
      }),
      { numRuns: 60 },
    );
  });

  it('a look-up of 10 keys in a band of 200,000 windows reads under 1 % of it', () => {
    const keys = Array.from({ length: 200_000 }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);
    const b = band(keys, keys.map((_, i) => i >> 6));
    const bytes = encodeBand(b.keys, b.docs);
    const query = Uint32Array.from(b.keys.filter((_, i) => i % 20_000 === 7)).sort();
    const { bytes: piecewise, read } = sparse(bytes, query);
    expect(read).toBeLessThan(bytes.byteLength / 100);
    const got: number[][] = [];
    matchBand(piecewise, query, (i, doc, times) => got.push([i, doc, times]));
    expect(got).toEqual(expectedMatches(b, query));
    expect(got).toHaveLength(10);
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
    // The wide directory, read piecewise.
    const piecewise: number[] = [];
    const query = Uint32Array.of(0x12345678, 2_000_003 * 1500);
    matchBand(sparse(bytes, query).bytes, query, (_i, doc) => piecewise.push(doc));
    expect(piecewise).toEqual([...Array(20_000).keys(), 20_000 + 1500]);
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

// The body of format 4 as the JavaScript encoder wrote it before it moved to WebAssembly (session
// 20), bit by bit: the reference the WebAssembly body is held to. Words are zeroed and bits put
// least significant first.
function put(words: Uint32Array, pos: number, v: number, n: number): number {
  if (n === 0) return pos;
  words[pos >>> 5] |= v << (pos & 31);
  if ((pos & 31) + n > 32) words[(pos >>> 5) + 1] |= v >>> (32 - (pos & 31));
  return pos + n;
}
function putUnary(words: Uint32Array, pos: number, q: number): number {
  for (; q >= 31; q -= 31) pos = put(words, pos, 0x7fffffff, 31);
  return put(words, pos, (1 << q) - 1, q + 1);
}
function referenceBody(keys: Uint32Array, docs: Int32Array, p: number, r: number, docBits: number, docBase: number): number[] {
  const words = new Uint32Array(keys.length * 4 + 64);
  let pos = 0;
  let part = -1;
  let prev = 0;
  for (let i = 0; i < keys.length; ) {
    let j = i + 1;
    while (j < keys.length && keys[j] === keys[i] && docs[j] === docs[i]) j++;
    const k = p === 0 ? 0 : keys[i] >>> (32 - p);
    if (k !== part) {
      part = k;
      pos = put(words, pos, p === 0 ? keys[i] : keys[i] & (0xffffffff >>> p), 32 - p);
    } else {
      const gap = keys[i] - prev;
      pos = putUnary(words, pos, gap >>> r);
      pos = put(words, pos, gap & ((1 << r) - 1), r);
    }
    prev = keys[i];
    pos = put(words, pos, docs[i] - docBase, docBits);
    const extra = j - i - 1;
    if (extra === 0) pos++;
    else {
      pos = put(words, pos, 1, 1);
      const l = 31 - Math.clz32(extra);
      pos = putUnary(words, pos, l);
      pos = put(words, pos, extra - 2 ** l, l);
    }
    i = j;
  }
  return Array.from(words.subarray(0, (pos + 31) >>> 5));
}

/** The body of an encoded band, as words, found through its header. */
function bodyOf(bytes: Uint8Array): { words: number[]; p: number; r: number; docBits: number; docBase: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const [docBase, r, docBits, p, wide] = [view.getInt32(8, true), bytes[12], bytes[13], bytes[14], bytes[15]];
  const parts = 2 ** p;
  const dirBytes = wide ? (parts + 1) * 4 : (Math.floor(parts / 32) + 1) * 4 + (((parts + 1) * 2 + 3) & ~3);
  const body = bytes.subarray(16 + dirBytes);
  return { words: Array.from({ length: body.length / 4 }, (_, w) => view.getUint32(16 + dirBytes + 4 * w, true)), p, r, docBits, docBase };
}

describe('segment codec: the WebAssembly body', () => {
  it('writes the body bits the JavaScript encoder of format 4 wrote, word for word (property: gaps of every size, long runs, wide directories)', () => {
    const entry = fc.tuple(
      fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 40 }), fc.constantFrom(0, 0xffffffff, 0x80000000)),
      fc.integer({ min: 0, max: 3000 }),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 2000 }), fc.integer({ min: 0, max: 2 ** 30 }), fc.nat(3), (entries, base, repeat) => {
        // Repeated windows (a multiplicity), and a run long enough to need a wide directory.
        const all = entries.flatMap((e) => Array(1 + (e[1] % 4 === 0 ? repeat * 20 : 0)).fill(e));
        const b = band(all.map((e) => e[0]), all.map((e) => base + e[1]));
        const got = bodyOf(encodeBand(b.keys, b.docs));
        expect(got.words).toEqual(referenceBody(b.keys, b.docs, got.p, got.r, got.docBits, got.docBase));
      }),
      { numRuns: 300, seed: 10 },
    );
    // One very frequent key: a partition longer than 16-bit offsets reach (the wide directory).
    const wide = band([...Array(40_000).fill(12345), ...Array.from({ length: 3000 }, (_, i) => i * 1_000_003)], Array.from({ length: 43_000 }, (_, i) => i % 7));
    const bytes = encodeBand(wide.keys, wide.docs);
    expect(bytes[15]).toBe(1);
    const got = bodyOf(bytes);
    expect(got.words).toEqual(referenceBody(wide.keys, wide.docs, got.p, got.r, got.docBits, got.docBase));
    const d = decodeBand(bytes);
    expect([Array.from(d.keys), Array.from(d.docs)]).toEqual([Array.from(wide.keys), Array.from(wide.docs)]);
  });
});
