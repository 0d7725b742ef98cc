/**
 * Band segments for the index-store tests: generated segments of two bands, what looking keys up
 * in them one by one reports (the truth), what a store's look-up reports, and commits of segments
 * alone.
 */
import { buildSegment, INDEX_FORMAT, type BandSegment, type IndexHeader, type IndexStore } from '../../src/index-store.js';
import { matchDecoded } from '../../src/segment-codec.js';
import { mulberry32 } from './prng.js';

/**
 * Segments of two bands, one per count, with keys from `distinct` values `step` apart (so that each
 * key recurs in every segment); segment s holds documents s·1000 onwards, `perDoc` windows each.
 */
export function randomSegments(counts: readonly number[], { seed, distinct, step, perDoc }: { seed: number; distinct: number; step: number; perDoc: number }): BandSegment[] {
  const next = mulberry32(seed);
  return counts.map((count, s) => {
    const keys = [0, 1].map(() => Uint32Array.from({ length: count }, () => (next() % distinct) * step));
    const docs = Int32Array.from({ length: count }, (_, w) => s * 1000 + Math.floor(w / perDoc));
    return buildSegment(keys, docs, count);
  });
}

/** Look-up results as [band, asked position, document, times], by band then asked position (stable: each key's entries keep their order). */
const sorted = (got: number[][]): number[][] => got.sort((x, y) => x[0] - y[0] || x[1] - y[1]);

/** The truth: `query` looked up in each of `segs` one by one, oldest first. */
export function segmentLookups(segs: readonly BandSegment[], query: Uint32Array): number[][] {
  const got: number[][] = [];
  for (const b of [0, 1]) for (const seg of segs) matchDecoded(seg.keys[b], seg.docs[b], query, (i, doc, times) => got.push([b, i, doc, times]));
  return sorted(got);
}

/** What `store` reports for `query` in bands 0 and 1. */
export function storeLookups(store: IndexStore, query: Uint32Array): Promise<number[][]> {
  return store.read(async (view) => {
    const got: number[][] = [];
    for (const b of [0, 1]) await view.matchBand(b, query, (i, doc, times) => got.push([b, i, doc, times]));
    return sorted(got);
  });
}

/** Commit each segment alone (no documents, no pairs), calling `after(n)` after the n-th; the adds are counted on from `firstAdd`. */
export async function commitSegments(store: IndexStore, segs: readonly BandSegment[], after: (n: number) => Promise<void> = async () => {}, firstAdd = 0): Promise<void> {
  for (const [n, segment] of segs.entries()) {
    const header: IndexHeader = { format: INDEX_FORMAT, params: {}, documents: 0, pairs: 0, nextCluster: 0, adds: firstAdd + n + 1 };
    await store.write(async () => ({ commit: { header, documents: [], segment, pairs: [], clusterUpdates: [] }, value: undefined }));
    await after(n);
  }
}
