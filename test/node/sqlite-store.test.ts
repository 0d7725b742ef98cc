/**
 * The SQLite store keeps document metadata and pairs between operations of one open index: they must
 * follow this process's adds and be read again when another connection (another process) has added.
 * It merges band segments as it adds and keeps some decoded (its own commits, bands read twice): a
 * look-up must report what the segments of the adds one by one would.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPool, generateCorpus } from '../../bench/synthetic.js';
import type { BandSegment } from '../../src/index-store.js';
import { commitSegments, randomSegments, segmentLookups, storeLookups } from '../helpers/band-segments.js';
import { MemoryIndexStore, ReprintIndex, type ReprintDocument, type ReprintsResult } from '../../src/index.js';
import { openIndex } from '../../src/node/index.js';
import { pieceId, SqliteIndexStore } from '../../src/node/sqlite-store.js';

const seedsDir = join(import.meta.dirname, '..', 'fixtures', 'seeds');
const pool = buildPool(readdirSync(seedsDir).sort().map((f) => readFileSync(join(seedsDir, f), 'utf8')));
const docs: ReprintDocument[] = [...generateCorpus({ docs: 450, seed: 5, pool }).documents];
const parts = [docs.slice(0, 150), docs.slice(150, 300), docs.slice(300)];
const dir = mkdtempSync(join(tmpdir(), 'reprints-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A new index `file` (in `dir`) with `batches` added one by one, closed; returns its path. */
async function filledIndex(file: string, batches: readonly ReprintDocument[][]): Promise<string> {
  const path = join(dir, file);
  const index = await openIndex(path, { create: true });
  for (const b of batches) await index.add(b);
  await index.close();
  return path;
}

/** The export of a new index `file` after adding `batches` one by one (what a file should come to). */
async function exportAfter(file: string, batches: readonly ReprintDocument[][]): Promise<ReprintsResult> {
  const index = await openIndex(await filledIndex(file, batches));
  const out = await index.export();
  await index.close();
  return out;
}

/** Run `fn` on the index file at `path` opened directly with SQLite, then close it. */
async function withDatabase<T>(path: string, fn: (db: BetterSqlite3.Database) => T, readonly = false): Promise<T> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path, { readonly });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('SQLite store: cached rows', () => {
  it('an open index sees the adds of another connection made meanwhile (same result as one writer)', async () => {
    const expected = await exportAfter('one.reprints', parts);

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
    expect(await a.check()).toMatchObject({ ok: true, problems: [] });
    expect(await a.export()).toEqual(expected);
    await a.close();
  });
});

describe('SQLite store: the series column', () => {
  it('follows the adds of this connection (cached, brought forward) and of another one', async () => {
    const path = join(dir, 'series.reprints');
    const store = await SqliteIndexStore.open(path, true);
    const a = await ReprintIndex.open(store, { create: true });
    const agrees = (): Promise<void> =>
      store.read(async (view) => {
        const metas = await view.documents();
        expect(await view.series()).toEqual(metas.map((m) => m.series));
      });
    await a.add(parts[0]);
    await store.read(async (view) => void (await view.series()));
    await a.add(parts[1]);
    await agrees();
    const b = await openIndex(path);
    await b.add(parts[2]);
    await b.close();
    await agrees();
    expect(await store.read((view) => view.series())).toHaveLength(450);
    expect(new Set(await store.read((view) => view.series())).size).toBeGreaterThan(1);
    await a.close();
  });
});

