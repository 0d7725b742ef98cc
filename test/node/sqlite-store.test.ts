/**
 * The SQLite store keeps document metadata and pairs between operations of one open index: they must
 * follow this process's adds and be read again when another connection (another process) has added.
 * It merges band segments as it adds and keeps some decoded (its own commits, bands read twice): a
 * look-up must report what the segments of the adds one by one would.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPool, generateCorpus } from '../../bench/synthetic.js';
import { buildSegment, INDEX_FORMAT, type BandSegment, type IndexHeader, type IndexStore } from '../../src/index-store.js';
import { matchDecoded } from '../../src/segment-codec.js';
import type { ReprintDocument } from '../../src/index.js';
import { openIndex } from '../../src/node/index.js';
import { SqliteIndexStore } from '../../src/node/sqlite-store.js';

const seedsDir = join(import.meta.dirname, '..', 'fixtures', 'seeds');
const pool = buildPool(readdirSync(seedsDir).sort().map((f) => readFileSync(join(seedsDir, f), 'utf8')));
const docs: ReprintDocument[] = [...generateCorpus({ docs: 450, seed: 5, pool }).documents];
const parts = [docs.slice(0, 150), docs.slice(150, 300), docs.slice(300)];
const dir = mkdtempSync(join(tmpdir(), 'reprints-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite store: cached rows', () => {
  it('an open index sees the adds of another connection made meanwhile (same result as one writer)', async () => {
    const one = await openIndex(join(dir, 'one.reprints'), { create: true });
    for (const p of parts) await one.add(p);
    const expected = await one.export();
    await one.close();

    const path = join(dir, 'two.reprints');
    const a = await openIndex(path, { create: true });
    await a.add(parts[0]);
    expect((await a.stats()).documents).toBe(150);
    const b = await openIndex(path);
    await b.add(parts[1]);
    await b.close();
    // `a` read its rows before `b` added: it must not pair against, or refuse ids by, a stale list.
    const err = await a.add(parts[1].slice(0, 1)).catch((e) => e);
    expect(err.code).toBe('DUPLICATE_ID');
    await a.add(parts[2]);
    expect(await a.check()).toEqual({ ok: true, problems: [] });
    expect(await a.export()).toEqual(expected);
    await a.close();
  });
});

describe('SQLite store: band look-up over merged segments', () => {
  /** Commits of band segments only: 2 bands, keys from a small range so that every key recurs in many segments. */
  function segments(): BandSegment[] {
    let seed = 7;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    return [400, 100, 300, 150, 60, 40, 500, 30, 30, 30, 30, 200, 90, 80, 70, 60].map((count, s) => {
      const keys = [0, 1].map(() => Uint32Array.from({ length: count }, () => random(60) * 0x3000000));
      const docs = Int32Array.from({ length: count }, (_, w) => s * 1000 + Math.floor(w / 5));
      return buildSegment(keys, docs, count);
    });
  }

  async function commitAll(store: IndexStore, segs: BandSegment[], after: (n: number) => Promise<void>, first = 0): Promise<void> {
    for (const [n, segment] of segs.entries()) {
      const header: IndexHeader = { format: INDEX_FORMAT, params: {}, documents: 0, pairs: 0, nextCluster: 0, adds: first + n + 1 };
      await store.write(async () => ({ commit: { header, documents: [], segment, pairs: [], clusterUpdates: [] }, value: undefined }));
      await after(n);
    }
  }

  // What a look-up promises is the order of each asked key's entries (a stable sort keeps it).
  const sorted = (got: number[][]): number[][] => got.sort((x, y) => x[0] - y[0] || x[1] - y[1]);

  const lookups = (store: IndexStore, query: Uint32Array): Promise<number[][]> =>
    store.read(async (view) => {
      const got: number[][] = [];
      for (const b of [0, 1]) await view.matchBand(b, query, (i, doc, times) => got.push([b, i, doc, times]));
      return sorted(got);
    });

  /** The truth: each segment as committed, looked up one by one, oldest first. */
  const reference = (segs: BandSegment[], query: Uint32Array): number[][] => {
    const got: number[][] = [];
    for (const b of [0, 1]) for (const seg of segs) matchDecoded(seg.keys[b], seg.docs[b], query, (i, doc, times) => got.push([b, i, doc, times]));
    return sorted(got);
  };

  it('reports each asked key\'s entries of every add in archive order, after merges, from this connection and from others', async () => {
    const segs = segments();
    const query = Uint32Array.from({ length: 90 }, (_, i) => Math.floor(i / 2) * 0x3000000).sort();
    const path = join(dir, 'bands.reprints');
    const disk = await SqliteIndexStore.open(path, true);
    // After each commit: this process holds its newest segment decoded, merged with those it replaced.
    let checked = 0;
    await commitAll(disk, segs.slice(0, 8), async (n) => {
      expect(await lookups(disk, query)).toEqual(reference(segs.slice(0, n + 1), query));
      checked++;
    });
    expect(checked).toBe(8);
    const merged = await disk.read((view) => view.segmentCount());
    expect(merged).toBeLessThan(8);
    // A fresh connection reads the segments from the file (partitions first, whole bands after, kept).
    const fresh = await SqliteIndexStore.open(path, false);
    for (let i = 0; i < 3; i++) expect(await lookups(fresh, query)).toEqual(reference(segs.slice(0, 8), query));
    // Another connection adds and merges away segments the fresh one holds decoded.
    await commitAll(disk, segs.slice(8), async () => {}, 8);
    expect(await disk.read((view) => view.segmentCount())).toBeLessThan(merged + 8);
    expect(await lookups(fresh, query)).toEqual(reference(segs, query));
    expect(reference(segs, query).length).toBeGreaterThan(500);
    await disk.close();
    await fresh.close();
    const again = await SqliteIndexStore.open(path, false);
    expect(await lookups(again, query)).toEqual(reference(segs, query));
    await again.close();
  });
});
