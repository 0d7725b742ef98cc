import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counted, formatCount } from '../../src/cli/format/count.js';

describe('formatCount', () => {
  it("groups any whole number exactly as Intl.NumberFormat('en-US') does", () => {
    const intl = new Intl.NumberFormat('en-US');
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.maxSafeInteger(), fc.constantFrom(0, 999, 1000, 999_999, 1_000_000)), (n) => {
        expect(formatCount(n)).toBe(intl.format(n));
      }),
      { numRuns: 2000 },
    );
  });

  it('falls back to the locale format for fractions', () => {
    expect(formatCount(1234.5)).toBe('1,234.5');
  });

  it('counts things: singular for one only', () => {
    expect(counted(1, 'document')).toBe('1 document');
    expect(counted(0, 'pair')).toBe('0 pairs');
    expect(counted(31030, 'document')).toBe('31,030 documents');
  });
});
