/**
 * Stage 4 — passages: content-anchored windows, so a reprint is found inside a longer article.
 *
 * Fixed-offset windows would cut two copies of a passage at different places (different headlines
 * and wrapping shift everything). Instead, windows start at anchors chosen by winnowing
 * (Schleimer, Wilkerson & Aiken 2003): the minimum shingle hash of every run of `anchorWindow`
 * consecutive shingles. Anchors depend only on nearby text, so both copies of a passage get the same
 * anchors inside it, and winnowing guarantees one in every `anchorWindow` shingles. A window is the
 * `windowLength` characters from its anchor; so a shared passage of
 * `anchorWindow + shingleSize − 1 + windowLength` characters or more always yields a pair of
 * identical windows (Jaccard 1), whatever surrounds it. Shorter overlaps still give windows of high
 * Jaccard similarity.
 */

/**
 * Winnowing anchors: positions (shingle indices) of the minimum hash in every run of `w` hashes,
 * rightmost on ties, each position once, ascending. With fewer than `w` hashes, the minimum of all.
 */
export function winnow(hashes: Uint32Array, w: number, out?: Int32Array): Int32Array {
  const n = hashes.length;
  const result = out && out.length >= n ? out : new Int32Array(n);
  if (n === 0) return result.subarray(0, 0);
  const width = Math.min(w, n);
  // Monotone deque of candidate positions (increasing hash from front to back).
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let count = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const h = hashes[i];
    while (tail > head && hashes[deque[tail - 1]] >= h) tail--;
    deque[tail++] = i;
    if (deque[head] <= i - width) head++;
    if (i >= width - 1) {
      const m = deque[head];
      if (m !== last) {
        result[count++] = m;
        last = m;
      }
    }
  }
  return result.subarray(0, count);
}

/**
 * Start shingles of the passage windows of one document, ascending and distinct: one per anchor
 * whose window fits, plus the document's first and last window (reprints often keep an article's
 * opening or ending, and a document shorter than one window is one window).
 * @param shingleCount - number of shingles of the document
 * @param anchors - winnowing anchors, ascending
 * @param span - shingles per window (windowLength − shingleSize + 1)
 * @returns window start shingle indices; window i is `[start, min(start + span, shingleCount))`
 */
export function windowStarts(shingleCount: number, anchors: Int32Array, span: number): Int32Array {
  if (shingleCount === 0) return new Int32Array(0);
  if (shingleCount <= span) return Int32Array.of(0);
  const last = shingleCount - span;
  const out = new Int32Array(anchors.length + 2);
  let count = 0;
  out[count++] = 0;
  for (let i = 0; i < anchors.length && anchors[i] <= last; i++) {
    if (anchors[i] > out[count - 1]) out[count++] = anchors[i];
  }
  if (out[count - 1] !== last) out[count++] = last;
  return out.subarray(0, count);
}
