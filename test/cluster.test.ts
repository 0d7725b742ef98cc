import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestedClusters } from '../bench/verbatim-truth.js';
import { clusterPairs, MIN_OVERLAP, pairsReached, type RawCluster, type RawPair } from '../src/cluster.js';
import { normalize } from '../src/normalize.js';
import { findReprints } from '../src/pipeline.js';
import type { ReprintDocument } from '../src/types.js';
import { referenceClusters, referenceReached } from './helpers/cluster-reference.js';

const pair = (a: number, aStart: number, aEnd: number, b: number, bStart: number, bEnd: number): RawPair => ({
  a,
  aStart,
  aEnd,
  b,
  bStart,
  bEnd,
  similarity: 1,
});
const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** Clusters as a canonical set: each cluster a sorted list of "doc:start-end", clusters sorted. */
function canonical(clusters: RawCluster[]): string[] {
  return clusters.map((c) => c.passages.map((p) => `${p.doc}:${p.start}-${p.end}`).sort().join(' ')).sort();
}

const rawPairs = fc.array(
  fc
    .record({
      a: fc.nat({ max: 5 }),
      b: fc.nat({ max: 5 }),
      aStart: fc.nat({ max: 400 }),
      aLen: fc.integer({ min: 1, max: 200 }),
      bStart: fc.nat({ max: 400 }),
      bLen: fc.integer({ min: 1, max: 200 }),
    })
    .filter((p) => p.a !== p.b)
    .map((p) => pair(p.a, p.aStart, p.aStart + p.aLen, p.b, p.bStart, p.bStart + p.bLen)),
  { maxLength: 25 },
);

