/**
 * Stage 2 (sign) — passages: content-anchored windows, so a reprint is found inside a longer article.
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
 *
 * The engine winnows in WebAssembly (`window-signer.ts`, the same anchors); `winnow` here is the
 * reference it is tested against, and what the benchmarks' exact ground truth uses.
 */

/**
 * Winnowing anchors: positions (shingle indices) of the minimum hash in every run of `w` hashes,
 * rightmost on ties, each position once, ascending. With fewer than `w` hashes, the minimum of all.
 * `out`, when it holds at least `hashes.length` values, receives the anchors (no allocation).
 *
 * Block minima (van Herk 1992; Gil & Werman 1993): the hashes are cut into blocks of `w`; a window
 * is the end of one block and the start of the next, so its minimum is the lesser of a suffix
 * minimum of the first block and a running prefix minimum of the second — two plain passes over the
 * hashes, with no deque to maintain (about twice as fast as the monotone-deque method).
 */
export function winnow(hashes: Uint32Array, w: number, out?: Int32Array): Int32Array {
  const n = hashes.length;
  if (n === 0) return new Int32Array(0);
  const width = Math.min(Math.max(1, w), n);
  let result = out && out.length >= n ? out : new Int32Array(Math.min(n, Math.ceil((2 * n) / (width + 1)) + 16));
  let count = 0;
  let last = -1;
  // suffix[x]: the rightmost minimum of the previous block from its x-th element to its end.
  const suffix = new Int32Array(width);
  for (let start = 0; start < n; start += width) {
    const end = Math.min(n, start + width);
    const previous = start - width;
    if (previous >= 0) {
      let m = start - 1;
      suffix[width - 1] = m;
      for (let x = start - 2; x >= previous; x--) {
        if (hashes[x] < hashes[m]) m = x;
        suffix[x - previous] = m;
      }
    }
    let prefix = start;
    for (let r = start; r < end; r++) {
      if (hashes[r] <= hashes[prefix]) prefix = r;
      const l = r - width + 1;
      if (l < 0) continue;
      let m = prefix;
      if (l < start) {
        const s = suffix[l - previous];
        if (hashes[s] < hashes[prefix]) m = s;
      }
      if (m !== last) {
        if (count === result.length) {
          const grown = new Int32Array(Math.min(n, result.length * 2));
          grown.set(result);
          result = grown;
        }
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
 *
 * Given the hashes, a window holding the same shingles as the window kept before it is left out:
 * it would get the same signature and the same LSH keys, so it adds nothing. This keeps repetitive
 * text linear. Winnowing takes the rightmost minimum on ties, so in a run of one repeated character
 * (or a word, or any period shorter than `anchorWindow`) the anchor moves with every period and
 * every position would start a window — 2,000,000 × `ا` made 2 M windows, 25 s of signing. The
 * tie rule stays (it keeps anchors a function of the nearby text, which the shared-window guarantee
 * rests on); the repeated windows go. Comparing stops at the first differing shingle, so ordinary
 * text pays one comparison per window.
 * @param shingleCount - number of shingles of the document
 * @param anchors - winnowing anchors, ascending
 * @param span - shingles per window (windowLength − shingleSize + 1)
 * @param hashes - the document's shingle hashes; when given, repeated windows are left out
 * @returns window start shingle indices; window i is `[start, min(start + span, shingleCount))`
 */
export function windowStarts(shingleCount: number, anchors: Int32Array, span: number, hashes?: Uint32Array): Int32Array {
  if (shingleCount === 0) return new Int32Array(0);
  if (shingleCount <= span) return Int32Array.of(0);
  const last = shingleCount - span;
  const out = new Int32Array(anchors.length + 2);
  let count = 0;
  out[count++] = 0;
  // Start of the last window added or left out as a repeat: candidates must lie beyond it.
  let previous = 0;
  const add = (start: number): void => {
    if (start <= previous) return;
    previous = start;
    if (hashes && sameWindow(hashes, out[count - 1], start, span)) return;
    out[count++] = start;
  };
  for (let i = 0; i < anchors.length && anchors[i] <= last; i++) add(anchors[i]);
  add(last);
  return out.subarray(0, count);
}

/** Whether the windows of `span` shingles at `x` and `y` hold the same hashes, position by position. */
function sameWindow(hashes: Uint32Array, x: number, y: number, span: number): boolean {
  for (let t = 0; t < span; t++) if (hashes[x + t] !== hashes[y + t]) return false;
  return true;
}

/**
 * Shingles per passage window: a window of `windowLength` characters holds this many k-grams.
 */
export function windowSpan(params: { windowLength: number; shingleSize: number }): number {
  return Math.max(1, params.windowLength - params.shingleSize + 1);
}