describe('SQLite store: bands in pieces (format 6)', () => {
  /** Segments whose bands are whole blobs (format 4–5) and in pieces. */
  const layout = (path: string): Promise<{ whole: number; pieced: number }> =>
    withDatabase(
      path,
      (db) => {
        const count = (table: string): number => db.prepare(`SELECT count(DISTINCT seg) FROM ${table}`).pluck().get() as number;
        const hasPieces = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'pieced_bands'").pluck().get() === 1;
        return { whole: count('bands'), pieced: hasPieces ? count('pieced_bands') : 0 };
      },
      true,
    );

  it('reads the whole bands of a format-5 file, writes new segments in pieces and merges the two, finding what a new file finds', async () => {
    const adds = Array.from({ length: 10 }, (_, i) => docs.slice(i * 45, (i + 1) * 45));
    const expected = await exportAfter('pieces-reference.reprints', adds);
    // Windows after the first n adds, as the memory store counts them (its bands' lengths): stats read
    // them from the bands' headers, whole or in pieces, without decoding a band.
    const memory = await ReprintIndex.open(new MemoryIndexStore(), { create: true });
    const windowsAfter: number[] = [];
    for (const a of adds) {
      await memory.add(a);
      windowsAfter.push((await memory.stats()).windows);
    }

    // A file of format 5: its bands as whole blobs in `bands`, no piece tables.
    const path = await filledIndex('format5.reprints', adds.slice(0, 5));
    await withDatabase(path, (db) => {
      for (const { seg, band } of db.prepare('SELECT seg, band FROM pieced_bands').all() as { seg: number; band: number }[]) {
        const pieces = db.prepare('SELECT data FROM band_pieces WHERE id >= ? AND id < ? ORDER BY id').pluck().all(pieceId(seg, band, 0), pieceId(seg, band + 1, 0)) as Buffer[];
        db.prepare('INSERT INTO bands(seg, band, data) VALUES (?, ?, ?)').run(seg, band, Buffer.concat(pieces));
      }
      db.exec('DROP TABLE pieced_bands; DROP TABLE band_pieces;');
      const header = JSON.parse(db.prepare("SELECT value FROM meta WHERE key = 'header'").pluck().get() as string);
      db.prepare("UPDATE meta SET value = ? WHERE key = 'header'").run(JSON.stringify({ ...header, format: 5 }));
    });
    expect(await layout(path)).toEqual({ whole: 5, pieced: 0 });

    const upgraded = await openIndex(path);
    expect(await upgraded.stats()).toMatchObject({ format: 5, windows: windowsAfter[4] });
    await upgraded.add(adds[5]);
    expect(await upgraded.stats()).toMatchObject({ format: 6, windows: windowsAfter[5] });
    expect(await layout(path)).toEqual({ whole: 5, pieced: 1 });
    for (const a of adds.slice(6)) await upgraded.add(a);
    // The eighth segment merged the whole ones with the pieced: every segment left is in pieces.
    expect((await layout(path)).whole).toBe(0);
    expect((await upgraded.stats()).windows).toBe(windowsAfter[9]);
    expect(await upgraded.export()).toEqual(expected);
    expect(await upgraded.check()).toMatchObject({ ok: true, problems: [] });
    await upgraded.close();
  });

  it('a look-up of one document in a fresh connection reads a few pieces of each band, not the bands whole', async () => {
    // Bands of a hundred pieces or so, and a short document: a dozen windows, so a dozen keys a band.
    const archive = [...generateCorpus({ docs: 2400, seed: 9, pool }).documents];
    const path = await filledIndex('few-pieces.reprints', [archive.slice(0, 2000)]);
    const store = await SqliteIndexStore.open(path, false);
    const fresh = await ReprintIndex.open(store);
    const one = [{ id: 'short', text: archive[100].text.slice(0, 400) }];
    const found = await fresh.query(one);
    const pieces = store.piecesRead;
    const total = await withDatabase(path, (db) => db.prepare('SELECT count(*) FROM band_pieces').pluck().get() as number, true);
    expect(pieces).toBeGreaterThan(0);
    expect(pieces).toBeLessThan(total / 4);
    // And it finds what a look-up that reads the bands whole finds (the in-memory index).
    const memory = await ReprintIndex.open(new MemoryIndexStore(), { create: true });
    await memory.add(archive.slice(0, 2000));
    expect(found.pairs).toEqual((await memory.query(one)).pairs);
    expect(found.pairs.length).toBeGreaterThan(0);
    await fresh.close();
  });
});

