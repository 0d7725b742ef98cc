import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmix32, shingleHashes } from '../src/shingle.js';

/** UTF-16 code units of a string (not code points: an emoji is two units). */
const units = (s: string): Uint16Array => Uint16Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'ب', 'ت', '😀'), maxLength: 60 });

describe('shingleHashes', () => {
  it('gives each k-gram the hash of that k-gram hashed on its own (rolling = direct, property)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 9 }), (s, k) => {
        const rolled = shingleHashes(s, k);
        for (let i = 0; i + k <= s.length; i++) {
          // A string of exactly k units is hashed directly, without any rolling step.
          expect(rolled[i]).toBe(shingleHashes(s.slice(i, i + k), k)[0]);
        }
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('gives equal k-grams equal hashes, wherever they occur and in whichever text', () => {
    const a = shingleHashes('xxabcdefgyy', 7);
    const b = shingleHashes('abcdefg', 7);
    const c = shingleHashes('zzzzabcdefg', 7);
    expect(a[2]).toBe(b[0]);
    expect(c[4]).toBe(b[0]);
    expect(shingleHashes('abcabc', 3)[0]).toBe(shingleHashes('abcabc', 3)[3]);
  });

  it('gives distinct k-grams distinct hashes on a small alphabet (no collisions among 3-grams of ab c)', () => {
    const seen = new Map<number, string>();
    for (const x of 'abc ') for (const y of 'abc ') for (const z of 'abc ') {
      const h = shingleHashes(x + y + z, 3)[0];
      expect(seen.get(h) ?? x + y + z).toBe(x + y + z);
      seen.set(h, x + y + z);
    }
    expect(seen.size).toBe(64);
  });

  it('returns n − k + 1 hashes, and none when the text is shorter than k', () => {
    expect(shingleHashes('abcdefghij', 7).length).toBe(4);
    expect(shingleHashes('abcdefg', 7).length).toBe(1);
    expect(shingleHashes('abcdef', 7).length).toBe(0);
    expect(shingleHashes('', 1).length).toBe(0);
  });

  it('agrees on string and Uint16Array input (property)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 9 }), (s, k) => {
        expect(Array.from(shingleHashes(units(s), k))).toEqual(Array.from(shingleHashes(s, k)));
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  it('writes into a given buffer when it is large enough, and allocates when it is not', () => {
    const buf = new Uint32Array(100);
    const out = shingleHashes('abcdefghij', 3, buf);
    expect(out.buffer).toBe(buf.buffer);
    expect(Array.from(out)).toEqual(Array.from(shingleHashes('abcdefghij', 3)));
    const small = new Uint32Array(2);
    const fresh = shingleHashes('abcdefghij', 3, small);
    expect(fresh.buffer).not.toBe(small.buffer);
    expect(fresh.length).toBe(8);
  });
});

describe('fmix32', () => {
  it('is a bijection on a sample (distinct inputs, distinct outputs) and returns unsigned 32-bit values', () => {
    const seen = new Set<number>();
    let inRange = true;
    for (let i = 0; i < 20000; i++) {
      const h = fmix32(Math.imul(i, 0x9e3779b1));
      inRange &&= Number.isInteger(h) && h >= 0 && h < 2 ** 32;
      seen.add(h);
    }
    expect(inRange).toBe(true);
    expect(seen.size).toBe(20000);
  });
});
