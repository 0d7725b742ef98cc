/**
 * Signature throughput on 2,000-character documents, on one core and on every core (worker threads
 * running the same job on a share of the documents), against the npm `minhash` package.
 *
 * Two figures, both from already-normalized text (normalization is timed as its own stage):
 *  - `document`: shingle hashes + one one-permutation MinHash signature per document — the like-for-like
 *    comparison with npm `minhash`, which makes one signature per document;
 *  - `passages`: what the engine's sign stage does — shingle hashes, winnowing anchors, and one
 *    signature per passage window.
 * Characters are counted in the original 2,000-character documents.
 */
import { Worker } from 'node:worker_threads';
import { normalizeUnits } from '../src/normalize.js';
import { resolveOptions, type FindReprintsOptions } from '../src/index.js';
import { windowSpan, windowStarts } from '../src/passages.js';
import { shingleHashes } from '../src/shingle.js';
import { Signer } from '../src/signature.js';
import { WindowSigner } from '../src/window-signer.js';

export type SignMode = 'document' | 'passages';

/** Cut texts into pieces of exactly `length` characters (at most `count` pieces). */
export function piecesOf(texts: Iterable<string>, length: number, count: number): string[] {
  const out: string[] = [];
  for (const t of texts) {
    for (let i = 0; i + length <= t.length && out.length < count; i += length) out.push(t.slice(i, i + length));
    if (out.length >= count) break;
  }
  return out;
}

/** Normalize once (copies: `normalizeUnits` reuses its buffer). */
export function normalizeAll(texts: readonly string[], options: FindReprintsOptions = {}): Uint16Array[] {
  const p = resolveOptions(options);
  return texts.map((t) => normalizeUnits(t, p.normalization).slice());
}

/** Sign `units` repeatedly for at least `minMs`; returns characters/s (counting `charsPerDoc` a document). */
export function signThroughput(
  units: readonly Uint16Array[],
  charsPerDoc: number,
  mode: SignMode,
  minMs: number,
  options: FindReprintsOptions = {},
): { charsPerSecond: number; signatures: number } {
  const p = resolveOptions(options);
  const signer = new Signer(p.signatureSize, p.seed);
  const windowSigner = new WindowSigner(p.signatureSize, p.seed, p.bands, p.rows);
  const span = windowSpan(p);
  const hashBuf = new Uint32Array(64 * 1024);
  const out = new Uint32Array(p.signatureSize * 1024);
  let chars = 0;
  let signatures = 0;
  let checksum = 0;
  const t0 = performance.now();
  let elapsed = 0;
  for (let round = 0; elapsed < minMs || round < units.length; round++) {
    const u = units[round % units.length];
    if (mode === 'document') {
      const h = shingleHashes(u, p.shingleSize, hashBuf);
      signer.sign(h, 0, h.length, out, 0);
      signatures++;
    } else {
      // As the engine's sign task: the hashes in the window signer's memory, the windows' band keys from them.
      const h = windowSigner.shingle(u, p.shingleSize);
      const starts = windowStarts(h.length, windowSigner.winnow(p.anchorWindow), span, h);
      if (out.length < starts.length * p.bands) throw new Error(`a ${u.length}-character piece has more windows than the bench's buffer`);
      windowSigner.windowKeys(starts, span, out, 0);
      signatures += starts.length;
    }
    checksum ^= out[0];
    chars += charsPerDoc;
    if ((round & 63) === 0) elapsed = performance.now() - t0;
  }
  elapsed = performance.now() - t0;
  if (checksum === 0.5) console.log(checksum); // keep the work observable
  return { charsPerSecond: (chars / elapsed) * 1000, signatures };
}

/** Worker threads do not inherit the tsx loader: register it, then load the TypeScript worker. */
const WORKER_BOOT = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(
  new URL('./signatures-worker.ts', import.meta.url).href,
)}); })`;

/** Run `signThroughput` in `threads` worker threads at once, each on its share; total characters/s. */
export async function signThroughputParallel(
  texts: readonly string[],
  mode: SignMode,
  threads: number,
  minMs: number,
  options: FindReprintsOptions = {},
): Promise<number> {
  const shares = Array.from({ length: threads }, (_, t) => texts.filter((_, i) => i % threads === t));
  const { onProgress: _drop, ...plain } = options;
  const results = await Promise.all(
    shares.map(
      (share) =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(WORKER_BOOT, {
            eval: true,
            workerData: { texts: share, mode, minMs, options: plain, charsPerDoc: share[0]?.length ?? 0 },
          });
          worker.once('message', (m: number) => resolve(m));
          worker.once('error', reject);
        }),
    ),
  );
  return results.reduce((a, b) => a + b, 0);
}