describe('SQLite store: look-ups of documents', () => {
  it('a file written before the fingerprint and copy indexes gets them at its next add, and finds what a file that had them finds', async () => {
    const expected = await exportAfter('indexed.reprints', parts);

    const path = await filledIndex('older.reprints', [parts[0]]);
    const indexes = (): Promise<string[]> =>
      withDatabase(path, (db) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'docs_%' ORDER BY name").pluck().all() as string[]);
    expect(await indexes()).toEqual(['docs_copy_of', 'docs_signed_fingerprint']);
    await withDatabase(path, (db) => db.exec('DROP INDEX docs_copy_of; DROP INDEX docs_signed_fingerprint;'));
    expect(await indexes()).toEqual([]);

    const upgraded = await openIndex(path);
    await upgraded.add(parts[1]);
    expect(await indexes()).toEqual(['docs_copy_of', 'docs_signed_fingerprint']);
    await upgraded.add(parts[2]);
    expect(await upgraded.export()).toEqual(expected);
    expect(await upgraded.check()).toMatchObject({ ok: true, problems: [] });
    await upgraded.close();
  });
});

describe('SQLite store: the look-ups a memory store gives', () => {
  it('documents by ord, ids, first signed copy by fingerprint and exact copies by head are what the memory store says', async () => {
    const seeds = readdirSync(seedsDir).sort().map((f) => ({ id: f, text: readFileSync(join(seedsDir, f), 'utf8') }));
    const [s0, s1, s2] = seeds;
    const adds = [
      [s0, s1, { id: 'copy-a', text: s0.text }],
      [s2, { id: 'copy-b', text: s0.text }, { id: 'copy-c', text: s2.text }],
    ];
    const stores = [new MemoryIndexStore(), await SqliteIndexStore.open(join(dir, 'lookups.reprints'), true)];
    const seen: unknown[] = [];
    for (const store of stores) {
      const index = await ReprintIndex.open(store, { create: true });
      for (const a of adds) await index.add(a);
      seen.push(
        await store.read(async (view) => {
          const metas = await view.documents();
          return {
            at: await view.documentsAt([4, 0, 5]),
            ords: await view.ordsOf(['copy-b', 'nope', s0.id]),
            first: await view.firstSigned(metas.map((m) => m.fingerprint)),
            copies: (await view.copiesOf([3, 0, 1])).map((m) => m.id),
          };
        }),
      );
      await index.close();
    }
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]).toMatchObject({ ords: [4, undefined, 0], first: [0, 1, 0, 3, 0, 3], copies: ['copy-a', 'copy-b', 'copy-c'] });
  });
});

describe('SQLite store: band look-up over merged segments', () => {
  /** Commits of band segments only: 2 bands, keys from a small range so that every key recurs in many segments. */
  const segments = (): BandSegment[] =>
    randomSegments([400, 100, 300, 150, 60, 40, 500, 30, 30, 30, 30, 200, 90, 80, 70, 60], { seed: 7, distinct: 60, step: 0x3000000, perDoc: 5 });
  it('reports each asked key\'s entries of every add in archive order, after merges, from this connection and from others', async () => {
    const segs = segments();
    const query = Uint32Array.from({ length: 90 }, (_, i) => Math.floor(i / 2) * 0x3000000).sort();
    const path = join(dir, 'bands.reprints');
    const disk = await SqliteIndexStore.open(path, true);
    // After each commit: this process holds its newest segment decoded, merged with those it replaced.
    let checked = 0;
    await commitSegments(disk, segs.slice(0, 8), async (n) => {
      expect(await storeLookups(disk, query)).toEqual(segmentLookups(segs.slice(0, n + 1), query));
      checked++;
    });
    expect(checked).toBe(8);
    const merged = await disk.read((view) => view.segmentCount());
    expect(merged).toBeLessThan(8);
    // A fresh connection reads the segments from the file (partitions first, whole bands after, kept).
    const fresh = await SqliteIndexStore.open(path, false);
    for (let i = 0; i < 3; i++) expect(await storeLookups(fresh, query)).toEqual(segmentLookups(segs.slice(0, 8), query));
    // Another connection adds and merges away segments the fresh one holds decoded.
    await commitSegments(disk, segs.slice(8), async () => {}, 8);
    expect(await disk.read((view) => view.segmentCount())).toBeLessThan(merged + 8);
    expect(await storeLookups(fresh, query)).toEqual(segmentLookups(segs, query));
    expect(segmentLookups(segs, query).length).toBeGreaterThan(500);
    await disk.close();
    await fresh.close();
    const again = await SqliteIndexStore.open(path, false);
    expect(await storeLookups(again, query)).toEqual(segmentLookups(segs, query));
    await again.close();
  });
});

