import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { windowSpan, windowStarts, winnow } from '../src/passages.js';
import { resolveOptions } from '../src/options.js';
import { shingleHashes } from '../src/shingle.js';

/** Hash arrays with many ties (small range) or few (full range). */
const hashes = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 200 }),
  fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 200 }),
);

describe('winnow', () => {
  it('puts at least one anchor in every run of w consecutive shingles (the winnowing guarantee, property)', () => {
    fc.assert(
      fc.property(hashes, fc.integer({ min: 1, max: 50 }), (values, w) => {
        const h = Uint32Array.from(values);
        const anchors = Array.from(winnow(h, w));
        for (let i = 0; i + w <= h.length; i++) {
          expect(anchors.some((a) => a >= i && a < i + w), `window at ${i}`).toBe(true);
        }
        if (h.length > 0 && h.length < w) expect(anchors.length).toBe(1);
        if (h.length === 0) expect(anchors.length).toBe(0);
      }),
      { numRuns: 300, seed: 10 },
    );
  });

  it('returns anchors ascending and distinct, each the minimum (rightmost on ties) of a window (property)', () => {
    fc.assert(
      fc.property(hashes, fc.integer({ min: 1, max: 50 }), (values, w) => {
        const h = Uint32Array.from(values);
        const anchors = Array.from(winnow(h, w));
        for (let i = 1; i < anchors.length; i++) expect(anchors[i]).toBeGreaterThan(anchors[i - 1]);
        const width = Math.min(w, h.length);
        for (const a of anchors) {
          // Some window [s, s + width) containing a has a as its rightmost minimum.
          let ok = false;
          for (let s = Math.max(0, a - width + 1); s <= a && s + width <= h.length; s++) {
            let m = s;
            for (let j = s; j < s + width; j++) if (h[j] <= h[m]) m = j;
            if (m === a) ok = true;
          }
          expect(ok, `anchor ${a}`).toBe(true);
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('returns exactly the rightmost minimum of every window of w hashes, each once (property, against brute force)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 300 }), fc.integer({ min: 1, max: 60 }), (values, w) => {
        // Few distinct values: many ties, where the rightmost rule matters.
        const h = Uint32Array.from(values);
        const width = Math.min(w, h.length);
        const expected: number[] = [];
        for (let s = 0; s + width <= h.length && h.length > 0; s++) {
          let m = s;
          for (let j = s; j < s + width; j++) if (h[j] <= h[m]) m = j;
          if (expected[expected.length - 1] !== m) expected.push(m);
        }
        expect(Array.from(winnow(h, w))).toEqual(expected);
      }),
      { numRuns: 500, seed: 12 },
    );
  });

  it('writes into a given buffer when it is large enough', () => {
    const h = Uint32Array.of(5, 3, 4, 1, 2, 6);
    const buf = new Int32Array(10);
    const out = winnow(h, 2, buf);
    expect(out.buffer).toBe(buf.buffer);
    expect(Array.from(out)).toEqual([1, 3, 4]);
  });
});

describe('windowStarts', () => {
  it('covers the first and the last window of the document, and only windows that fit (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 120 }),
        fc.uniqueArray(fc.nat({ max: 600 })),
        (count, span, raw) => {
          const anchors = Int32Array.from(raw.filter((a) => a < count).sort((x, y) => x - y));
          const starts = Array.from(windowStarts(count, anchors, span));
          if (count <= span) {
            expect(starts).toEqual(count === 0 ? [] : [0]);
            return;
          }
          expect(starts[0]).toBe(0);
          expect(starts[starts.length - 1]).toBe(count - span);
          for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeGreaterThan(starts[i - 1]);
          const set = new Set(starts);
          for (const a of anchors) if (a <= count - span) expect(set.has(a)).toBe(true);
          for (const s of starts) expect(s === 0 || s === count - span || anchors.includes(s)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 12 },
    );
  });
});

describe('windowStarts on repetitive text', () => {
  const params = resolveOptions();
  const span = windowSpan(params);
  const startsOf = (text: string) => {
    const h = shingleHashes(text, params.shingleSize);
    return { h, anchors: winnow(h, params.anchorWindow), starts: windowStarts(h.length, winnow(h, params.anchorWindow), span, h) };
  };

  // Regression (issue 7, item 2): winnowing takes the rightmost minimum on ties, so in a run of one
  // character every position is an anchor, and every anchor started a window: 2,000,000 × 'ا' made
  // 2 M windows and 25 s of signing.
  it('repeated character: one window for the whole run, though every position is an anchor', () => {
    const { anchors, starts } = startsOf('ا'.repeat(200_000));
    expect(anchors.length).toBeGreaterThan(190_000);
    expect(Array.from(starts)).toEqual([0]);
  });

  it('repeated word and short periods: a few windows, not one per period', () => {
    for (const unit of ['كلمة ', 'ab', 'the cat sat on a mat. ']) {
      const { h, starts } = startsOf(unit.repeat(Math.ceil(100_000 / unit.length)));
      const distinct = new Set(Array.from(starts, (s) => Array.from(h.subarray(s, s + span)).join()));
      // At most one window per phase of the period (plus the first), a few in all.
      expect(starts.length, unit).toBeLessThanOrEqual(Math.min(unit.length, distinct.size) + 2);
    }
  });

  it('keeps every window of ordinary text (no two consecutive windows hold the same shingles)', () => {
    const r = (() => {
      let x = 5;
      return () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
    })();
    let text = '';
    while (text.length < 20_000) text += 'abcdefghijklmnopqrstuvwxyz'.slice(0, 2 + Math.floor(r() * 6)).split('').sort(() => r() - 0.5).join('') + ' ';
    const { h, anchors, starts } = startsOf(text);
    expect(Array.from(starts)).toEqual(Array.from(windowStarts(h.length, anchors, span)));
  });

  it('leaves out only windows equal to the window kept before them (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 400 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 40 }), (values, w, sp) => {
        const h = Uint32Array.from(values);
        const anchors = winnow(h, w);
        const all = Array.from(windowStarts(h.length, anchors, sp));
        const kept = Array.from(windowStarts(h.length, anchors, sp, h));
        const key = (s: number) => Array.from(h.subarray(s, Math.min(s + sp, h.length))).join();
        // Every window left out repeats one that is kept: the same signatures reach the index.
        const keptKeys = new Set(kept.map(key));
        for (const s of all) expect(keptKeys.has(key(s))).toBe(true);
        for (const s of kept) expect(all).toContain(s);
        for (let i = 1; i < kept.length; i++) expect(key(kept[i])).not.toBe(key(kept[i - 1]));
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});

describe('anchored windows of a shared passage', () => {
  // The engine's defaults.
  const params = resolveOptions();
  const { shingleSize: k, anchorWindow, windowLength } = params;
  const span = windowSpan(params);
  const letters = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz     '), minLength: 0, maxLength: 300 });

  function windowTexts(text: string): Set<string> {
    const h = shingleHashes(text, k);
    const starts = windowStarts(h.length, winnow(h, anchorWindow), span, h);
    return new Set(Array.from(starts, (s) => text.slice(s, s + windowLength)));
  }

  it('yields an identical window in both documents when the passage is longer than anchorWindow + k − 1 + windowLength (property)', () => {
    const least = anchorWindow + k - 1 + windowLength;
    fc.assert(
      fc.property(
        letters,
        letters,
        letters,
        letters,
        fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz '), minLength: least, maxLength: least + 200 }),
        (preA, sufA, preB, sufB, passage) => {
          const a = windowTexts(preA + passage + sufA);
          const b = windowTexts(preB + passage + sufB);
          const shared = [...a].filter((t) => b.has(t) && passage.includes(t));
          expect(shared.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200, seed: 13 },
    );
  });
});
