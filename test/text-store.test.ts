import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextStore } from '../src/text-store.js';

describe('TextStore', () => {
  it('gives back every text exactly, code unit for code unit (property, lone surrogates included)', () => {
    // Units from every range the code treats apart: ASCII, the escape byte's neighbours, one
    // block's edges (U+0600, U+067E, U+067F), other blocks, surrogates paired or not.
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0x2ff }),
      fc.integer({ min: 0x5f0, max: 0x6ff }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
      fc.integer({ min: 0, max: 0xffff }),
    );
    const text = fc.array(unit, { maxLength: 300 }).map((units) => String.fromCharCode(...units));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), (texts) => {
        const store = new TextStore();
        const indices = texts.map((t) => store.add(t));
        expect(indices).toEqual(texts.map((_, i) => i));
        expect(store.size).toBe(texts.length);
        texts.forEach((t, i) => {
          expect(store.length(i)).toBe(t.length);
          expect(store.text(i)).toBe(t);
          const start = Math.floor(t.length / 3);
          expect(store.text(i, start, t.length - 1)).toBe(t.slice(start, t.length - 1));
        });
      }),
      { numRuns: 200, seed: 8 },
    );
  });

  it('keeps texts longer than a chunk, and many texts across chunks, in input order', () => {
    const store = new TextStore();
    const long = 'سطر عربي طويل، مع 123 و ASCII. '.repeat(200_000); // 6 M units: a chunk of its own
    const texts = [long.slice(0, 1000), long, 'a\uD83D\uDE00b', long.slice(5, 2_000_005), ''];
    for (let r = 0; r < 3; r++) for (const t of texts) store.add(t);
    for (let i = 0; i < store.size; i++) expect(store.text(i) === texts[i % texts.length]).toBe(true);
    expect(store.text(1, 4095, 8200) === long.slice(4095, 8200)).toBe(true);
  });

  it('holds Arabic news text in about one byte a code unit (half of a JavaScript string)', () => {
    const store = new TextStore();
    const text = 'الرياض - واس\nأعلنت وزارة الصحة السعودية، اليوم الأحد، عن تسجيل 1,234 حالة جديدة؛ وقالت في بيانها: «الوضع مستقر».\n';
    let units = 0;
    for (let i = 0; i < 40_000; i++) units += text.length * (store.add(text) >= 0 ? 1 : 0);
    // The text moves between the ASCII range and one Arabic block (« and » escape: U+00AB/BB).
    expect(store.byteLength).toBeLessThan(1.15 * units);
  });

  it('takes texts over from another store still coded, between texts it codes itself (addFrom)', () => {
    const from = new TextStore();
    const texts = ['سطر عربي، مع 123', '', 'a\uD83D\uDE00b \ud800', 'Привет € мир', 'x'.repeat(5000)];
    for (const t of texts) from.add(t);
    const to = new TextStore();
    const expected: string[] = [];
    texts.forEach((t, i) => {
      expect(to.addFrom(from, i)).toBe(expected.push(t) - 1);
      expect(to.add(`own ${i} ب`)).toBe(expected.push(`own ${i} ب`) - 1);
    });
    expected.forEach((t, i) => {
      expect(to.text(i)).toBe(t);
      expect(to.length(i)).toBe(t.length);
    });
    expect(to.byteLength).toBe(from.byteLength + expected.filter((_, i) => i % 2 === 1).reduce((n, t) => n + t.length + 2, 0));
  });
});
