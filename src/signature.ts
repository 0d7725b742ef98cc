/**
 * Stage 2 (sign) — MinHash signatures by one-permutation hashing (OPH) with optimal densification.
 *
 * Classic MinHash (Broder 1997) applies K hash functions to every shingle: O(n·K). OPH
 * (Li, Owen & Zhang 2012) applies one seeded permutation, splits its range into K bins and keeps
 * the minimum of each bin: O(n + K). Empty bins are filled by optimal densification
 * (Shrivastava, ICML 2017): an empty bin i borrows the value of the first non-empty bin in its own
 * seeded probe sequence, which keeps Pr[sigA[i] = sigB[i]] = Jaccard(A, B) for every bin.
 */
import { fmix32 } from './shingle.js';

const GOLDEN = 0x9e3779b1;

/** Bin value of an empty bin; real values are the low 30 bits of the hash, so they never equal it. */
const EMPTY = 0x7fffffff;
const VALUE_MASK = 0x3fffffff;

/** The mixes of a seed: the permutation's and the densification probes' (`window-signer.ts` uses them too). */
export function seedMixes(seed: number): { seedMix: number; probeMix: number } {
  const seedMix = fmix32(Math.imul(seed + 1, GOLDEN)) | 0;
  return { seedMix, probeMix: fmix32(seedMix ^ 0x5bd1e995) };
}

/** Reusable state for signing ranges of shingle hashes with one (size, seed). */
export class Signer {
  readonly size: number;
  private readonly seedMix: number;
  private readonly probeMix: number;
  private readonly mins: Int32Array;

  /**
   * @param size - number of bins K (signature length), 1…65536
   * @param seed - seed of the permutation and of the densification probes
   */
  constructor(size: number, seed: number) {
    this.size = size;
    ({ seedMix: this.seedMix, probeMix: this.probeMix } = seedMixes(seed));
    this.mins = new Int32Array(size);
  }

  /**
   * Sign the shingle hashes `hashes[from .. to)` into `out[at .. at + size)`.
   * @returns false (and writes nothing) when the range is empty
   */
  sign(hashes: Uint32Array, from: number, to: number, out: Uint32Array, at: number): boolean {
    if (to <= from) return false;
    const { size, seedMix, mins } = this;
    mins.fill(EMPTY);
    for (let i = from; i < to; i++) {
      let g = Math.imul(hashes[i] ^ seedMix, 0x85ebca6b);
      g ^= g >>> 15;
      const bin = ((g >>> 16) * size) >>> 16;
      const m = mins[bin];
      const d = (g & VALUE_MASK) - m;
      // min(v, m) without a branch (whether a shingle lowers its bin is a coin toss early in a
      // range, so a branch mispredicts often): both are non-negative int32, v − m cannot overflow.
      mins[bin] = m + (d & (d >> 31));
    }
    this.densify(out, at);
    return true;
  }

  /** Optimal densification: each empty bin takes the first non-empty bin of its probe sequence. */
  private densify(out: Uint32Array, at: number): void {
    const { size, mins, probeMix } = this;
    for (let i = 0; i < size; i++) {
      let v = mins[i];
      for (let attempt = 1; v === EMPTY; attempt++) {
        const p = fmix32(Math.imul(i + 1, GOLDEN) ^ Math.imul(attempt, 0x85ebca77) ^ probeMix);
        v = mins[((p >>> 16) * size) >>> 16];
      }
      out[at + i] = v;
    }
  }
}

/**
 * One MinHash signature of a whole range of shingle hashes.
 * @example
 * const sig = minhashSignature(shingleHashes(normalize(text).text, 7), 64, 1);
 */
export function minhashSignature(hashes: Uint32Array, size: number, seed: number): Uint32Array {
  const out = new Uint32Array(size);
  new Signer(size, seed).sign(hashes, 0, hashes.length, out, 0);
  return out;
}

/** Estimated Jaccard similarity: the share of equal bins. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
