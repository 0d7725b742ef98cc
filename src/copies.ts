/**
 * Stage 5 (cluster) — exact copies, kept out of the clustering and expanded afterwards.
 *
 * A document whose normalized text equals an earlier one's (same series unless same-series pairs
 * are on) was neither signed nor aligned: its first copy — the family's head — stands for it.
 * Clustering sees only the heads: a family with copies that may be paired with the head adds one
 * marker, the head's whole text paired with itself, where n whole-copy pairs would put n identical
 * spans in the head. After clustering, every copy gets the head's passages at its own offsets
 * (same normalized span, mapped through its own offset map), and one pair with the head: its whole
 * text, similarity 1, in the cluster of the marker. Copies cost linear time and memory, however
 * many pairs their head has — a copy inherits none of them.
 */
import type { RawCluster, RawPair, RawPassage } from './cluster.js';
import type { Corpus } from './corpus.js';
import { Normalizer, toOriginal, type Normalized } from './normalize.js';
import { originalSpan, widenToMarksAndPunctuation } from './spans.js';
import type { ResolvedParams } from './types.js';

/** The families of exact copies of one corpus. */
export class CopyFamilies {
  /** Copies of each head, in input order. */
  private readonly copies = new Map<number, number[]>();
  /** Heads with at least one copy that may be paired with them (different series, or same-series on). */
  private readonly paired = new Set<number>();
  /** Whole-copy pairs of each head, made by `expand`. */
  private readonly whole = new Map<number, RawPair[]>();
  private readonly normalizer: Normalizer;

  constructor(
    private readonly corpus: Corpus,
    params: ResolvedParams,
  ) {
    this.normalizer = new Normalizer(params.normalization);
    for (let d = 0; d < corpus.size; d++) {
      const head = corpus.copyOf[d];
      // A copy too short to hold a passage can have none (its head has none either).
      if (head < 0 || corpus.normLength[d] < params.minLength) continue;
      let list = this.copies.get(head);
      if (!list) this.copies.set(head, (list = []));
      list.push(d);
      if (corpus.acceptPair(head, d)) this.paired.add(head);
    }
  }

  /** One marker pair per family with pairable copies: the head's whole text paired with itself. */
  markers(): RawPair[] {
    const out: RawPair[] = [];
    for (const head of [...this.paired].sort((x, y) => x - y)) {
      const [start, end] = this.wholeSpan(head, this.normalizer.normalize(this.corpus.docs[head].text));
      out.push({ a: head, aStart: start, aEnd: end, b: head, bStart: start, bEnd: end, similarity: 1 });
    }
    return out;
  }

  /** Whether a pair is a family marker (to be replaced by the family's whole-copy pairs). */
  static isMarker(p: RawPair): boolean {
    return p.a === p.b;
  }

  /** The whole-copy pairs of a head (after `expand`): one per pairable copy, head first. */
  wholePairs(head: number): RawPair[] {
    return this.whole.get(head) ?? [];
  }

  /**
   * Give every copy its head's passages, at its own offsets, in the head's clusters, and make the
   * whole-copy pairs. Passages are appended to the clusters (the caller orders them).
   */
  expand(clusters: RawCluster[]): void {
    const { corpus } = this;
    // The head's passages, with their clusters.
    const ofHead = new Map<number, [RawPassage, RawCluster][]>();
    for (const c of clusters) {
      for (const p of c.passages) {
        if (!this.copies.has(p.doc)) continue;
        let list = ofHead.get(p.doc);
        if (!list) ofHead.set(p.doc, (list = []));
        list.push([p, c]);
      }
    }
    for (const [head, copies] of this.copies) {
      const passages = ofHead.get(head) ?? [];
      if (passages.length === 0 && !this.paired.has(head)) continue;
      const H = this.normalizer.normalize(corpus.docs[head].text);
      // Each head passage as a normalized span: the units lying inside it.
      const spans = passages.map(([p]) => [lowerBound(H.starts, p.start), upperBound(H.ends, p.end)]);
      const [hStart, hEnd] = this.wholeSpan(head, H);
      const whole: RawPair[] = [];
      for (const d of copies) {
        const D = this.normalizer.normalize(corpus.docs[d].text);
        const text = corpus.docs[d].text;
        passages.forEach(([, cluster], i) => {
          const [from, to] = spans[i];
          const [s, e] = toOriginal(D, from, to);
          if (e > s) cluster.passages.push({ doc: d, ...asSpan(widenToMarksAndPunctuation(text, s, e)) });
        });
        if (corpus.acceptPair(head, d)) {
          const [bStart, bEnd] = this.wholeSpan(d, D);
          whole.push({ a: head, aStart: hStart, aEnd: hEnd, b: d, bStart, bEnd, similarity: 1 });
        }
      }
      if (whole.length) this.whole.set(head, whole);
    }
  }

  private wholeSpan(doc: number, norm: Normalized): [number, number] {
    return originalSpan(this.corpus.docs[doc].text, norm, 0, norm.text.length);
  }
}

function asSpan([start, end]: [number, number]): { start: number; end: number } {
  return { start, end };
}

/** First index whose value is ≥ x (values ascending). */
function lowerBound(values: Int32Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One past the last index whose value is ≤ x (values ascending). */
function upperBound(values: Int32Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
