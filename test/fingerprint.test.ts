import { describe, expect, it } from 'vitest';
import { fingerprinter } from '../src/fingerprint.js';

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
