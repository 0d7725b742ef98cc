/** mulberry32: a small seeded PRNG for generated test data. Same seed, same sequence. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform floats in [0, 1) from mulberry32. */
export function prng(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 2 ** 32;
}

/**
 * 1,000 distinct words of 2–4 random letters: every 7-gram of text made of them spans two words, so
 * matches between unrelated texts are rare.
 */
export function vocabulary(r: () => number): string[] {
  const seen = new Set<string>();
  while (seen.size < 1000) {
    const len = 2 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < len; i++) w += String.fromCharCode(97 + Math.floor(r() * 26));
    seen.add(w);
  }
  return [...seen];
}

/** A Fisher–Yates shuffle of a copy of `items`, driven by `r` (uniform floats in [0, 1)). */
export function shuffle<T>(items: readonly T[], r: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
