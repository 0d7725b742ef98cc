import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCodePoint, keptNormalizer, normalize, normalizeUnits, Normalizer, toOriginal, unitsText } from '../src/normalize.js';
import type { NormalizationRules } from '../src/types.js';
import { Kept } from '../src/wasm-module.js';
import { DEFAULT_RULES } from '../src/options.js';

/** Characters that stress the offset map: marks, bidi controls, emoji, lone surrogates, expansions. */
const SPECIAL = [
  '\u064E', '\u0651', '\u0652', '\u0670', '\u06D6', '\u0640', // harakat, shadda, sukun, dagger alef, Quranic mark, tatweel
  'أ', 'إ', 'آ', 'ٱ', 'ى', 'ة', 'ک', 'ی', 'ب', 'ت', 'ل', 'م', '٣', '۷',
  '\u200E', '\u200F', '\u202B', '\u202C', '\u200D', '\u00AD', // bidi marks, ZWJ, soft hyphen
  '😀', '👍🏽', '🇸🇾', '𝐀', '𠀀', // emoji, flag, math bold A, CJK Ext-B
  '\uD800', '\uDC00', '\uDBFF', // lone surrogates
  'ﬁ', 'ﻻ', '⑴', '…', '½', 'İ', 'ß', // NFKC and case expansions
  '،', '؛', '؟', '«', '»', '“', '”', '.', ' ', '\n', '\t', '\u00A0', '\u3000',
  'a', 'B', 'é', 'e\u0301', 'Ω',
];

/** Any UTF-16 string: mixes special characters, arbitrary code points and arbitrary code units. */
const anyText = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...SPECIAL) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) },
  ),
  maxLength: 40,
});

/** Separators trimmed off both ends. */
const trimSpaces = (s: string): string => s.replace(/^ +| +$/g, '');

describe('normalize: folding rules', () => {
  it('applies NFKC compatibility folding (ligatures, presentation forms, full-width letters)', () => {
    expect(normalize('ﬁne').text).toBe('fine');
    expect(normalize('ﻻ').text).toBe('لا');
    expect(normalize('ＡＢＣ').text).toBe('abc');
  });

  it('folds case', () => {
    expect(normalize('Hello WORLD').text).toBe('hello world');
  });

  it('drops Arabic harakat U+064B–U+065F, dagger alef U+0670 and Quranic marks U+06D6–U+06ED', () => {
    const marks = [];
    for (let c = 0x064b; c <= 0x065f; c++) marks.push(String.fromCharCode(c));
    marks.push('\u0670');
    for (let c = 0x06d6; c <= 0x06ed; c++) marks.push(String.fromCharCode(c));
    for (const m of marks) expect(normalize(`ب${m}ت`).text, `U+${m.charCodeAt(0).toString(16)}`).toBe('بت');
    expect(normalize('مُحَمَّدٌ').text).toBe('محمد');
  });

  it('drops tatweel', () => {
    expect(normalize('كـــتاب').text).toBe('كتاب');
  });

  it('folds أ إ آ ٱ to bare alef ا', () => {
    expect(normalize('أ إ آ ٱ').text).toBe('ا ا ا ا');
  });

  it('folds alef maksura ى to yeh ي', () => {
    expect(normalize('على').text).toBe('علي');
  });

  it('folds teh marbuta ة to heh ه', () => {
    expect(normalize('مدرسة').text).toBe('مدرسه');
  });

  it('folds Persian keheh ک and Farsi yeh ی to Arabic ك and ي', () => {
    expect(normalize('کی').text).toBe('كي');
  });

  it('maps Arabic-Indic ٠–٩ and Eastern Arabic-Indic ۰–۹ digits to ASCII', () => {
    expect(normalize('٠١٢٣٤٥٦٧٨٩').text).toBe('0123456789');
    expect(normalize('۰۱۲۳۴۵۶۷۸۹').text).toBe('0123456789');
  });

  it('folds Latin diacritics, precomposed and combining', () => {
    expect(normalize('Café Ångström naïve').text).toBe('cafe angstrom naive');
    expect(normalize('e\u0301').text).toBe('e');
  });

  it('turns punctuation and symbols of every script into separators', () => {
    expect(normalize('قال،ثم؛لماذا؟«نعم»“yes”…end').text).toBe('قال ثم لماذا نعم yes end');
    expect(normalize('a+b$c©d').text).toBe('a b c d');
  });

  it('collapses whitespace runs (any script) to one space and drops leading and trailing separators', () => {
    expect(normalize('  a \t\n\u00A0\u3000 b ،  ').text).toBe('a b');
    expect(normalize('،،، ...').text).toBe('');
    expect(normalize('').text).toBe('');
  });

  it('drops invisible format characters (bidi marks, ZWJ, soft hyphen) without separating', () => {
    expect(normalize('a\u200Fb\u200Ec\u202Bd\u202Ce\u200Df\u00ADg').text).toBe('abcdefg');
  });

  it('treats a lone surrogate as a separator', () => {
    expect(normalize('a\uD800b').text).toBe('a b');
    expect(normalize('a\uDC00b').text).toBe('a b');
  });

  it('folds a surrogate pair whole after its high surrogate was seen alone (the separator fast path skips surrogates)', () => {
    // A lone U+D835 leaves a separator entry in the table; the pair U+D835 U+DC00 (𝐀) must still be
    // folded as one code point (NFKC and case: 'a'), not as two separators.
    const n = new Normalizer();
    expect(n.normalize('x\uD835y').text).toBe('x y');
    expect(n.normalize('x\uD835\uDC00y').text).toBe('xay');
    expect(new TextDecoder('utf-16le').decode(n.units('x\uD835\uDC00y'))).toBe('xay');
  });
});

