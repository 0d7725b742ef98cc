import { describe, expect, it } from 'vitest';
import { Corpus } from '../src/corpus.js';

describe('Corpus (stage 1 intake)', () => {
  it("takes a document of another corpus with its text still coded: same id, text, series and date", () => {
    const first = new Corpus(false);
    first.add({ id: 'a', text: 'نص عربي قصير مع € و 😀', series: 's', date: '2015-07-21' });
    first.add({ id: 'b', text: 'plain' });
    const second = new Corpus(false);
    second.add({ id: 'z', text: 'own text' });
    second.add(first.docs[1]);
    second.add(first.docs[0]);
    expect(second.docs.map((d) => [d.id, d.text, d.series, d.date])).toEqual([
      ['z', 'own text', undefined, undefined],
      ['b', 'plain', undefined, undefined],
      ['a', 'نص عربي قصير مع € و 😀', 's', '2015-07-21'],
    ]);
    expect(second.textLength(2)).toBe(first.docs[0].text.length);
    expect(second.docs[2].slice(3, 7)).toBe('عربي');
    // Series become this corpus's own small integers; a taken-over id still counts as taken.
    expect(second.seriesId).toEqual([-1, -1, 0]);
    expect(() => second.add({ id: 'a', text: 'again' })).toThrow(/appears twice/);
  });

  it('keeps the fingerprints the sign stage records, growing past its first capacity', () => {
    const corpus = new Corpus(false);
    corpus.setFingerprint(3, 0xfedcba9876543210n);
    corpus.setFingerprint(5000, 7n);
    expect(corpus.fingerprintOf(3)).toBe(0xfedcba9876543210n);
    expect(corpus.fingerprintOf(5000)).toBe(7n);
    expect(corpus.fingerprintOf(4)).toBe(0n);
    expect(corpus.fingerprintOf(1e6)).toBe(0n);
  });
});