describe('SQLite store: another process writing', () => {
  it('bug (a second writer failed with SqliteError "database is locked", an unexpected failure in the CLI): an add that waited too long is INDEX_BUSY naming the index, and runs once the lock is gone', async () => {
    const path = await filledIndex('busy.reprints', [parts[0]]);
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const index = await openIndex(path, { busyTimeoutMs: 100 });
    try {
      // Readers never wait for a writer.
      expect((await index.stats()).documents).toBe(150);
      const started = performance.now();
      await expect(index.add(parts[1])).rejects.toMatchObject({
        name: 'ReprintsError',
        code: 'INDEX_BUSY',
        message: `${path}: another process is writing to this index and did not finish within 0.1 s; run this again once it is done, or wait longer (busyTimeoutMs, --wait SECONDS)`,
      });
      expect(performance.now() - started).toBeGreaterThanOrEqual(90);
      other.exec('ROLLBACK');
      // The same add, once the other writer is done: stored once, as an add without the wait would.
      await index.add(parts[1]);
      expect((await index.stats()).documents).toBe(300);
    } finally {
      other.close();
      await index.close();
    }
    const again = await openIndex(path);
    const exported = await again.export();
    await again.close();
    expect(exported).toEqual(await exportAfter('busy-reference.reprints', [parts[0], parts[1]]));
  });

  it('busyTimeoutMs must be a number of milliseconds, 0 or more', async () => {
    for (const bad of [-1, Number.NaN, Infinity, '5' as unknown as number]) {
      await expect(openIndex(join(dir, 'never.reprints'), { create: true, busyTimeoutMs: bad })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    }
    expect(existsSync(join(dir, 'never.reprints'))).toBe(false);
  });
});

describe('SQLite store: a damaged file', () => {
  /** A new index of the first two parts, with page `pick`'s bytes (chosen from SQLite's page list) overwritten. */
  async function damagedIndex(file: string, pick: (db: BetterSqlite3.Database) => number): Promise<string> {
    const path = await filledIndex(file, [parts[0], parts[1]]);
    const { page, size } = await withDatabase(path, (db) => ({ page: pick(db), size: db.pragma('page_size', { simple: true }) as number }), true);
    const bytes = readFileSync(path);
    bytes.fill(0xff, (page - 1) * size, page * size);
    writeFileSync(path, bytes);
    return path;
  }

  it('bug (check, and every add, failed with "unexpected failure: SqliteError: database disk image is malformed"): check names the damaged table, an add is INDEX_CORRUPT naming the index and leaves the file as it was', async () => {
    const path = await damagedIndex('damaged-page.reprints', (db) =>
      db.prepare("SELECT pageno FROM dbstat WHERE name = 'band_pieces' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 1").pluck().get() as number,
    );
    const before = readFileSync(path);
    const index = await openIndex(path);
    try {
      const { ok, problems } = await index.check();
      expect(ok).toBe(false);
      expect(problems.length).toBeGreaterThan(0);
      // SQLite's check names the pages, or, when it cannot walk them, the table that cannot be read.
      for (const p of problems) expect(p).toMatch(/^the file is damaged: band_pieces[ :]/);
      await expect(index.add(parts[2])).rejects.toMatchObject({
        name: 'ReprintsError',
        code: 'INDEX_CORRUPT',
        message: `${path}: the index file is damaged (database disk image is malformed); reprints index check ${path} lists what is wrong; restore the file from a copy, or build the index again`,
      });
    } finally {
      await index.close();
    }
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a text that no longer inflates (the file sound, a row damaged) is named by check, and an export needing it is INDEX_CORRUPT naming the document', async () => {
    const path = await filledIndex('damaged-text.reprints', [parts[0], parts[1]]);
    const index = await openIndex(path);
    const paired = (await index.export()).pairs[0].a.doc;
    await index.close();
    await withDatabase(path, (db) => db.prepare('UPDATE docs SET text = ? WHERE id = ?').run(Buffer.from([0xff, 0xff, 0xff, 0xff]), paired));
    const damaged = await openIndex(path);
    try {
      const { ok, problems } = await damaged.check();
      expect(ok).toBe(false);
      expect(problems).toEqual([`document ${JSON.stringify(paired)}: text cannot be read (invalid block type)`]);
      await expect(damaged.export()).rejects.toMatchObject({
        code: 'INDEX_CORRUPT',
        message: `${path}: the index file is damaged (the text of document ${JSON.stringify(paired)} cannot be read: invalid block type); reprints index check ${path} lists what is wrong; restore the file from a copy, or build the index again`,
      });
    } finally {
      await damaged.close();
    }
  });
});

describe('SQLite store: where the file cannot be written', () => {
  it('bug (a path in a missing folder was "not a reprints index"): the folder is named; a folder given as the index is named as one', async () => {
    const missing = join(dir, 'no-such-folder', 'x.reprints');
    await expect(openIndex(missing, { create: true })).rejects.toMatchObject({
      code: 'INDEX_IO',
      message: `${missing}: the folder ${join(dir, 'no-such-folder')} does not exist; create it first, or give a path in an existing folder`,
    });
    await expect(openIndex(dir, { create: true })).rejects.toMatchObject({
      code: 'INDEX_CORRUPT',
      message: `${dir}: is a folder, not an index file; give the path of an index made by reprints index add`,
    });
  });

  it('bug (a full disk was "unexpected failure: SqliteError: database or disk is full"): the add is INDEX_IO saying the disk is full, stores nothing, and runs once there is room', async (ctx) => {
    // A full disk, for real: a small tmpfs (root only; skipped where it cannot be mounted).
    const disk = join(dir, 'small-disk');
    try {
      mkdirSync(disk);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk], { stdio: 'ignore' });
    } catch {
      ctx.skip('cannot mount a tmpfs here (not root, or no mount in this container)');
    }
    try {
      await fillTheDisk(disk);
    } finally {
      execFileSync('umount', [disk]);
    }
  });

  /** The full-disk test's body: an index on `disk`, the disk filled, an add refused, room made, the add run. */
  async function fillTheDisk(disk: string): Promise<void> {
    const path = join(disk, 'full.reprints');
    const index = await openIndex(path, { create: true });
    try {
      await index.add(parts[0]);
      // Leave the disk almost no room.
      const filler = join(disk, 'filler');
      const free = statfsSync(disk).bavail * statfsSync(disk).bsize;
      writeFileSync(filler, Buffer.alloc(Math.max(0, free - 64 * 1024)));
      await expect(index.add(parts[1])).rejects.toMatchObject({
        code: 'INDEX_IO',
        message: `${path}: the disk holding the index is full (database or disk is full); nothing of this operation was stored, the index is as its last completed add left it; free some space there and run this again`,
      });
      expect((await index.stats()).documents).toBe(150);
      rmSync(filler);
      await index.add(parts[1]);
      expect(await index.export()).toEqual(await exportAfter('full-reference.reprints', [parts[0], parts[1]]));
    } finally {
      await index.close();
    }
  }
});