describe('normalize: each rule switches off on its own', () => {
  const cases: Array<[keyof typeof DEFAULT_RULES, string, string, string]> = [
    // rule, input, with every rule on, with only this rule off
    ['nfkc', 'ﬁ', 'fi', 'ﬁ'],
    ['caseFold', 'AbC', 'abc', 'AbC'],
    ['arabicMarks', 'بَت', 'بت', 'بَت'],
    ['tatweel', 'كـتاب', 'كتاب', 'كـتاب'],
    ['alef', 'أحمد', 'احمد', 'أحمد'],
    ['yeh', 'على', 'علي', 'على'],
    ['tehMarbuta', 'مدرسة', 'مدرسه', 'مدرسة'],
    ['persian', 'کی', 'كي', 'کی'],
    ['digits', '٣۷', '37', '٣۷'],
    ['latinDiacritics', 'café', 'cafe', 'café'],
    ['punctuation', 'a،b«c»', 'a b c', 'a،b«c»'],
  ];
  for (const [rule, input, on, off] of cases) {
    it(`${rule}: false keeps what the rule would fold (${JSON.stringify(input)})`, () => {
      expect(normalize(input).text).toBe(on);
      expect(normalize(input, { [rule]: false }).text).toBe(off);
    });
  }

  it('switching one rule off leaves the others on', () => {
    expect(normalize('أَحْمَدُ على', { alef: false }).text).toBe('أحمد علي');
  });

  it('normalizeUnits (no offset map) gives the same units as normalize', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const units = normalizeUnits(text, { ...DEFAULT_RULES });
        expect(String.fromCharCode(...units)).toBe(normalize(text).text);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('normalize: offset map', () => {
  it('maps a surrogate pair to its two UTF-16 code units (offsets are UTF-16, not code points)', () => {
    // 𝐀 U+1D400 is two code units; NFKC folds it to "A", case folding to "a".
    const text = 'x 𝐀bc';
    const n = normalize(text);
    expect(n.text).toBe('x abc');
    expect(Array.from(n.starts)).toEqual([0, 1, 2, 4, 5]);
    expect(Array.from(n.ends)).toEqual([1, 2, 4, 5, 6]);
    expect(text.slice(n.starts[2], n.ends[4])).toBe('𝐀bc');
    // A CJK Ext-B character stays two units; both map to the whole pair.
    const cjk = normalize('a 𠀀 b');
    expect(cjk.text).toBe('a 𠀀 b');
    expect([cjk.starts[2], cjk.ends[2], cjk.starts[3], cjk.ends[3]]).toEqual([2, 4, 2, 4]);
  });

  it('maps the doc example back to "World"', () => {
    const text = 'أَهْلاً،  World!';
    const n = normalize(text);
    expect(n.text).toBe('اهلا world');
    expect(text.slice(n.starts[5], n.ends[9])).toBe('World');
  });

  it('has starts and ends monotonic, in range, and a non-empty original slice per unit (property)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const n = normalize(text);
        expect(n.starts.length).toBe(n.text.length);
        expect(n.ends.length).toBe(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.starts[i]).toBeGreaterThanOrEqual(0);
          expect(n.ends[i]).toBeLessThanOrEqual(text.length);
          expect(n.starts[i]).toBeLessThan(n.ends[i]);
          if (i > 0) {
            expect(n.starts[i]).toBeGreaterThanOrEqual(n.starts[i - 1]);
            expect(n.ends[i]).toBeGreaterThanOrEqual(n.ends[i - 1]);
          }
        }
      }),
      { numRuns: 500, seed: 1 },
    );
  });

  it('maps a normalized span to an original slice that normalizes back to it (property)', () => {
    fc.assert(
      fc.property(anyText, fc.nat(), fc.nat(), (text, x, y) => {
        const n = normalize(text);
        const len = n.text.length;
        const start = len === 0 ? 0 : x % (len + 1);
        const end = start + (len === 0 ? 0 : y % (len - start + 1));
        const [os, oe] = toOriginal(n, start, end);
        expect(0 <= os && os <= oe && oe <= text.length).toBe(true);
        const want = trimSpaces(n.text.slice(start, end));
        const back = normalize(text.slice(os, oe)).text;
        // One original code point can expand to several units (ﬁ → fi); a span cutting through such
        // an expansion maps to the whole code point, so then only containment holds.
        const cutsExpansion =
          (start > 0 && start < len && n.starts[start] === n.starts[start - 1] && want !== '') ||
          (end > 0 && end < len && n.starts[end] === n.starts[end - 1] && want !== '');
        if (cutsExpansion) expect(back).toContain(want);
        else expect(back).toBe(want);
      }),
      { numRuns: 500, seed: 2 },
    );
  });

  it('maps a span of only separators to an empty span', () => {
    const n = normalize('a ، b');
    expect(n.text).toBe('a b');
    const [s, e] = toOriginal(n, 1, 2);
    expect(s).toBe(e);
  });
});

