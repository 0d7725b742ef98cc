/**
 * Peer: the npm `minhash` package (v0.0.9, Douglas Duhaime) — classic MinHash with `numPerm` hash
 * functions (each `update(str)` re-hashes the string once per permutation) and a banded `LshIndex`
 * keyed by `band.join('.')` strings. Its `LshIndex.query` throws a TypeError on a band it has never
 * seen (`this.index[band]` is undefined), so querying before inserting — the natural streaming use —
 * crashes; we catch and count that.
 */
import { createRequire } from 'node:module';

interface NpmMinhash {
  hashvalues: number[];
  update(str: string): void;
}
interface NpmLshIndex {
  insert(key: string, m: NpmMinhash): void;
  query(m: NpmMinhash): string[];
}
interface NpmMinhashModule {
  Minhash: new (config?: { numPerm?: number; seed?: number }) => NpmMinhash;
  LshIndex: new (args?: { bandSize?: number }) => NpmLshIndex;
}

const lib = createRequire(import.meta.url)('minhash') as NpmMinhashModule;

/** The k-gram strings of a text, as the package's user would feed them. */
export function shingleStrings(text: string, k: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + k <= text.length; i++) out.push(text.slice(i, i + k));
  return out;
}

/** One npm-minhash signature of a set of shingle strings. */
export function npmSignature(shingles: readonly string[], numPerm: number): NpmMinhash {
  const m = new lib.Minhash({ numPerm });
  for (const s of shingles) m.update(s);
  return m;
}

/**
 * Characters/s of npm `minhash` signing whole documents (normalized text, k-gram strings), measured
 * for at least `minMs` milliseconds.
 */
export function npmSignatureThroughput(texts: readonly string[], k: number, numPerm: number, minMs = 2000): number {
  let chars = 0;
  const t0 = performance.now();
  let elapsed = 0;
  for (let round = 0; elapsed < minMs; round++) {
    const text = texts[round % texts.length];
    npmSignature(shingleStrings(text, k), numPerm);
    chars += text.length;
    elapsed = performance.now() - t0;
  }
  return (chars / elapsed) * 1000;
}

export interface NpmLshRun {
  /** Document pairs (keys from `pairKey`) some window of which the index returned. */
  found: Set<number>;
  queries: number;
  /** Queries that threw on an unseen band. */
  crashes: number;
  ms: number;
}

/**
 * Index passage windows with the package's `LshIndex` and collect candidate document pairs.
 * `streaming`: each document queries before inserting its own windows (crashes on unseen bands are
 * caught, counted, and yield nothing); otherwise all windows are inserted first, then all queried.
 */
export function npmLshCandidates(
  windows: ReadonlyArray<{ doc: number; shingles: string[] }>,
  numPerm: number,
  bandSize: number,
  streaming: boolean,
  pairKey: (a: number, b: number) => number,
  accept: (a: number, b: number) => boolean,
): NpmLshRun {
  const t0 = performance.now();
  const index = new lib.LshIndex({ bandSize });
  const sigs = windows.map((w) => npmSignature(w.shingles, numPerm));
  const found = new Set<number>();
  let crashes = 0;
  let queries = 0;
  const query = (i: number): void => {
    queries++;
    let keys: string[] = [];
    try {
      keys = index.query(sigs[i]);
    } catch {
      crashes++;
    }
    const a = windows[i].doc;
    for (const key of keys) {
      const b = windows[Number(key)].doc;
      if (a !== b && accept(Math.min(a, b), Math.max(a, b))) found.add(pairKey(a, b));
    }
  };
  if (streaming) {
    let i = 0;
    while (i < windows.length) {
      let j = i;
      while (j < windows.length && windows[j].doc === windows[i].doc) j++;
      for (let q = i; q < j; q++) query(q);
      for (let q = i; q < j; q++) index.insert(String(q), sigs[q]);
      i = j;
    }
  } else {
    windows.forEach((_, i) => index.insert(String(i), sigs[i]));
    windows.forEach((_, i) => query(i));
  }
  return { found, queries, crashes, ms: performance.now() - t0 };
}
