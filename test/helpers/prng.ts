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