describe('Normalizer', () => {
  it('owns its buffers: two normalizers interleaved give what each gives alone', () => {
    const long = 'أَهْلاً وسهلاً بكم '.repeat(500);
    const x = new Normalizer();
    const y = new Normalizer({ alef: false });
    const ux = x.units(long);
    const ny = y.normalize('أحمد');
    expect(String.fromCharCode(...ux.subarray(0, 20))).toBe(normalize(long).text.slice(0, 20));
    expect(ny.text).toBe('أحمد');
    // A later call on one normalizer leaves the other's view alone.
    const before = Array.from(ux.subarray(0, 50));
    y.units('zzzz '.repeat(2000));
    expect(Array.from(ux.subarray(0, 50))).toEqual(before);
  });
});

/**
 * Normalization as the rules define it, one code point at a time (no table, no WebAssembly): each
 * code point's folding, separators collapsed to one space between units, none at either end.
 */
function reference(text: string, rules: NormalizationRules): { text: string; starts: number[]; ends: number[] } {
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let sep = -2;
  let sepEnd = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const folded = foldCodePoint(cp, rules);
    for (let j = 0; j < folded.length; j++) {
      if (folded[j] === ' ') {
        if (sep === -1) [sep, sepEnd] = [i, i + width];
        continue;
      }
      if (sep >= 0) {
        out += ' ';
        starts.push(sep);
        ends.push(sepEnd);
      }
      out += folded[j];
      starts.push(i);
      ends.push(i + width);
      sep = -1;
    }
    i += width;
  }
  return { text: out, starts, ends };
}

