import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Chainer, Clusterer } from '../src/segment-groups.js';
import type { Segment } from '../src/seeds.js';

/**
 * Reference groupings, written plainly with an object per group (as the aligner grouped before it
 * used typed arrays): the typed-array groupers must give the same groups, in the same order.
 */
function referenceClusters(items: Segment[], gap: number, maxOpen = 32): { box: number[]; members: number[] }[] {
  type C = { box: number[]; members: number[]; dead: boolean };
  const done: C[] = [];
  let active: C[] = [];
  items.forEach((g, i) => {
    let home: C | null = null;
    const still: C[] = [];
    for (const c of active) {
      const [aMin, aMax, , bMax] = c.box;
      if (g.bStart - bMax > gap) {
        done.push(c);
        continue;
      }
      still.push(c);
      if (g.aEnd < aMin - gap || g.aStart > aMax + gap) continue;
      if (!home) home = c;
      else {
        home.box = [Math.min(home.box[0], c.box[0]), Math.max(home.box[1], c.box[1]), Math.min(home.box[2], c.box[2]), Math.max(home.box[3], c.box[3])];
        home.members.push(...c.members);
        c.dead = true;
      }
    }
    active = still.filter((c) => !c.dead);
    while (active.length > maxOpen) done.push(active.shift() as C);
    if (home) {
      const h: C = home;
      h.box = [Math.min(h.box[0], g.aStart), Math.max(h.box[1], g.aEnd), h.box[2], Math.max(h.box[3], g.bEnd)];
      h.members.push(i);
    } else active.push({ box: [g.aStart, g.aEnd, g.bStart, g.bEnd], members: [i], dead: false });
  });
  return [...done, ...active].map(({ box, members }) => ({ box, members }));
}

function referenceChains(items: Segment[], k: number, maxGap: number): number[][] {
  const done: number[][] = [];
  let active: { members: number[]; aEnd: number; bEnd: number }[] = [];
  items.forEach((g, i) => {
    let best: (typeof active)[number] | null = null;
    let bestGap = Infinity;
    const still: typeof active = [];
    for (const c of active) {
      if (g.bStart - c.bEnd > maxGap) {
        done.push(c.members);
        continue;
      }
      still.push(c);
      const gapA = g.aStart - c.aEnd;
      const gapB = g.bStart - c.bEnd;
      if (gapA > maxGap || gapA < -k || gapB < -k) continue;
      if (Math.max(gapA, gapB) < bestGap) {
        bestGap = Math.max(gapA, gapB);
        best = c;
      }
    }
    active = still;
    if (best) {
      best.members.push(i);
      best.aEnd = Math.max(best.aEnd, g.aEnd);
      best.bEnd = Math.max(best.bEnd, g.bEnd);
    } else active.push({ members: [i], aEnd: g.aEnd, bEnd: g.bEnd });
  });
  return [...done, ...active.map((c) => c.members)];
}

/** Segments in B order, some long, many short, on a few hundred characters (so they group). */
const segmentList = fc
  .array(fc.record({ a: fc.nat(600), b: fc.nat(600), len: fc.integer({ min: 1, max: 40 }) }), { maxLength: 700 })
  .map((xs) => xs.map(({ a, b, len }) => ({ aStart: a, aEnd: a + len, bStart: b, bEnd: b + len })).sort((x, y) => x.bStart - y.bStart));

describe('grouping segments in typed arrays', () => {
  it('Clusterer gives the clusters of the plain single-linkage grouping: boxes, members, close order (property)', () => {
    const clusterer = new Clusterer();
    fc.assert(
      fc.property(segmentList, fc.integer({ min: 0, max: 80 }), (items, gap) => {
        clusterer.clear();
        for (const g of items) clusterer.add(g.aStart, g.aEnd, g.bStart, g.bEnd);
        const closed = clusterer.run(gap);
        const { aMin, aMax, bMin, bMax, size } = clusterer;
        const got = [...closed].map((c) => ({ box: [aMin[c], aMax[c], bMin[c], bMax[c]], members: clusterer.items(c) }));
        expect(got).toEqual(referenceClusters(items, gap));
        expect([...closed].map((c) => size[c])).toEqual(got.map((c) => c.members.length));
      }),
      { numRuns: 150 },
    );
  });

  it('a run of more items than any before (its arrays grown, the box arrays replaced) groups them all: 5,000 items after 3', () => {
    const clusterer = new Clusterer();
    clusterer.add(0, 10, 0, 10);
    clusterer.add(1000, 1010, 1, 11);
    clusterer.add(5, 15, 5, 15);
    clusterer.run(20);
    clusterer.clear();
    const items = Array.from({ length: 5_000 }, (_, i) => ({ aStart: 3 * i, aEnd: 3 * i + 2, bStart: 3 * i, bEnd: 3 * i + 2 }));
    for (const g of items) clusterer.add(g.aStart, g.aEnd, g.bStart, g.bEnd);
    const closed = clusterer.run(5);
    expect(closed.length).toBe(1);
    expect([clusterer.aMin[closed[0]], clusterer.aMax[closed[0]], clusterer.size[closed[0]]]).toEqual([0, 14_999, 5_000]);
  });

  it('Chainer gives the chains of the plain monotone chaining, in close order; only kept chains are returned (property)', () => {
    const chainer = new Chainer();
    fc.assert(
      fc.property(segmentList, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 80 }), (items, k, maxGap) => {
        const all: number[][] = [];
        const kept = chainer.chains(items, k, maxGap, (members) => {
          all.push(members.map((g) => items.indexOf(g)));
          return members.length > 1 ? members : null;
        });
        const want = referenceChains(items, k, maxGap);
        expect(all).toEqual(want);
        expect(kept.map((c) => c.map((g) => items.indexOf(g)))).toEqual(want.filter((c) => c.length > 1));
      }),
      { numRuns: 150 },
    );
  });
});
