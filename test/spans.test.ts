import { describe, expect, it } from 'vitest';
import { normalize } from '../src/normalize.js';
import { originalSpan, widenToMarksAndPunctuation } from '../src/spans.js';

describe('widenToMarksAndPunctuation', () => {
  it('keeps the quotation marks around a quote', () => {
    const text = 'قال «نعم» ثم';
    const s = text.indexOf('نعم');
    expect(widenToMarksAndPunctuation(text, s, s + 3)).toEqual([s - 1, s + 4]);
    const en = 'he said “yes”. then';
    const y = en.indexOf('yes');
    expect(en.slice(...widenToMarksAndPunctuation(en, y, y + 3))).toBe('“yes”.');
  });

  it('does not widen over letters or spaces', () => {
    const text = 'ab cd ef';
    expect(widenToMarksAndPunctuation(text, 3, 5)).toEqual([3, 5]);
  });

  it('keeps the diacritics of the last word (bug: trailing tanween dropped at a span end)', () => {
    const text = 'إن الموقف ثَابِتٌ. ثم';
    const s = text.indexOf('الموقف');
    const e = text.indexOf('ٌ'); // the span, as mapped back, ends before the tanween
    expect(text.slice(...widenToMarksAndPunctuation(text, s, e))).toBe('الموقف ثَابِتٌ.');
    // A tatweel and a joiner belong to the letter before them too; a following word does not.
    expect(widenToMarksAndPunctuation('abـ\u200d cd', 0, 2)).toEqual([0, 4]);
    // An empty span stays empty.
    expect(widenToMarksAndPunctuation('aٌ', 1, 1)).toEqual([1, 1]);
  });

  it('stays within the text at both ends', () => {
    expect(widenToMarksAndPunctuation('"x"', 1, 2)).toEqual([0, 3]);
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

describe('reported spans keep the last word whole (bug: trailing Arabic diacritics dropped)', () => {
  it('a reprinted passage ending on a vowelled word reports the word with its tanween in both documents', async () => {
    const { findReprints } = await import('../src/index.js');
    const { readFileSync, readdirSync } = await import('node:fs');
    const dir = new URL('./fixtures/seeds/', import.meta.url);
    const seed = readdirSync(dir).sort()[0];
    const statement = readFileSync(new URL(seed, dir), 'utf8').slice(0, 600);
    const ending = ' وَقَالَ الْمُتَحَدِّثُ إِنَّ الْمَوْقِفَ ثَابِتٌ';
    const a = `${statement}${ending}\n\nنص آخر مختلف تماما عن الموضوع الأصلي ولا علاقة له به أبدا`;
    const b = `مقدمة مختلفة لا صلة لها بالنص. ${statement}${ending}`;
    const r = await findReprints([
      { id: 'a', text: a },
      { id: 'b', text: b },
    ]);
    expect(r.pairs.length).toBe(1);
    const [p] = r.pairs;
    expect(a.slice(p.a.start, p.a.end).endsWith('ثَابِتٌ')).toBe(true);
    expect(b.slice(p.b.start, p.b.end).endsWith('ثَابِتٌ')).toBe(true);
  });
});