describe('SQLite store: backup', () => {
  it('copies the last completed add while another connection is writing, replaces the file there, and the copy is an index of its own', async () => {
    const path = await filledIndex('backup-source.reprints', [parts[0]]);
    const dest = join(dir, 'backup-copy.reprints');
    writeFileSync(dest, 'an older copy, to be replaced');
    const index = await openIndex(path);
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(path);
    try {
      // A write in progress elsewhere (not committed): the copy must not see it.
      other.exec('BEGIN IMMEDIATE');
      other.prepare("UPDATE meta SET value = 'half-written' WHERE key = 'header'").run();
      expect(await index.backup(dest)).toEqual({ bytes: statSync(dest).size, documents: 150, adds: 1 });
      other.exec('ROLLBACK');
      expect(readdirSync(dir).filter((f) => f.includes('backup-copy') && f.endsWith('.tmp'))).toEqual([]);
      const copy = await openIndex(dest);
      try {
        expect(await copy.check()).toMatchObject({ ok: true, problems: [] });
        expect(await copy.export()).toEqual(await index.export());
        await copy.add(parts[1]);
        expect((await copy.stats()).documents).toBe(300);
      } finally {
        await copy.close();
      }
      expect((await index.stats()).documents).toBe(150);
      await expect(index.backup(path)).rejects.toMatchObject({ code: 'INVALID_OPTION', message: `${path}: is the index itself; give another path for the copy` });
      await expect(index.backup(join(dir, 'nowhere', 'copy.reprints'))).rejects.toMatchObject({ code: 'INDEX_IO' });
    } finally {
      other.close();
      await index.close();
    }
  });

  it('an index in memory has no file to copy', async () => {
    const index = await ReprintIndex.open(new MemoryIndexStore(), { create: true });
    await expect(index.backup(join(dir, 'memory.reprints'))).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    expect(existsSync(join(dir, 'memory.reprints'))).toBe(false);
  });
});

