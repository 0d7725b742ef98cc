/**
 * Stage 4 (align) — grouping exact segments into passages: monotone chains (segments in order in both
 * documents) and single-linkage clusters (in any order). Most groups are one common phrase, so groups
 * live in typed arrays owned by the instance (grown on demand) and become arrays of segments only when
 * a caller keeps them.
 */
import type { Segment } from './seeds.js';
import { withRoom } from './typed-arrays.js';

/** Open clusters kept while clustering in any order: the oldest are closed first past this many. */
const MAX_OPEN_CLUSTERS = 32;

/** `buf` if it holds `size` values, else a fresh array of at least twice its length (contents dropped). */
function room(buf: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  return buf.length >= size ? buf : new Int32Array(Math.max(size, 2 * buf.length));
}

/**
 * Monotone chains: segments (in B order) follow each other in both documents, each within `maxGap`
 * characters of the chain's end (overlaps of up to k characters allowed). A substituted word or a
 * dropped clause does not split a passage. Most chains are one common phrase, so a chain is a list
 * of segment indices in typed arrays, and only those `keep` accepts become arrays of segments.
 * Scratch buffers belong to the instance (grown on demand).
 */
export class Chainer {
  /** Per segment: the next member of its chain (−1: the last). */
  private next = new Int32Array(256);
  /** Per chain: first and last member, and the ends it reaches in A and B. */
  private first = new Int32Array(256);
  private last = new Int32Array(256);
  private aEnd = new Int32Array(256);
  private bEnd = new Int32Array(256);
  /** Chains still open, and chains closed (in the order they closed). */
  private active = new Int32Array(256);
  private done = new Int32Array(256);

  /**
   * The chains of `segments`, in the order they close, each passed to `keep` as its members (for a
   * chain of one, a scratch array, replaced by a copy if `keep` returns it); returns what `keep`
   * returned for the chains it kept (non-null).
   */
  chains(segments: readonly Segment[], k: number, maxGap: number, keep: (members: Segment[]) => Segment[] | null): Segment[][] {
    const n = segments.length;
    for (const key of ['next', 'first', 'last', 'aEnd', 'bEnd', 'active', 'done'] as const) this[key] = room(this[key], n);
    const { next, first, last, aEnd, bEnd, active, done } = this;
    let chains = 0;
    let open = 0;
    let closed = 0;
    for (let s = 0; s < n; s++) {
      const g = segments[s];
      const gA = g.aStart;
      const gB = g.bStart;
      let best = -1;
      let bestGap = Infinity;
      // Chains still open stay in `active`, compacted in place.
      let still = 0;
      for (let t = 0; t < open; t++) {
        const c = active[t];
        const gapB = gB - bEnd[c];
        if (gapB > maxGap) {
          done[closed++] = c;
          continue;
        }
        active[still++] = c;
        const gapA = gA - aEnd[c];
        if (gapA > maxGap || gapA < -k || gapB < -k) continue;
        const gap = Math.max(gapA, gapB);
        if (gap < bestGap) {
          bestGap = gap;
          best = c;
        }
      }
      open = still;
      next[s] = -1;
      if (best >= 0) {
        next[last[best]] = s;
        last[best] = s;
        if (g.aEnd > aEnd[best]) aEnd[best] = g.aEnd;
        if (g.bEnd > bEnd[best]) bEnd[best] = g.bEnd;
      } else {
        first[chains] = s;
        last[chains] = s;
        aEnd[chains] = g.aEnd;
        bEnd[chains] = g.bEnd;
        active[open++] = chains++;
      }
    }
    for (let t = 0; t < open; t++) done[closed++] = active[t];
    const out: Segment[][] = [];
    const one: Segment[] = [];
    for (let t = 0; t < closed; t++) {
      const c = done[t];
      let members: Segment[];
      if (first[c] === last[c]) {
        // A chain of one segment (most are): no array of its own unless kept.
        one[0] = segments[first[c]];
        members = one;
      } else {
        members = [];
        for (let s = first[c]; s !== -1; s = next[s]) members.push(segments[s]);
      }
      const kept = keep(members);
      if (kept) out.push(kept === one ? [one[0]] : kept);
    }
    return out;
  }
}

/**
 * Single-linkage clusters of boxes `[aStart, aEnd] × [bStart, bEnd]` (added in B order) lying within
 * `gap` of each other in both documents, in any order: shuffled phrases still make one cluster.
 * Items are added with {@link add}; {@link run} groups them; each cluster then has a box, a size and
 * its items (in the order they joined).
 */