const anyRules = fc.record(Object.fromEntries(Object.keys(DEFAULT_RULES).map((k) => [k, fc.boolean()])) as Record<keyof NormalizationRules, fc.Arbitrary<boolean>>);

describe('Normalizer: the WebAssembly loop and what it leaves to JavaScript', () => {
  const plain = (n: { text: string; starts: ArrayLike<number>; ends: ArrayLike<number> }) => ({ text: n.text, starts: Array.from(n.starts), ends: Array.from(n.ends) });

  it('gives what the rules define, code point by code point, with the offset map and without (property)', () => {
    // Normalizers kept across runs, as a stage keeps one: each run starts clean whatever came before.
    const kept = new Map<string, Normalizer>();
    fc.assert(
      fc.property(anyRules, fc.array(anyText, { minLength: 1, maxLength: 30 }), (rules, pieces) => {
        const key = JSON.stringify(rules);
        if (!kept.has(key)) kept.set(key, new Normalizer(rules));
        const n = kept.get(key) as Normalizer;
        const text = pieces.join('');
        const want = reference(text, rules);
        expect(plain(n.normalize(text))).toEqual(want);
        expect(unitsText(n.units(text))).toBe(want.text);
      }),
      { numRuns: 400, seed: 3 },
    );
  });

  it('takes texts longer than its first memory, and expansions that outgrow the text midway, without detaching a buffer', () => {
    const n = new Normalizer();
    const first = n.units('أهلاً وسهلاً');
    const firstText = unitsText(first);
    // ﷺ is 18 units under NFKC: 4,000 of them outgrow the output's room (text + 2) in the middle.
    for (const text of ['ب ت'.repeat(22_000), `بسم ${'ﷺ،'.repeat(4_000)} ثم ${'ﻻ'.repeat(30_000)}`, 'ﷺ'.repeat(8_000)]) {
      const want = reference(text, DEFAULT_RULES);
      expect(plain(n.normalize(text))).toEqual(want);
      expect(unitsText(n.units(text))).toBe(want.text);
    }
    // A view from before is still whole: memories are replaced, never grown (growing detaches).
    expect(first.buffer.byteLength).toBeGreaterThan(0);
    expect(unitsText(first)).toBe(firstText);
  });

  it('folds a character another normalizer of the same rules met first (its own table is a copy)', () => {
    const early = new Normalizer({ latinDiacritics: false });
    early.units('x');
    const late = new Normalizer({ latinDiacritics: false });
    const text = 'ᾯ ǅ ẞ Ⅻ ㎒ ϴ';
    expect(unitsText(late.units(text))).toBe(reference(text, { ...DEFAULT_RULES, latinDiacritics: false }).text);
    expect(unitsText(early.units(text))).toBe(reference(text, { ...DEFAULT_RULES, latinDiacritics: false }).text);
  });

  it('keeps one normalizer per thread and rule set (keptNormalizer)', () => {
    const kept = new Kept<Normalizer>();
    const a = keptNormalizer(kept, {});
    expect(keptNormalizer(kept, { ...DEFAULT_RULES })).toBe(a);
    const b = keptNormalizer(kept, { alef: false });
    expect(b).not.toBe(a);
    expect(unitsText(b.units('أ'))).toBe('أ');
    expect(keptNormalizer(undefined, {})).not.toBe(keptNormalizer(undefined, {}));
  });
});