describe('SQLite store: after close', () => {
  it('bug (an index file used after close() failed with TypeError "The database connection is not open"): INDEX_CLOSED naming the file', async () => {
    const path = await filledIndex('closed.reprints', [parts[0]]);
    const index = await openIndex(path);
    await index.close();
    await expect(index.stats()).rejects.toMatchObject({ code: 'INDEX_CLOSED', message: `${path}: this index was closed; open it again to use it` });
    await expect(index.add(parts[1])).rejects.toMatchObject({ code: 'INDEX_CLOSED' });
    await index.close();
  });
});

describe('SQLite store: another program’s database', () => {
  it('bug (opening another program’s SQLite database switched it to WAL mode before refusing it): it is refused as it was found, for reading and for an add', async () => {
    const path = join(dir, 'someone-else.db');
    const { default: Database } = await import('better-sqlite3');
    const theirs = new Database(path);
    theirs.exec("CREATE TABLE orders(id INTEGER PRIMARY KEY, item TEXT); INSERT INTO orders(item) VALUES ('tea')");
    theirs.close();
    const before = readFileSync(path);
    for (const create of [false, true]) {
      await expect(openIndex(path, { create })).rejects.toMatchObject({
        code: 'INDEX_CORRUPT',
        message: `${path}: not a reprints index (it is a database of something else, with tables orders); give the path of an index made by reprints index add`,
      });
    }
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('someone-else.db'))).toEqual(['someone-else.db']);
    expect(await withDatabase(path, (db) => db.pragma('journal_mode', { simple: true }), true)).toBe('delete');
  });
});
