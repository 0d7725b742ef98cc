import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { decodeFrom, decodeText, decodeUnits, encodeInto, encodeText, maxEncodedLength } from '../src/text-codec.js';

describe('text codec (texts held in memory and stored in the index)', () => {
  it('gives back exactly any string: every script, astral characters, lone surrogates, U+007F, a BOM', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(decodeText(encodeText(s))).toBe(s);
      }),
    );
    for (const s of ['', '\ufeff', '\ufeffabc', '\x7f', '\x7f\x7f\u0600', 'abc', '\ud800', 'x\udc00y', '😀\ud83d', 'مرحبا Привет שלום 😀 \u0680\u06ff\u0600\u067f']) {
      expect(decodeText(encodeText(s))).toBe(s);
    }
  });

  it('gives back texts longer than one decoding slice', () => {
    const long = 'وقال الوزير « ' + 'ب'.repeat(10_000) + ' » end';
    expect(decodeText(encodeText(long))).toBe(long);
    // Lone surrogates from a window set in an earlier slice (no escape in this one): not U+FFFD.
    const lone = 'x\ud800' + '\ud801\ud802'.repeat(5000) + 'y';
    expect(decodeText(encodeText(lone))).toBe(lone);
    expect(decodeUnits(encodeText(lone), 0, 4100, 9000)).toBe(lone.slice(4100, 9000));
  });

  it("takes one byte for each character of ASCII and of the window's block, three to move the window", () => {
    const arabic = 'وقال الوزير في تصريح لوكالة الأنباء السعودية إن 2015 عام مهم';
    // The first Arabic letter moves the window (3 bytes); every other character takes one.
    expect(encodeText(arabic).length).toBe(arabic.length + 2);
    const russian = 'Министр заявил в интервью';
    expect(encodeText(russian).length).toBe(russian.length + 2);
    // A character of another block moves the window there and back: three bytes each time.
    expect(encodeText('абв€г').length).toBe(3 + 1 + 1 + 3 + 3);
  });

  it('codes many texts back to back in one buffer, each decoding on its own', () => {
    const texts = ['مرحبا', 'Привет', '', 'abc €'];
    const buffer = new Uint8Array(texts.reduce((n, t) => n + maxEncodedLength(t.length), 0));
    const ends: number[] = [];
    let at = 0;
    for (const t of texts) ends.push((at = encodeInto(t, buffer, at)));
    expect(texts.map((_, i) => decodeFrom(buffer, i ? ends[i - 1] : 0, ends[i]))).toEqual(texts);
  });

  it('decodes any range of units of a text coded in a larger buffer (the window set before the range kept)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.nat(), fc.nat(), (s, a, b) => {
        const buffer = new Uint8Array(7 + maxEncodedLength(s.length) + 5).fill(0xff);
        encodeInto(s, buffer, 7);
        const start = s.length ? a % (s.length + 1) : 0;
        const end = start + (b % (s.length - start + 1));
        expect(decodeUnits(buffer, 7, start, end)).toBe(s.slice(start, end));
      }),
    );
    // A range inside a block whose window was set by an escape before the range.
    const text = '€' + 'ب'.repeat(5000) + 'z';
    expect(decodeUnits(encodeText(text), 0, 4000, 5002)).toBe(text.slice(4000, 5002));
  });

  it('refuses bytes cut inside an escape', () => {
    expect(() => decodeText(encodeText('ب').subarray(0, 2))).toThrow(/cut short/);
  });
});

/** The code as text-codec.ts defines it, one unit at a time in JavaScript. */
function referenceCode(text: string): number[] {
  const out: number[] = [];
  let window = -1;
  for (let k = 0; k < text.length; k++) {
    const u = text.charCodeAt(k);
    if (u < 0x80) out.push(u);
    else if (u - window >= 0 && u - window < 0x7f) out.push(0x80 + (u - window));
    else {
      out.push(0xff, u >>> 8, u & 0xff);
      window = u & 0xff80;
    }
  }
  return out;
}

describe('text codec: the WebAssembly encoder', () => {
  // Units at the edges of a window's block (offsets 0, 0x7E, 0x7F), ASCII's edge, surrogates.
  const edgeUnit = fc.oneof(
    fc.constantFrom(0x00, 0x7f, 0x80, 0xff, 0x600, 0x67e, 0x67f, 0x680, 0xd800, 0xdbff, 0xdc00, 0xffff, 0xfeff),
    fc.integer({ min: 0, max: 0xffff }),
    fc.integer({ min: 0x600, max: 0x6ff }),
  );
  const anyUnits = fc.array(edgeUnit, { maxLength: 400 }).map((us) => String.fromCharCode(...us));

  it('writes the bytes the code defines, byte for byte (property)', () => {
    fc.assert(
      fc.property(anyUnits, fc.nat(20), (text, at) => {
        const out = new Uint8Array(at + maxEncodedLength(text.length) + 4).fill(0xaa);
        const end = encodeInto(text, out, at);
        const want = referenceCode(text);
        expect(end).toBe(at + want.length);
        expect(Array.from(out.subarray(at, end))).toEqual(want);
        // Nothing written outside its range.
        expect(out.subarray(0, at).every((b) => b === 0xaa) && out.subarray(end).every((b) => b === 0xaa)).toBe(true);
      }),
      { numRuns: 500, seed: 4 },
    );
  });

  it('bug (the first text a thread encoded being empty threw "Cannot read properties of undefined": no memory was made for 0 units): encodes an empty text first', async () => {
    vi.resetModules();
    const fresh = await import('../src/text-codec.js');
    expect(fresh.encodeInto('', new Uint8Array(0), 0)).toBe(0);
    expect(fresh.decodeText(fresh.encodeText('ب'))).toBe('ب');
  });

  it('takes a text longer than its first memory, then a short one again', () => {
    for (const text of ['ب'.repeat(70_000) + '€x', 'Привет', 'a€'.repeat(200_000)]) {
      expect(Array.from(encodeText(text))).toEqual(referenceCode(text));
    }
  });
});
