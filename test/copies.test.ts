import { describe, expect, it } from 'vitest';
import { findReprints } from '../src/pipeline.js';
import type { ReprintDocument } from '../src/types.js';

/** Issue 7 item 1's corpus: n identical documents and two documents quoting their first 300 words. */
function copiesAndQuotes(n: number): ReprintDocument[] {
  const words = Array.from({ length: 400 }, (_, i) => `word${(i * 7919) % 1000}`);
  const text = words.join(' ');
  const docs = Array.from({ length: n }, (_, i) => ({ id: `copy${i}`, text }));
  docs.push({ id: 'x', text: `x ${words.slice(0, 300).join(' ')}` }, { id: 'y', text: `y ${words.slice(0, 300).join(' ')}` });
  return docs;
}

describe('exact copies', () => {
  // Regression (issue 7 item 1): every copy inherited every pair of its first copy, and all of those
  // spans went through the clustering sweep — quadratic time and memory (n = 3,000 ran out of heap).
  it('keep copies that other documents quote linear: 3,000 copies and two quotes, one cluster holding all', async () => {
    const n = 3000;
    const result = await findReprints(copiesAndQuotes(n));
    const docsOf = (c: (typeof result.clusters)[number]) => new Set(c.passages.map((p) => p.doc));
    const main = docsOf(result.clusters[0]);
    expect(main.size).toBe(n + 2);
    expect(main.has('x') && main.has('y')).toBe(true);
    // Each copy: one whole-copy pair with the first copy, nothing inherited.
    const copyPairs = result.pairs.filter((p) => p.b.doc.startsWith('copy'));
    expect(copyPairs).toHaveLength(n - 1);
    for (const p of copyPairs) {
      expect(p.a).toEqual({ doc: 'copy0', start: 0, end: 3152 });
      expect(p.b.start).toBe(0);
      expect(p.b.end).toBe(3152);
      expect(p.similarity).toBe(1);
      expect(p.cluster).toBe(result.clusters[0].id);
    }
    // The rest are the pairs of copy0, x and y among themselves: a number that does not grow with n.
    expect(result.pairs.length - (n - 1)).toBe((await findReprints(copiesAndQuotes(1))).pairs.length);
  });

  it('give each copy the passages of its first copy, at its own offsets', async () => {
    const story = copiesAndQuotes(1)[0].text;
    const docs: ReprintDocument[] = [
      { id: 'first', text: story },
      // Same normalized text, different original offsets: punctuation, diacritics and spacing.
      { id: 'copy', text: `«${story.replace(/ /g, '  ')}»` },
      { id: 'quote', text: `x ${story.slice(0, 1500)}` },
    ];
    const result = await findReprints(docs);
    const text = new Map(docs.map((d) => [d.id, d.text]));
    for (const c of result.clusters) {
      const of = (doc: string) => c.passages.filter((p) => p.doc === doc);
      expect(of('copy').length, `cluster ${c.id}`).toBe(of('first').length);
      of('copy').forEach((p, i) => {
        const f = of('first')[i];
        expect(p.text.replace(/ +/g, ' ').replace(/[«»]/g, '')).toBe(f.text);
        expect(p.text).toBe(text.get('copy')!.slice(p.start, p.end));
      });
    }
    expect(result.pairs.filter((p) => p.b.doc === 'copy')).toHaveLength(1);
  });

  it('pair no copy with its first copy inside one series, yet list it in the first copy\'s clusters', async () => {
    const story = copiesAndQuotes(1)[0].text;
    const result = await findReprints([
      { id: 'a1', series: 'A', text: story },
      { id: 'a2', series: 'A', text: story },
      { id: 'b', series: 'B', text: `x ${story.slice(0, 1500)}` },
    ]);
    expect(result.pairs.some((p) => p.a.doc === 'a1' && p.b.doc === 'a2')).toBe(false);
    expect(result.pairs.some((p) => p.a.doc === 'a2' || p.b.doc === 'a2')).toBe(false);
    const withB = result.clusters.filter((c) => c.passages.some((p) => p.doc === 'b'));
    expect(withB.length).toBeGreaterThan(0);
    for (const c of withB) expect(c.passages.some((p) => p.doc === 'a2')).toBe(true);
  });
});
