import { describe, expect, it } from 'vitest';
import { normalize } from '../src/normalize.js';
import { originalSpan, widenToPunctuation } from '../src/spans.js';

describe('widenToPunctuation', () => {
  it('keeps the quotation marks around a quote', () => {
    const text = 'قال «نعم» ثم';
    const s = text.indexOf('نعم');
    expect(widenToPunctuation(text, s, s + 3)).toEqual([s - 1, s + 4]);
    const en = 'he said “yes”. then';
    const y = en.indexOf('yes');
    expect(en.slice(...widenToPunctuation(en, y, y + 3))).toBe('“yes”.');
  });

  it('does not widen over letters or spaces', () => {
    const text = 'ab cd ef';
    expect(widenToPunctuation(text, 3, 5)).toEqual([3, 5]);
  });

  it('stays within the text at both ends', () => {
    expect(widenToPunctuation('"x"', 1, 2)).toEqual([0, 3]);
  });
});

describe('originalSpan', () => {
  it('leaves out a partial word at either end of an alignment', () => {
    const text = 'Alpha beta, gamma delta.';
    const n = normalize(text);
    // "ta gamma del" starts on the last letters of "beta" and ends inside "delta".
    const start = n.text.indexOf('ta gamma');
    const end = n.text.indexOf('delta') + 3;
    const [s, e] = originalSpan(text, n, start, end);
    expect(text.slice(s, e)).toBe('gamma');
  });

  it('keeps whole words and widens over touching quotation marks', () => {
    const text = 'he said «yes indeed» then';
    const n = normalize(text);
    const start = n.text.indexOf('yes');
    const end = n.text.indexOf('indeed') + 'indeed'.length;
    const [s, e] = originalSpan(text, n, start, end);
    expect(text.slice(s, e)).toBe('«yes indeed»');
  });

  it('maps through the offset map (diacritics and a surrogate pair inside the span)', () => {
    const text = 'x أَهْلاً 😀 وَسَهْلا y';
    const n = normalize(text);
    const start = n.text.indexOf('اهلا');
    const end = n.text.indexOf('وسهلا') + 'وسهلا'.length;
    const [s, e] = originalSpan(text, n, start, end);
    expect(text.slice(s, e)).toBe('أَهْلاً 😀 وَسَهْلا');
  });
});
