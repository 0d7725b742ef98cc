import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fingerprinter, FirstCopies } from '../src/fingerprint.js';

const units = (s: string): Uint16Array => Uint16Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));

describe('fingerprinter', () => {
  it('initializes once: every call returns the same promise', () => {
    expect(fingerprinter()).toBe(fingerprinter());
  });

  it('gives equal unit sequences equal fingerprints and different ones different fingerprints', async () => {
    const fp = await fingerprinter();
    expect(fp(units('أفاد مصدر مطلع'))).toBe(fp(units('أفاد مصدر مطلع')));
    expect(fp(units('أفاد مصدر مطلع'))).not.toBe(fp(units('أفاد مصدر مطلغ')));
    expect(fp(units('ab'))).not.toBe(fp(units('ba')));
    expect(typeof fp(units(''))).toBe('bigint');
  });

  it('hashes only the view it is given (a subarray of a larger buffer)', async () => {
    const fp = await fingerprinter();
    const big = units('xxhello worldyy');
    expect(fp(big.subarray(2, 13))).toBe(fp(units('hello world')));
  });

  it('hashes every byte of each UTF-16 unit, not just the low byte', async () => {
    const fp = await fingerprinter();
    // Same low bytes, different high bytes: ب U+0628 vs ( U+0028.
    expect(fp(Uint16Array.of(0x0628))).not.toBe(fp(Uint16Array.of(0x0028)));
  });
});

describe('FirstCopies', () => {
  it('returns the first document of each (fingerprint, series), as a map would, through many rehashes (property)', () => {
    fc.assert(
      fc.property(
        // Fingerprints from a small set (so repeats are common) differing in either 32-bit half.
        fc.array(fc.tuple(fc.nat({ max: 40 }), fc.integer({ min: -1, max: 3 })), { maxLength: 3000 }),
        (docs) => {
          const table = new FirstCopies();
          const reference = new Map<string, number>();
          const fpOf = (k: number): bigint => (BigInt(k % 7) << 32n) | BigInt((k * 2654435761) >>> 0);
          docs.forEach(([k, series], doc) => {
            const key = `${fpOf(k)}/${series}`;
            const expected = reference.get(key) ?? -1;
            if (expected === -1) reference.set(key, doc);
            expect(table.firstOrAdd(fpOf(k), series, doc)).toBe(expected);
          });
        },
      ),
      { numRuns: 100, seed: 8 },
    );
  });
});
