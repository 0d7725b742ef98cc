/**
 * Which documents `dedup` removes, over random copy relations (fast-check): nothing is removed in favour
 * of a removed document, no family is dropped whole, a family with one document covering all the others
 * keeps exactly one, a chain keeps its middle, and the order the edges or documents come in never changes
 * the outcome.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseRemoved, contentPrefix, copyEdges, edgeCloses, type CopyEdge } from '../../src/cli/dedup/select.js';

/** An edge; `reverse` (the share of `of` that `copy` covers) under a half by default: `of` quotes `copy`. */
const edge = (copy: number, of: number, coverage = 0.95, similarity = 0.98, reverse = 0.3): CopyEdge => ({ copy, of, coverage, similarity, reverse });
/** Keep order for the tests: a permutation's rank (a total order that is not the document number). */
const byRank = (rank: number[]) => (a: number, b: number) => rank[a] - rank[b];

/** A random copy relation over up to 12 documents, and a random keep order. */
const relation = fc
  .integer({ min: 2, max: 12 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      edges: fc.uniqueArray(
        fc
          .tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 }), fc.double({ min: 0.9, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
          .filter(([a, b]) => a !== b),
        { selector: ([a, b]) => `${a}-${b}`, maxLength: 30 },
      ),
      rank: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
    }),
  );

function families(n: number, edges: readonly CopyEdge[]): number[][] {
  const parent = [...Array(n).keys()];
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (const e of edges) parent[find(e.copy)] = find(e.of);
  const groups = new Map<number, number[]>();
  for (const e of edges) for (const d of [e.copy, e.of]) groups.set(find(d), [...new Set([...(groups.get(find(d)) ?? []), d])]);
  return [...groups.values()];
}