describe('clusterPairs', () => {
  /** Spans on a coarse grid: they repeat, nest, contain one another and touch end to start. */
  const gridPairs = fc.array(
    fc
      .tuple(fc.nat({ max: 4 }), fc.nat({ max: 6 }), fc.integer({ min: 1, max: 5 }), fc.nat({ max: 4 }), fc.nat({ max: 6 }), fc.integer({ min: 1, max: 5 }))
      .filter(([a, , , b]) => a !== b)
      .map(([a, as, al, b, bs, bl]) => pair(a, 50 * as, 50 * (as + al), b, 50 * bs, 50 * (bs + bl))),
    { maxLength: 60 },
  );

  it('gives what a plain reference of its rules gives (every two spans compared, maps and sets), on random and on grid-aligned pairs (property)', () => {
    fc.assert(
      fc.property(fc.oneof(rawPairs, gridPairs), fc.array(fc.nat({ max: 5 }), { minLength: 6, maxLength: 6 }), (ps, r) => {
        const rank = Int32Array.from(r);
        expect(clusterPairs(ps, rank)).toEqual(referenceClusters(ps, rank));
      }),
      { numRuns: 1500, seed: 53 },
    );
  });

  it('breaks a tie between two equal hosts of a nested component as the reference does (the first component in sweep order)', () => {
    // Found by the property above run 40,000 times against a host choice flipped on ties: a component
    // nested in two hosts of as many documents and characters.
    const ps = [pair(4, 0, 250, 1, 50, 200), pair(1, 100, 250, 4, 50, 150), pair(2, 0, 50, 1, 0, 250), pair(4, 0, 50, 0, 0, 100), pair(4, 50, 100, 2, 0, 200)];
    const rank = identity(5);
    expect(clusterPairs(ps, rank)).toEqual(referenceClusters(ps, rank));
  });

  it('reaches what a plain reference reaches (pairsReached: overlaps followed span by span) (property)', () => {
    fc.assert(
      fc.property(fc.oneof(rawPairs, gridPairs), fc.nat({ max: 60 }), fc.subarray([0, 1, 2, 3, 4, 5, 9]), (ps, from, docs) => {
        expect(pairsReached(ps, from, docs)).toEqual(referenceReached(ps, from, docs));
      }),
      { numRuns: 1500, seed: 54 },
    );
  });

  it('does not depend on the order of the input pairs (property)', () => {
    fc.assert(
      fc.property(
        rawPairs.chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length }))),
        ([ps, shuffled]) => {
          const rank = identity(6);
          const x = clusterPairs(ps, rank);
          const y = clusterPairs(shuffled, rank);
          expect(canonical(y)).toEqual(canonical(x));
          // The full output (passages and their order) is the same too, not just the set.
          expect(y.map((c) => c.passages)).toEqual(x.map((c) => c.passages));
        },
      ),
      { numRuns: 300, seed: 50 },
    );
  });

  it('clusters the pairs reached from some (pairsReached) as it clusters them among all pairs (property)', () => {
    fc.assert(
      fc.property(rawPairs, fc.nat({ max: 25 }), fc.subarray([0, 1, 2, 3, 4, 5]), (ps, from, docs) => {
        const rank = identity(6);
        const reached = pairsReached(ps, Math.min(from, ps.length), docs);
        const alone = clusterPairs(reached.map((i) => ps[i]), rank).map((c) => c.pairs.map((j) => reached[j]));
        const among = clusterPairs(ps, rank).map((c) => c.pairs).filter((c) => c.some((i) => reached.includes(i)));
        expect(alone).toEqual(among);
        // Reached: the pairs from `from` on, and those with a span in `docs`.
        for (let i = 0; i < ps.length; i++) {
          if (i >= from || docs.includes(ps[i].a) || docs.includes(ps[i].b)) expect(reached).toContain(i);
        }
      }),
      { numRuns: 300, seed: 52 },
    );
  });

  it('puts both spans of each pair in one cluster, and each pair in exactly one cluster (property)', () => {
    fc.assert(
      fc.property(rawPairs, (ps) => {
        const clusters = clusterPairs(ps, identity(6));
        const seen = clusters.flatMap((c) => c.pairs).sort((x, y) => x - y);
        expect(seen).toEqual(ps.map((_, i) => i));
        for (const c of clusters) {
          for (const i of c.pairs) {
            const p = ps[i];
            expect(c.passages.some((q) => q.doc === p.a && q.start <= p.aStart && p.aEnd <= q.end)).toBe(true);
            expect(c.passages.some((q) => q.doc === p.b && q.start <= p.bStart && p.bEnd <= q.end)).toBe(true);
          }
        }
      }),
      { numRuns: 300, seed: 51 },
    );
  });

  it('joins two spans of one document that overlap by at least half of the shorter', () => {
    // Doc 0: [0, 100) and [50, 250): overlap 50 = half of the shorter (100).
    const clusters = clusterPairs([pair(0, 0, 100, 1, 0, 100), pair(0, 50, 250, 2, 0, 200)], identity(3));
    expect(MIN_OVERLAP).toBe(0.5);
    expect(clusters.length).toBe(1);
    expect(clusters[0].passages).toEqual([
      { doc: 0, start: 0, end: 250 },
      { doc: 1, start: 0, end: 100 },
      { doc: 2, start: 0, end: 200 },
    ]);
    expect(clusters[0].pairs).toEqual([0, 1]);
  });

  it('joins a quote contained in a longer passage of the same document', () => {
    const clusters = clusterPairs([pair(0, 0, 1000, 1, 0, 1000), pair(0, 400, 520, 2, 30, 150)], identity(3));
    expect(clusters.length).toBe(1);
  });

  it('does not chain two stories through a formula both of them contain', () => {
    // Story A: docs 0 and 1 share [0, 1000). Story B: docs 2 and 3 share [0, 1000). A 200-character
    // formula (an honorific title) opens both stories and is aligned between docs 0 and 2: it lies
    // inside story A's passage in doc 0 and inside story B's in doc 2 — two different clusters — so it
    // joins neither and stays a cluster of its own.
    const clusters = clusterPairs(
      [pair(0, 0, 1000, 1, 0, 1000), pair(2, 0, 1000, 3, 0, 1000), pair(0, 0, 200, 2, 0, 200)],
      identity(4),
    );
    expect(canonical(clusters)).toEqual(['0:0-1000 1:0-1000', '0:0-200 2:0-200', '2:0-1000 3:0-1000']);
  });

  it('one statement, one cluster: the whole statement in some documents, its second half alone in others (nested cluster bug)', () => {
    // Seen on SaudiNewsNet (560 nested clusters): a statement of 1,000 characters runs whole in docs 0
    // and 1; its second half (600 characters) runs alone in docs 2 and 3, where it opens a longer
    // commentary that docs 2 and 3 share ([0, 1600)). The half lies inside the whole statement in
    // docs 0 and 1 and inside the commentary in docs 2 and 3 — two containers, so it attached to
    // neither, and the whole statement stayed a cluster of its own whose documents all sit in the
    // half's cluster. The statement is one family: docs 0–3 share one cluster, whole in 0 and 1, the
    // half in 2 and 3. The commentary is mostly other text (the half is 600 of its 1,600 characters):
    // it stays apart.
    const clusters = clusterPairs(
      [
        pair(0, 0, 1000, 1, 0, 1000), // the whole statement
        pair(0, 400, 1000, 2, 0, 600), // its second half
        pair(1, 400, 1000, 3, 0, 600),
        pair(2, 0, 600, 3, 0, 600),
        pair(2, 0, 1600, 3, 0, 1600), // the commentary opening with the half
      ],
      identity(4),
    );
    expect(canonical(clusters)).toEqual(['0:0-1000 1:0-1000 2:0-600 3:0-600', '2:0-1600 3:0-1600']);
    expect(clusters[0].pairs).toEqual([0, 1, 2, 3]);
  });

  it('joins a cluster nested in two bigger ones to the one with more documents, without chaining the two', () => {
    // Cluster {0, 1} ([250, 450) in both) lies inside two versions of a longer text: [0, 500) in
    // docs 0, 1, 2 and 4, and [300, 1500) in docs 0, 1 and 3 (the two overlap by less than half of
    // the shorter, so they stay apart). It joins the one with more documents (not the one with more
    // characters); docs 2 and 3 share no cluster.
    const clusters = clusterPairs(
      [
        pair(0, 250, 450, 1, 250, 450),
        pair(0, 0, 500, 2, 0, 500),
        pair(1, 0, 500, 2, 0, 500),
        pair(2, 0, 500, 4, 0, 500),
        pair(0, 300, 1500, 3, 0, 1200),
        pair(1, 300, 1500, 3, 0, 1200),
      ],
      identity(5),
    );
    expect(canonical(clusters)).toEqual(['0:0-500 1:0-500 2:0-500 4:0-500', '0:300-1500 1:300-1500 3:0-1200']);
    expect(clusters.find((c) => c.pairs.includes(0))!.pairs).toEqual([0, 1, 2, 3]);
  });

  it('leaves no cluster nested in another: its documents all in a bigger one, a passage half inside its passage in each (property)', () => {
    fc.assert(
      fc.property(rawPairs, (ps) => {
        const clusters = clusterPairs(ps, identity(6));
        const byDoc = clusters.map((c) => {
          const m = new Map<number, Array<[number, number]>>();
          for (const p of c.passages) m.set(p.doc, [...(m.get(p.doc) ?? []), [p.start, p.end]]);
          return m;
        });
        byDoc.forEach((mine, ci) =>
          byDoc.forEach((other, di) => {
            if (ci === di) return;
            const nested = [...mine].every(([d, spans]) =>
              spans.some(([s, e]) => (other.get(d) ?? []).some(([t, u]) => Math.min(e, u) - Math.max(s, t) >= MIN_OVERLAP * (e - s))),
            );
            expect(nested).toBe(false);
          }),
        );
      }),
      { numRuns: 300, seed: 52 },
    );
  });

  it('joining a nested cluster adds no document to the cluster it joins: a formula shared by two stories still keeps them apart', () => {
    // The formula of the test above ([0, 200) in docs 0 and 2), and a longer alignment of the same
    // two documents ([0, 260): the formula and the line after it). Each lies inside story A in doc 0
    // and story B in doc 2, so neither attaches; the longer one's documents {0, 2} all hold the
    // formula's cluster, its passage mostly the formula: it joins the formula. Stories A and B stay
    // apart.
    const clusters = clusterPairs(
      [pair(0, 0, 1000, 1, 0, 1000), pair(2, 0, 1000, 3, 0, 1000), pair(0, 0, 200, 2, 0, 200), pair(0, 0, 260, 2, 0, 260)],
      identity(4),
    );
    expect(canonical(clusters)).toEqual(['0:0-1000 1:0-1000', '0:0-260 2:0-260', '2:0-1000 3:0-1000']);
  });

  it('joins spans of one document that are nearly the same text (≥ 80 % of the longer) at once', () => {
    // Doc 0: [0, 1000) and [0, 850): 85 % of the longer; each side also lies in another story, but
    // the two are the same passage.
    const clusters = clusterPairs([pair(0, 0, 1000, 1, 0, 1000), pair(0, 0, 850, 2, 0, 850)], identity(3));
    expect(clusters.length).toBe(1);
  });

  it('does not join neighbouring spans of one document that touch by a few characters', () => {
    // Doc 0: [0, 100) and [95, 300): overlap 5 < 50.
    const clusters = clusterPairs([pair(0, 0, 100, 1, 0, 100), pair(0, 95, 300, 2, 0, 205)], identity(3));
    expect(clusters.length).toBe(2);
    expect(canonical(clusters)).toEqual(['0:0-100 1:0-100', '0:95-300 2:0-205']);
  });

  it('does not join spans just under half overlapping', () => {
    // Overlap 49 of a shorter span of 100.
    const clusters = clusterPairs([pair(0, 0, 100, 1, 0, 100), pair(0, 51, 300, 2, 0, 249)], identity(3));
    expect(clusters.length).toBe(2);
  });

  it('joins spans of different documents through shared pairs (transitively)', () => {
    const clusters = clusterPairs([pair(0, 0, 100, 1, 0, 100), pair(1, 0, 100, 2, 10, 110), pair(2, 10, 110, 3, 5, 105)], identity(4));
    expect(clusters.length).toBe(1);
    expect(clusters[0].passages.map((p) => p.doc)).toEqual([0, 1, 2, 3]);
  });

  it('orders passages by document rank, then start', () => {
    // Rank: doc 2 first, then 0, then 1.
    const rank = Int32Array.of(1, 2, 0);
    const clusters = clusterPairs([pair(0, 10, 110, 1, 0, 100), pair(1, 0, 100, 2, 300, 400), pair(0, 500, 600, 1, 0, 90)], rank);
    expect(clusters.length).toBe(1);
    expect(clusters[0].passages.map((p) => `${p.doc}:${p.start}`)).toEqual(['2:300', '0:10', '0:500', '1:0']);
  });

  it('orders clusters by number of documents, then characters', () => {
    const clusters = clusterPairs(
      [pair(0, 0, 100, 1, 0, 100), pair(2, 0, 500, 3, 0, 500), pair(4, 0, 100, 5, 0, 100), pair(5, 0, 100, 6, 0, 100)],
      identity(7),
    );
    expect(clusters.map((c) => c.passages.map((p) => p.doc))).toEqual([[4, 5, 6], [2, 3], [0, 1]]);
  });

  it('bug (quadratic clustering of a boilerplate hub): a span paired with many documents over the same extent makes one cluster of them all', () => {
    // Document 0 holds a boilerplate paragraph at 100–400 that 60 other documents reprint, each at
    // its own place: 60 equal spans in document 0. They are one passage (and the sweep no longer
    // compares every two of them).
    const ps = Array.from({ length: 60 }, (_, i) => pair(0, 100, 400, i + 1, 10 * i, 10 * i + 300));
    const clusters = clusterPairs(ps, identity(61));
    expect(clusters).toHaveLength(1);
    expect(clusters[0].passages.filter((p) => p.doc === 0)).toEqual([{ doc: 0, start: 100, end: 400 }]);
    expect(new Set(clusters[0].passages.map((p) => p.doc)).size).toBe(61);
    expect(clusters[0].pairs).toEqual(ps.map((_, i) => i));
  });

  it('pairs repeated over the same spans change no cluster: each copy joins its original (property)', () => {
    fc.assert(
      fc.property(rawPairs, fc.array(fc.nat(), { maxLength: 10 }), (ps, picks) => {
        if (ps.length === 0) return;
        const rank = identity(6);
        const copies = picks.map((k) => ({ ...ps[k % ps.length] }));
        const x = clusterPairs(ps, rank);
        const y = clusterPairs([...ps, ...copies], rank);
        expect(y.map((c) => c.passages)).toEqual(x.map((c) => c.passages));
        const clusterOf = (c: RawCluster[], i: number) => c.findIndex((k) => k.pairs.includes(i));
        picks.forEach((k, j) => expect(clusterOf(y, ps.length + j)).toBe(clusterOf(y, k % ps.length)));
      }),
      { numRuns: 300, seed: 51 },
    );
  });

  it('returns no clusters for no pairs', () => {
    expect(clusterPairs([], identity(0))).toEqual([]);
  });
});

