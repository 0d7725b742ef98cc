import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packText, unpackText } from '../../src/node/text-pack.js';

describe('text packing (stored texts of the index)', () => {
  it('gives back exactly any string: every script, astral characters, lone surrogates, U+007F', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(unpackText(packText(s))).toBe(s);
      }),
    );
    for (const s of ['', '\ufeff', '\ufeffabc', '\x7f', '\x7f\x7f\u0600', 'abc', '\ud800', 'x\udc00y', '😀\ud83d', 'مرحبا Привет שלום 😀 \u0680\u06ff\u0600']) {
      expect(unpackText(packText(s))).toBe(s);
    }
  });

  it('takes one byte for each character of the text\'s main script and of ASCII', () => {
    const arabic = 'وقال الوزير في تصريح لوكالة الأنباء السعودية إن 2015 عام مهم';
    expect(packText(arabic).length).toBe(2 + arabic.length);
    const russian = 'Министр заявил в интервью';
    expect(packText(russian).length).toBe(2 + russian.length);
    // A character of another block is escaped: one byte more than its UTF-8 form.
    expect(packText('абв€').length).toBe(2 + 3 + 1 + 3);
  });

  it('refuses bytes too short to hold the header', () => {
    expect(() => unpackText(new Uint8Array(1))).toThrow(/no header/);
  });
});