describe('chooseRemoved', () => {
  it('A~B~C (B covers A and C, A and C not each other) keeps B alone, whatever the keep order', () => {
    const chain = [edge(0, 1), edge(1, 0), edge(1, 2), edge(2, 1)];
    for (const rank of [[0, 1, 2], [2, 1, 0], [1, 0, 2], [0, 2, 1]]) {
      const removed = chooseRemoved(chain, byRank(rank));
      expect([...removed.keys()].sort()).toEqual([0, 2]);
      expect(removed.get(0)?.of).toBe(1);
      expect(removed.get(2)?.of).toBe(1);
    }
  });

  it('exact copies keep the one the keep order prefers', () => {
    const all = [0, 1, 2].flatMap((a) => [0, 1, 2].filter((b) => b !== a).map((b) => edge(a, b, 1, 1)));
    expect([...chooseRemoved(all, byRank([2, 0, 1])).keys()].sort()).toEqual([0, 2]); // 1 ranks first
    expect([...chooseRemoved(all, byRank([0, 1, 2])).keys()].sort()).toEqual([1, 2]);
  });

  it('bug: identical copies paired with their head only still keep the one the keep order prefers', () => {
    // The engine pairs an exact copy (1) with its family's head (0) only; a longer text (2) that covers
    // the head is paired with the head alone. Earliest-first keeps 1, which stands for 0 as well.
    const edges = [edge(0, 1, 1, 1), edge(1, 0, 1, 1), edge(0, 2, 1, 1), edge(2, 0, 0.95, 1)];
    const same = (a: number, b: number) => a + b === 1;
    const removed = chooseRemoved(edges, byRank([1, 0, 2]), same);
    expect([...removed.keys()].sort()).toEqual([0, 2]);
    expect(removed.get(0)?.of).toBe(1);
    expect(removed.get(2)?.of).toBe(1);
    // Without knowing 0 and 1 hold the same text, the head (most copies) would be kept instead.
    expect([...chooseRemoved(edges, byRank([1, 0, 2])).keys()].sort()).toEqual([1, 2]);
  });

  it('bug: a short original quoted whole by a later article was removed in its favour', () => {
    // 1 covers 0 entirely; 0 is a small part of 1 (0.3). Keeping the earliest, 0 is 1's source and stays.
    expect([...chooseRemoved([edge(0, 1, 1)], byRank([0, 1]))]).toEqual([]);
    // When 0 is most of 1 (1 is another version of it, a little longer), 0 goes in its favour.
    const version = edge(0, 1, 1, 0.98, 0.7);
    expect([...chooseRemoved([version], byRank([0, 1]))]).toEqual([[0, version]]);
    // When the keep order prefers the longer text (--keep longest), the excerpt goes in its favour.
    expect([...chooseRemoved([edge(0, 1, 1)], byRank([1, 0]))]).toEqual([[0, edge(0, 1, 1)]]);
    // Near-duplicates both ways: the keep order decides.
    expect([...chooseRemoved([edge(0, 1, 1), edge(1, 0, 0.92)], byRank([0, 1]))]).toEqual([[1, edge(1, 0, 0.92)]]);
  });

  it('names as kept the document covering the removed one most', () => {
    // 2 is a copy of both 0 and 1; 0 and 1 are not copies of anything: both kept.
    const removed = chooseRemoved([edge(2, 0, 0.92), edge(2, 1, 0.97)], byRank([0, 1, 2]));
    expect(removed.get(2)).toEqual(edge(2, 1, 0.97));
  });

  it('property: every removed document is a copy of a kept one, so no family is dropped whole', () => {
    fc.assert(
      fc.property(relation, ({ n, edges, rank }) => {
        const es = edges.map(([a, b, c, r]) => edge(a, b, c, 0.98, r));
        const removed = chooseRemoved(es, byRank(rank));
        for (const [d, e] of removed) {
          expect(e.copy).toBe(d);
          expect(removed.has(e.of)).toBe(false);
          expect(es).toContainEqual(e);
          // removed only in favour of one the keep order prefers, a copy of it in turn, or a version of it
          const allowed = (x: CopyEdge) => rank[x.of] < rank[d] || es.some((y) => y.copy === x.of && y.of === d) || x.reverse >= 0.5;
          expect(allowed(e)).toBe(true);
          // the kept document that covers it most, of those
          const best = Math.max(...es.filter((x) => x.copy === d && !removed.has(x.of) && allowed(x)).map((x) => x.coverage));
          expect(e.coverage).toBe(best);
        }
        for (const family of families(n, es)) expect(family.some((d) => !removed.has(d))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('property: a family where one document covers all the others, and the keep order prefers it, keeps exactly one', () => {
    fc.assert(
      fc.property(relation, fc.nat(), ({ n, edges, rank }, pick) => {
        const hub = pick % n;
        const es = edges.map(([a, b, c, r]) => edge(a, b, c, 0.98, r));
        for (let d = 0; d < n; d++) if (d !== hub && !es.some((e) => e.copy === d && e.of === hub)) es.push(edge(d, hub));
        const removed = chooseRemoved(es, byRank(rank.map((r, d) => (d === hub ? -1 : r))));
        expect(n - removed.size).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the order of the edges and the numbering of the documents do not change who is removed', () => {
    fc.assert(
      fc.property(relation, fc.integer(), ({ n, edges, rank }, seed) => {
        const es = edges.map(([a, b, c, r]) => edge(a, b, c, 0.98, r));
        const base = chooseRemoved(es, byRank(rank));
        // Renumber the documents by a permutation (input order changes), keeping each one's keep rank.
        const perm = [...Array(n).keys()].sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b);
        const back = new Map(perm.map((p, i) => [p, i]));
        const renamed = es.map((e) => edge(perm[e.copy], perm[e.of], e.coverage, e.similarity, e.reverse)).reverse();
        const rank2: number[] = [];
        for (let d = 0; d < n; d++) rank2[perm[d]] = rank[d];
        const other = chooseRemoved(renamed, byRank(rank2));
        expect([...other.keys()].map((d) => back.get(d)!).sort((a, b) => a - b)).toEqual([...base.keys()].sort((a, b) => a - b));
        for (const [d, e] of other) expect(back.get(e.of)).toBe(base.get(back.get(d)!)!.of);
      }),
      { numRuns: 300 },
    );
  });
});

describe('copyEdges', () => {
  const index = new Map([
    ['a', 0],
    ['b', 1],
  ]);
  it('measures coverage on non-whitespace characters, from the union of the spans', () => {
    const texts = ['abcdefghij   \n', 'xxabcdefghi'];
    const pairs = [
      { a: { doc: 'a', start: 0, end: 6 }, b: { doc: 'b', start: 2, end: 8 }, similarity: 1, cluster: 1, kind: 'verbatim' as const },
      { a: { doc: 'a', start: 4, end: 9 }, b: { doc: 'b', start: 6, end: 11 }, similarity: 0.8, cluster: 1, kind: 'edited' as const },
    ];
    const edges = copyEdges(pairs, index, (d) => texts[d], 0.5);
    // a: spans 0–9 cover 9 of its 10 non-space characters; b: 2–11 covers 9 of 11 (b has nothing
    // where a has its 'j', nor a where b has its 'xx': the edges stay uncovered).
    expect(edges).toEqual([
      { copy: 0, of: 1, coverage: 0.9, similarity: (6 + 0.8 * 5) / 11, reverse: 9 / 11 },
      { copy: 1, of: 0, coverage: 9 / 11, similarity: (6 + 0.8 * 5) / 11, reverse: 0.9 },
    ]);
    expect(copyEdges(pairs, index, (d) => texts[d], 0.85).map((e) => e.copy)).toEqual([0]);
  });

  it('counts the words between a passage and the edge of the copy when they are the other\'s with one substituted', () => {
    const head = 'new head\n';
    const body = 'one two three four five six seven eight nine ten eleven twelve';
    const texts = [`${head}${body} thirteen`, `source headline\n${body} fourteen fifteen. More of the source.`];
    const at = (t: string, s: string) => t.indexOf(s);
    const pairs = [
      {
        a: { doc: 'a', start: at(texts[0], 'one'), end: at(texts[0], ' thirteen') },
        b: { doc: 'b', start: at(texts[1], 'one'), end: at(texts[1], ' fourteen') },
        similarity: 1,
        cluster: 1,
        kind: 'verbatim' as const,
      },
    ];
    // The passage covers 51 of a's 66 non-whitespace characters; 'thirteen' (8) stands where b has
    // 'fourteen'; 'new head' are two words that are not b's before the passage ('source headline').
    const [edge] = copyEdges(pairs, index, (d) => texts[d], 0.85);
    // b: 51 of its 97 (its words after the passage are more than a's, its headline is not a's).
    expect(edge).toEqual({ copy: 0, of: 1, coverage: 59 / 66, similarity: 1, reverse: 51 / 97 });
    expect(copyEdges(pairs, index, (d) => texts[d], 0.9)).toEqual([]);
  });

  it('closes the edge at the start of the first passage\'s line, not across a line break (a new headline)', () => {
    const body = 'one two three four five six seven eight nine ten eleven twelve';
    const texts = [`Headline here\nfirst ${body}`, `Other headline\nsecond ${body}`];
    const at = (t: string) => t.indexOf('one');
    const pairs = [{ a: { doc: 'a', start: at(texts[0]), end: texts[0].length }, b: { doc: 'b', start: at(texts[1]), end: texts[1].length }, similarity: 1, cluster: 1, kind: 'verbatim' as const }];
    // a: the passage (51) and 'first' (5, where b has 'second') of 68; b: 51 and 'second' (6) of 70.
    expect(copyEdges(pairs, index, (d) => texts[d], 0.8)).toEqual([
      { copy: 0, of: 1, coverage: 56 / 68, similarity: 1, reverse: 57 / 70 },
      { copy: 1, of: 0, coverage: 57 / 70, similarity: 1, reverse: 56 / 68 },
    ]);
  });

  it('edgeCloses: at most one substituted word, compared after normalization, with the other side there', () => {
    const fold = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    expect(edgeCloses(' Seven hours.', ' seven Hours, and then', true, fold)).toBe(true);
    expect(edgeCloses(' six hours.', ' seven hours, and then', true, fold)).toBe(true);
    expect(edgeCloses(' six days.', ' seven hours, and then', true, fold)).toBe(false);
    // An appended word where the other document has nothing: not a substitution.
    expect(edgeCloses(' more', '', true, fold)).toBe(false);
    expect(edgeCloses(' ...', '', true, fold)).toBe(true);
    // Before a passage: the other's last words.
    expect(edgeCloses('Riyadh - SPA ', 'long ago in Jeddah - SPA ', false, fold)).toBe(true);
    expect(edgeCloses('Riyadh - AFP ', 'long ago in Jeddah - SPA ', false, fold)).toBe(false);
  });

  it('counts JavaScript whitespace, surrogate pairs as two units', () => {
    expect([...contentPrefix(' a\u00a0😀\t')]).toEqual([0, 0, 1, 1, 2, 3, 3]);
  });
});