describe('clusterPairs on SaudiNewsNet articles', () => {
  // Regression (issue 10, nested clusters): four articles on the murals of Abha (2015-08-02/04).
  // sabq and okaz run the story in full; alweeam and alriyadh run an edited version with an opening
  // of their own. The text all four carry was a cluster of four documents; the edited version,
  // aligned whole between alweeam and alriyadh, was a second cluster of those two only, nested in
  // the first — the statement lay inside the edited version in alweeam and alriyadh and inside the
  // full story in sabq and okaz, so the attachment rule (one container only) joined nothing.
  it('the edited version of a story shares the cluster of the text it has in common with the full versions', async () => {
    const path = join(import.meta.dirname, 'fixtures', 'saudinewsnet', 'abha-murals.jsonl');
    const docs: ReprintDocument[] = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const r = await findReprints(docs);
    // Where a phrase (normalized) lies in a document, in original offsets.
    const at = (series: string, phrase: string): { doc: string; start: number; end: number } => {
      const d = docs.find((x) => x.series === series)!;
      const n = normalize(d.text);
      const i = n.text.indexOf(phrase);
      expect(i, `${phrase} in ${series}`).toBeGreaterThanOrEqual(0);
      return { doc: d.id, start: n.starts[i], end: n.ends[i + phrase.length - 1] };
    };
    const clusterOf = (where: { doc: string; start: number; end: number }): Set<number> =>
      new Set(r.clusters.filter((c) => c.passages.some((p) => p.doc === where.doc && p.start <= where.start && where.end <= p.end)).map((c) => c.id));
    // In all four (normalized text): "… represents the traditional architecture of Asir …".
    const common = 'تمثل العماره التراثيه في عسير وما يرتبط بها من قيم فنيه';
    // Only in the edited version (alweeam, alriyadh): "… to become paintings that stop visitors …".
    const edited = 'لتصبح لوحات فنيه تستوقف الزوار';
    const commonIn = ['sabq', 'okaz', 'alweeam', 'alriyadh'].map((s) => clusterOf(at(s, common)));
    const editedIn = ['alweeam', 'alriyadh'].map((s) => clusterOf(at(s, edited)));
    for (const ids of [...commonIn, ...editedIn]) expect(ids.size).toBeGreaterThan(0);
    // One cluster holds the common text in all four and the edited version's own opening.
    const shared = [...commonIn[0]].filter((id) => commonIn.every((ids) => ids.has(id)) && editedIn.every((ids) => ids.has(id)));
    expect(shared.length).toBe(1);
    expect(nestedClusters(r.clusters).count).toBe(0);
  });
});