export class Clusterer {
  private aStart = new Int32Array(256);
  private aEnd = new Int32Array(256);
  private bStart = new Int32Array(256);
  private bEnd = new Int32Array(256);
  /** Per item: the next item of its cluster (−1: the last). */
  private next = new Int32Array(256);
  private count = 0;
  /** Per cluster: its box, its size, and its first and last items (new arrays at a {@link run} that needs more room). */
  aMin = new Int32Array(256);
  aMax = new Int32Array(256);
  bMin = new Int32Array(256);
  bMax = new Int32Array(256);
  size = new Int32Array(256);
  private first = new Int32Array(256);
  private last = new Int32Array(256);
  private active = new Int32Array(256);
  private done = new Int32Array(256);

  /** Forget the items added. */
  clear(): void {
    this.count = 0;
  }

  /** Add an item (after every item of a smaller `bStart`). */
  add(aStart: number, aEnd: number, bStart: number, bEnd: number): void {
    const i = this.count++;
    if (i === this.aStart.length) {
      for (const key of ['aStart', 'aEnd', 'bStart', 'bEnd'] as const) this[key] = withRoom(this[key], i + 1);
    }
    this.aStart[i] = aStart;
    this.aEnd[i] = aEnd;
    this.bStart[i] = bStart;
    this.bEnd[i] = bEnd;
  }

  /** Cluster the items added; returns the clusters (ids into the box arrays) in the order they closed. */
  run(gap: number): Int32Array {
    const n = this.count;
    this.next = room(this.next, n);
    for (const key of ['aMin', 'aMax', 'bMin', 'bMax', 'size', 'first', 'last', 'active', 'done'] as const) this[key] = room(this[key], n);
    const { aStart, aEnd, bStart, bEnd, next, aMin, aMax, bMin, bMax, size, first, last, active, done } = this;
    let clusters = 0;
    let open = 0;
    let closed = 0;
    for (let g = 0; g < n; g++) {
      const gAStart = aStart[g];
      const gAEnd = aEnd[g];
      const gBStart = bStart[g];
      let home = -1;
      // The clusters still open stay in `active`, compacted in place; merged ones are marked by size 0.
      let still = 0;
      for (let t = 0; t < open; t++) {
        const c = active[t];
        if (gBStart - bMax[c] > gap) {
          done[closed++] = c;
          continue;
        }
        active[still++] = c;
        if (gAEnd < aMin[c] - gap || gAStart > aMax[c] + gap) continue;
        if (home < 0) {
          home = c;
        } else {
          // The item bridges two clusters: merge the second into the first.
          if (aMin[c] < aMin[home]) aMin[home] = aMin[c];
          if (aMax[c] > aMax[home]) aMax[home] = aMax[c];
          if (bMin[c] < bMin[home]) bMin[home] = bMin[c];
          if (bMax[c] > bMax[home]) bMax[home] = bMax[c];
          next[last[home]] = first[c];
          last[home] = last[c];
          size[home] += size[c];
          size[c] = 0;
        }
      }
      open = 0;
      for (let t = 0; t < still; t++) if (size[active[t]] > 0) active[open++] = active[t];
      // Bound the work on long, noisy documents: the oldest open clusters are closed first.
      if (open > MAX_OPEN_CLUSTERS) {
        const drop = open - MAX_OPEN_CLUSTERS;
        for (let t = 0; t < drop; t++) done[closed++] = active[t];
        active.copyWithin(0, drop, open);
        open = MAX_OPEN_CLUSTERS;
      }
      next[g] = -1;
      if (home >= 0) {
        if (aStart[g] < aMin[home]) aMin[home] = aStart[g];
        if (aEnd[g] > aMax[home]) aMax[home] = aEnd[g];
        if (bEnd[g] > bMax[home]) bMax[home] = bEnd[g];
        next[last[home]] = g;
        last[home] = g;
        size[home]++;
      } else {
        const c = clusters++;
        aMin[c] = aStart[g];
        aMax[c] = aEnd[g];
        bMin[c] = bStart[g];
        bMax[c] = bEnd[g];
        size[c] = 1;
        first[c] = g;
        last[c] = g;
        active[open++] = c;
      }
    }
    for (let t = 0; t < open; t++) done[closed++] = active[t];
    return done.subarray(0, closed);
  }

  /** The items of cluster `c`, in the order they joined it. */
  items(c: number): number[] {
    const out: number[] = [];
    for (let g = this.first[c]; g !== -1; g = this.next[g]) out.push(g);
    return out;
  }
}
