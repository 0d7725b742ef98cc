import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandKeys } from '../src/lsh.js';
import { windowSpan, windowStarts, winnow } from '../src/passages.js';
import { shingleHashes } from '../src/shingle.js';
import { Signer } from '../src/signature.js';
import { WindowSigner } from '../src/window-signer.js';

/** The band keys of each window as the JavaScript reference computes them: `Signer.sign`, then `bandKeys`. */
function referenceKeys(hashes: Uint32Array, starts: ArrayLike<number>, span: number, size: number, seed: number, bands: number, rows: number): number[] {
  const signer = new Signer(size, seed);
  const sig = new Uint32Array(size);
  const out = new Uint32Array(starts.length * bands);
  for (let i = 0; i < starts.length; i++) {
    signer.sign(hashes, starts[i], Math.min(starts[i] + span, hashes.length), sig, 0);
    bandKeys(sig, 0, bands, rows, out, i * bands);
  }
  return Array.from(out);
}

/**
 * Put `hashes` in the signer as the current document's shingles: a document of as many shingles is
 * shingled, then its hashes are overwritten in place (the array `shingle` returns is the memory).
 */
function setHashes(signer: WindowSigner, hashes: Uint32Array, k = 3): Uint32Array {
  const view = signer.shingle(new Uint16Array(hashes.length + k - 1), k);
  expect(view.length).toBe(hashes.length);
  view.set(hashes);
  return view;
}

/** The keys from a {@link WindowSigner} of windows over `hashes`. */
function wasmKeys(signer: WindowSigner, hashes: Uint32Array, starts: Int32Array, span: number, bands: number): number[] {
  setHashes(signer, hashes);
  const out = new Uint32Array(starts.length * bands + 2).fill(0xdeadbeef);
  signer.windowKeys(starts, span, out, 1);
  // Nothing written outside the windows' keys.
  expect(out[0]).toBe(0xdeadbeef);
  expect(out[out.length - 1]).toBe(0xdeadbeef);
  return Array.from(out.subarray(1, out.length - 1));
}

/** Where two key lists first differ (−1: nowhere), so that a failure prints one index, not 45,000 keys. */
function firstDifference(a: number[], b: number[]): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  return a.findIndex((v, i) => v !== b[i]);
}

describe('WindowSigner', () => {
  it('hashes every k-gram as shingleHashes does, bit for bit (property)', () => {
    const signer = new WindowSigner(48, 1, 15, 3);
    fc.assert(
      fc.property(
        // Arabic, Latin and any other units, surrogates included; shorter than k too.
        fc.array(fc.oneof(fc.integer({ min: 0x600, max: 0x6ff }), fc.integer({ min: 0, max: 0xffff })), { maxLength: 500 }),
        fc.integer({ min: 1, max: 12 }),
        (codes, k) => {
          const units = Uint16Array.from(codes);
          expect(Array.from(signer.shingle(units, k))).toEqual(Array.from(shingleHashes(units, k)));
        },
      ),
      { numRuns: 300, seed: 23 },
    );
  });

  it('winnows as winnow does: the same anchors, rightmost minimum on ties (property)', () => {
    const signer = new WindowSigner(48, 1, 15, 3);
    fc.assert(
      fc.property(
        // Few distinct values make many ties; full-range values test unsigned order.
        fc.oneof(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 400 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 400 })),
        fc.integer({ min: 0, max: 90 }),
        (values, w) => {
          const hashes = Uint32Array.from(values);
          setHashes(signer, hashes);
          expect(Array.from(signer.winnow(w))).toEqual(Array.from(winnow(hashes, w)));
        },
      ),
      { numRuns: 400, seed: 29 },
    );
  });

  it('gives every window the band keys of Signer.sign and bandKeys, bit for bit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 600 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (values, picks, span, bands, rows, spare, seed) => {
          const hashes = Uint32Array.from(values);
          const size = bands * rows + spare;
          // Any starts inside the document, in any order (windows near the end are cut short).
          const starts = Int32Array.from(picks, (p) => p % hashes.length);
          const signer = new WindowSigner(size, seed, bands, rows);
          expect(firstDifference(wasmKeys(signer, hashes, starts, span, bands), referenceKeys(hashes, starts, span, size, seed, bands, rows))).toBe(-1);
        },
      ),
      { numRuns: 300, seed: 19 },
    );
  });

  it('signs more windows than one call holds, and reuses its memory as documents grow and shrink', () => {
    const size = 48;
    const [bands, rows, span] = [15, 3, 94];
    const signer = new WindowSigner(size, 1, bands, rows);
    let x = 12345;
    const random = (n: number): Uint32Array => Uint32Array.from({ length: n }, () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0));
    // 3,000 windows (three calls of 1,024 and a rest), then a short document, then a long one.
    for (const n of [5000, 120, 300_000, 40]) {
      const hashes = random(n);
      const starts = Int32Array.from({ length: Math.min(3000, n) }, (_, i) => Math.floor((i * n) / Math.min(3000, n)));
      expect(firstDifference(wasmKeys(signer, hashes, starts, span, bands), referenceKeys(hashes, starts, span, size, 1, bands, rows))).toBe(-1);
    }
  });

  it('signs the windows of real text as the engine cuts them (a seed document, default parameters)', () => {
    const text = readFileSync(fileURLToPath(new URL('./fixtures/seeds/000_9a2da25b0221ecc8.txt', import.meta.url)), 'utf8');
    const [shingleSize, size, bands, rows] = [7, 48, 15, 3];
    const span = windowSpan({ windowLength: 100, shingleSize });
    const units = Uint16Array.from(text, (c) => c.charCodeAt(0));
    const hashes = shingleHashes(units, shingleSize);
    const starts = windowStarts(hashes.length, winnow(hashes, 50), span, hashes);
    expect(starts.length).toBeGreaterThan(3);
    // The whole sequence as the sign task runs it: shingle, winnow, window keys.
    const signer = new WindowSigner(size, 1, bands, rows);
    expect(Array.from(signer.shingle(units, shingleSize))).toEqual(Array.from(hashes));
    expect(Array.from(signer.winnow(50))).toEqual(Array.from(winnow(hashes, 50)));
    const out = new Uint32Array(starts.length * bands);
    signer.windowKeys(starts, span, out, 0);
    expect(firstDifference(Array.from(out), referenceKeys(hashes, starts, span, size, 1, bands, rows))).toBe(-1);
  });

  // Regression: the signer grew its WebAssembly memory, which detaches the memory's old ArrayBuffer;
  // in V8 the first detached buffer of a process makes every later typed-array access of optimized
  // code check for it, and the whole engine ran about 8 % slower (SaudiNewsNet: align +0.6 s).
  it('never detaches a buffer when a longer document needs more memory (a new memory instead of grow)', () => {
    const signer = new WindowSigner(48, 1, 15, 3);
    const first = signer.shingle(new Uint16Array(100).fill(0x627), 7);
    for (const n of [200_000, 1_500_000]) {
      const buffer = signer.shingle(new Uint16Array(n).fill(0x628), 7).buffer;
      expect(buffer.byteLength).toBeGreaterThanOrEqual(n * 4);
    }
    // The first document's memory is still whole (a grown memory leaves its old buffer at 0 bytes).
    expect(first.buffer.byteLength).toBeGreaterThan(0);
    expect(first.length).toBe(94);
  });
});
