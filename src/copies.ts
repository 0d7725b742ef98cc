/**
 * Stage 4 (align) — exact-copy propagation.
 *
 * A document whose normalized text equals an earlier one's (same series unless same-series pairs
 * are on) was neither signed nor aligned. Each such copy is aligned, whole, to its first copy, and
 * takes over the first copy's aligned pairs: the same normalized spans, mapped through its own
 * offsets — linear in the copies.
 */
import type { RawPair } from './cluster.js';
import type { Corpus } from './corpus.js';
import { Normalizer, type Normalized } from './normalize.js';
import type { AlignedPairs } from './pair-alignment.js';
import { originalSpan } from './spans.js';
import type { ResolvedParams } from './types.js';

/** The pairs of every exact copy, derived from its first copy's. */
export function copyPairs(corpus: Corpus, aligned: AlignedPairs, params: ResolvedParams): RawPair[] {
  const { pairs, normSpans } = aligned;
  const { acceptPair } = corpus;
  const pairsOf = new Map<number, number[]>();
  pairs.forEach((p, i) => {
    for (const d of [p.a, p.b]) {
      if (!pairsOf.has(d)) pairsOf.set(d, []);
      (pairsOf.get(d) as number[]).push(i);
    }
  });
  const normalizer = new Normalizer(params.normalization);
  const out: RawPair[] = [];
  const firstNorm = new Map<number, Normalized>();
  for (let d = 0; d < corpus.size; d++) {
    const first = corpus.copyOf[d];
    if (first < 0 || corpus.normLength[d] < params.minLength) continue;
    const inherited = pairsOf.get(first) ?? [];
    const whole = acceptPair(first, d);
    if (!whole && inherited.length === 0) continue;
    let F = firstNorm.get(first);
    if (!F) firstNorm.set(first, (F = normalizer.normalize(corpus.docs[first].text)));
    const D = normalizer.normalize(corpus.docs[d].text);
    const text = corpus.docs[d].text;
    if (whole) {
      const [aStart, aEnd] = originalSpan(corpus.docs[first].text, F, 0, F.text.length);
      const [bStart, bEnd] = originalSpan(text, D, 0, D.text.length);
      out.push({ a: first, aStart, aEnd, b: d, bStart, bEnd, similarity: 1 });
    }
    for (const i of inherited) {
      const p = pairs[i];
      const firstIsA = p.a === first;
      const other = firstIsA ? p.b : p.a;
      if (other === d || !acceptPair(Math.min(d, other), Math.max(d, other))) continue;
      const n = normSpans[i];
      const [dStart, dEnd] = originalSpan(text, D, firstIsA ? n[0] : n[2], firstIsA ? n[1] : n[3]);
      out.push(
        firstIsA
          ? { a: d, aStart: dStart, aEnd: dEnd, b: other, bStart: p.bStart, bEnd: p.bEnd, similarity: p.similarity }
          : { a: other, aStart: p.aStart, aEnd: p.aEnd, b: d, bStart: dStart, bEnd: dEnd, similarity: p.similarity },
      );
    }
  }
  return out;
}
