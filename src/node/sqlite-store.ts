/**
 * The embedded on-disk backend of a persistent index: one SQLite file (`better-sqlite3`, WAL mode).
 *
 * Why SQLite (figures in README, `bench/index-storage.ts`): the index never asks the database to
 * search — band keys are stored as one sorted blob per band per add and merged in typed arrays —
 * so what it needs from storage is atomic commits, snapshot reads while another process writes,
 * and cheap blob and row reads. SQLite in WAL mode gives all three with no server and no lock on
 * readers; DuckDB allows one process at a time; row-per-key layouts cost seconds per daily add in
 * every engine measured.
 *
 * Layout (format 6): `meta` (the header as JSON), `docs` (one row per document: metadata, text
 * coded one byte a character by `text-codec.ts` then deflated, anchor hashes), `pieced_bands` and
 * `band_pieces` (per segment and band: sorted keys and their documents, Rice-coded in partitions by
 * `segment-codec.ts`, stored in pieces of ~4 KB so that a look-up of a few keys reads a few pieces;
 * formats 4–5 kept each band whole in `bands`, which is still read), `pairs` (aligned pairs with their
 * stable cluster ids). An add writes one segment; when the newest segments have grown large against
 * an older one they are merged with it in the same commit (`segmentsToMerge`), the merged segment
 * taking the newest one's number, so segment numbers ascend in archive order and a number, once
 * written, always names the same windows (format 4 had one segment per add). Each `write` is one
 * `BEGIN IMMEDIATE … COMMIT`: a process killed at any moment leaves the last completed add.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type BetterSqlite3 from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { ReprintsError } from '../errors.js';
import {
  BAND_HEADER_BYTES,
  bandSize,
  decodeBand,
  encodeBand,
  lookupIsSparse,
  lookupRanges,
  matchBand,
  matchDecoded,
  mergeRuns,
  type BandMatch,
  type DecodedBand,
} from '../segment-codec.js';
import {
  segmentsToMerge,
  type BandSegment,
  type IndexCommit,
  type IndexHeader,
  type IndexStore,
  type IndexView,
  type StoredDocumentMeta,
  type StoredPair,
} from '../index-store.js';

type Database = BetterSqlite3.Database;

/** How long a write waits, by default, for another process's write to end (`busy_timeout`). */
export const BUSY_TIMEOUT_MS = 30_000;

/**
 * SQLite's errors that a caller can act on, as errors naming the index: "database is locked" (another
 * connection kept its write lock past the busy timeout) and a damaged file; `undefined` for others.
 */
function storageError(path: string, waitedMs: number, e: unknown, opening = false): ReprintsError | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('SQLITE_BUSY')) {
    return new ReprintsError(
      'INDEX_BUSY',
      `${path}: another process is writing to this index and did not finish within ${waitedMs / 1000} s; run this again once it is done, or wait longer (busyTimeoutMs, --wait SECONDS)`,
      { cause: e },
    );
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return damaged(path, (e as Error).message, e);
  const io = IO_ERRORS.find(([prefix]) => code.startsWith(prefix));
  if (io) {
    return new ReprintsError(
      'INDEX_IO',
      `${path}: ${io[1]} (${(e as Error).message}); ${opening ? '' : 'nothing of this operation was stored, the index is as its last completed add left it; '}${io[2]}`,
      { cause: e },
    );
  }
  return undefined;
}

/** SQLite's I/O failures (by code prefix): what happened, and what to do. */
const IO_ERRORS: readonly [string, string, string][] = [
  ['SQLITE_FULL', 'the disk holding the index is full', 'free some space there and run this again'],
  ['SQLITE_READONLY', 'the index cannot be written', 'check that the file and its folder are writable (SQLite writes its -wal and -shm files beside it)'],
  ['SQLITE_CANTOPEN', 'the index file cannot be opened', 'check that the file and its folder exist and are readable and writable'],
  ['SQLITE_PERM', 'the index cannot be written', 'check the permissions of the file and its folder'],
  ['SQLITE_IOERR', 'the index file could not be read or written', 'check the disk and run this again'],
];

/** Flush a file, or a folder's entries (best effort for a folder: not every platform opens one). */
function syncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if (statSync(path).isDirectory()) return;
    throw e;
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    if (!statSync(path).isDirectory()) throw e;
  } finally {
    closeSync(fd);
  }
}

/** The header `db` holds (`meta`), or `undefined` for a file never written. */
function storedHeader(db: Database): IndexHeader | undefined {
  const v = db.prepare("SELECT value FROM meta WHERE key = 'header'").pluck().get() as string | undefined;
  return v === undefined ? undefined : (JSON.parse(v) as IndexHeader);
}

/** The error of an index file found damaged: `what` says where. */
function damaged(path: string, what: string, cause: unknown): ReprintsError {
  return new ReprintsError(
    'INDEX_CORRUPT',
    `${path}: the index file is damaged (${what}); reprints index check ${path} lists what is wrong; restore the file from a copy, or build the index again`,
    { cause },
  );
}

/**
 * An add looks documents up by fingerprint (the head of an exact copy) and exact copies by their
 * head, not by reading every document. Files written before these indexes get them at their next
 * add (a file without them reads the same, only slower).
 */
const INDEXES = `
CREATE INDEX IF NOT EXISTS docs_signed_fingerprint ON docs(fingerprint) WHERE copy_of < 0;
CREATE INDEX IF NOT EXISTS docs_copy_of ON docs(copy_of) WHERE copy_of >= 0;
`;

/** Columns of a document's metadata, as {@link metaOf} reads them. */
const META_COLUMNS = 'ord, id, series, date, length, norm_length, fingerprint, copy_of';

/** A document's metadata from a row of {@link META_COLUMNS}. */
function metaOf(r: unknown[]): StoredDocumentMeta {
  const m: StoredDocumentMeta = {
    ord: r[0] as number,
    id: r[1] as string,
    length: r[4] as number,
    normLength: r[5] as number,
    fingerprint: r[6] as string,
    copyOf: r[7] as number,
  };
  if (r[2] !== null) m.series = r[2] as string;
  if (r[3] !== null) m.date = r[3] as string;
  return m;
}

/**
 * Bands in pieces (format 6): each band of a segment written since is stored as pieces of
 * {@link PIECE_BYTES} (`band_pieces`, keyed by {@link pieceId}) with its length in `pieced_bands`,
 * so that a look-up of a few keys reads the pieces of their partitions only, not the band whole
 * (SQLite reads a blob whole; a band of an archive of 1,000,000 articles is ~90 MB). Segments written
 * before stay whole in `bands`. Made by the first write of a version that writes format 6.
 */
const PIECED = `
CREATE TABLE IF NOT EXISTS pieced_bands(seg INTEGER NOT NULL, band INTEGER NOT NULL, bytes INTEGER NOT NULL, PRIMARY KEY (seg, band));
CREATE TABLE IF NOT EXISTS band_pieces(id INTEGER PRIMARY KEY, data BLOB NOT NULL);
`;

/**
 * Bytes of a piece of a band. A look-up of the ~600 keys of an add of 10 articles touches about as
 * many partitions, scattered: pieces of ~4 KB make that ~2.4 MB read per band whatever the archive's
 * size. Four pieces with their row overhead (~15 bytes) fill a 16 KB page; 4,096-byte pieces (with a
 * composite key and its index) went three to a page, a file 22 % larger.
 */
const PIECE_BYTES = 4064;

/** Pieces a band may have (2²² × ~4 KB: 16 GB). */
const PIECES_PER_BAND = 2 ** 22;

/** Bands a segment may have. */
const BANDS_PER_SEGMENT = 1024;

/** Segments {@link pieceId} numbers (its ids stay under 2⁵³). */
const PIECED_SEGMENTS = 2 ** 21;

/** The row id of piece `piece` of band `band` of segment `seg`: the pieces of a band are one range of ids, in order. */
export function pieceId(seg: number, band: number, piece: number): number {
  return (seg * BANDS_PER_SEGMENT + band) * PIECES_PER_BAND + piece;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs(
  ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, series TEXT, date TEXT,
  length INTEGER NOT NULL, norm_length INTEGER NOT NULL, fingerprint TEXT NOT NULL, copy_of INTEGER NOT NULL,
  text BLOB NOT NULL, anchors BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bands(seg INTEGER NOT NULL, band INTEGER NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (seg, band));
CREATE TABLE IF NOT EXISTS pairs(
  n INTEGER PRIMARY KEY, a INTEGER NOT NULL, a_start INTEGER NOT NULL, a_end INTEGER NOT NULL,
  b INTEGER NOT NULL, b_start INTEGER NOT NULL, b_end INTEGER NOT NULL, similarity REAL NOT NULL,
  marker INTEGER NOT NULL, cluster INTEGER NOT NULL);
${INDEXES}${PIECED}`;

/**
 * Decoded bands kept in memory by an open index (8 bytes a window and band): SaudiNewsNet's 31 k
 * articles take 230 MB, so a process adding day after day decodes each band once more. A lookup
 * that reads only part of a band (a small add to a large archive) decodes the partitions of its
 * keys and caches nothing.
 */
const BAND_CACHE_BYTES = 512 * 2 ** 20;

/** Bytes of inflated texts kept between reads (coded, about a byte a character). */
const TEXT_CACHE_BYTES = 64 * 2 ** 20;

/**
 * Deflate level of stored texts (coded one byte a character by `text-codec.ts` first): on packed
 * Arabic news level 6 costs what level 1 does (~60 ms per 1,000 articles) and is 3 % smaller.
 */
const TEXT_LEVEL = 6;

function bytes(a: Uint32Array | Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function u32(b: Buffer): Uint32Array {
  // Copy: SQLite's buffers are not guaranteed 4-byte aligned.
  const out = new Uint32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Steps inside a commit, reported to an observer (fault-injection tests kill the process there). */
export type CommitStep = 'document' | 'segment' | 'merge' | 'pairs';

/** Load `better-sqlite3`, an optional dependency loaded only when an index file is opened (`openIndex`, the CLI). */
async function loadSqlite(): Promise<typeof BetterSqlite3> {
  try {
    return (await import('better-sqlite3')).default;
  } catch (e) {
    throw new ReprintsError(
      'INDEX_MISSING',
      `the on-disk index needs the optional dependency better-sqlite3, which could not be loaded (${(e as Error).message}); install it with npm install better-sqlite3`,
    );
  }
}

/** A stored segment as listed: its number, its first band's bytes, whether its bands are in pieces. */
interface Listed {
  seg: number;
  size: number;
  pieced: boolean;
}

/** What a commit's segment became: its number, the numbers merged into it, its bands decoded. */
interface Written {
  seg: number;
  merged: number[];
  bands: DecodedBand[];
}

/** Rows a process keeps between operations (see `SqliteIndexStore.rows`). */
interface CachedRows {
  adds: number;
  documents?: StoredDocumentMeta[];
  series?: (string | undefined)[];
  pairs?: StoredPair[];
}

/** An index in one SQLite file. Open it with {@link SqliteIndexStore.open}. */
export class SqliteIndexStore implements IndexStore {
  /**
   * A segment number always names the same windows: bands kept decoded (`seg/band`) after a whole
   * read or this process's own commit, up to {@link BAND_CACHE_BYTES}; those of segments merged
   * away are dropped.
   */
  private readonly bandCache = new Map<string, DecodedBand>();
  private bandCacheBytes = 0;
  /** Documents' metadata read by `ord` (a document's metadata never changes once written). */
  private readonly metas = new Map<number, StoredDocumentMeta>();
  /**
   * Texts read lately, by `ord`, coded (texts never change): an add reads the texts of its
   * candidates to align them and those of the clusters it touched to report them, and the next add
   * touches many of the same clusters.
   */
  private readonly texts = new LRUCache<number, Uint8Array>({ maxSize: TEXT_CACHE_BYTES, sizeCalculation: (t) => Math.max(1, t.byteLength) });
  /** Pieces of bands read by look-ups of few keys (tests watch it). */
  piecesRead = 0;
  /** Bands this process has looked up whole once (`seg/band`). */
  private readonly bandsRead = new Set<string>();
  /**
   * Every document's metadata and every pair, as of the add counted in `adds`: read once per process
   * and brought forward by this process's own commits, read again when another process has added
   * meanwhile (the header's add count differs). Shared with callers, who only read them.
   */
  private rows?: CachedRows;
  /** One operation at a time on the connection (reads and writes are transactions). */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: Database,
    readonly path: string,
    private readonly onStep?: (step: CommitStep) => void,
    private readonly busyTimeoutMs = BUSY_TIMEOUT_MS,
  ) {}

  /**
   * Open (or, with `create`, create) the index file at `path`.
   * @param onStep - called at each step inside a commit (tests use it to kill the process there)
   * @param busyTimeoutMs - how long a write waits for another connection's write to end
   * @throws {ReprintsError} `INDEX_MISSING` when there is no file and `create` is off;
   *   `INDEX_CORRUPT` when the file is not an index; `INDEX_BUSY` when another process held it
   *   locked longer than `busyTimeoutMs`
   */
  static async open(
    path: string,
    create: boolean,
    onStep?: (step: CommitStep) => void,
    busyTimeoutMs = BUSY_TIMEOUT_MS,
  ): Promise<SqliteIndexStore> {
    if (!create && !existsSync(path)) {
      throw new ReprintsError('INDEX_MISSING', `${path}: no index here; create one with reprints index add ${path} PATH…`);
    }
    if (existsSync(path) && statSync(path).isDirectory()) {
      throw new ReprintsError('INDEX_CORRUPT', `${path}: is a folder, not an index file; give the path of an index made by reprints index add`);
    }
    if (!existsSync(dirname(resolve(path)))) {
      throw new ReprintsError('INDEX_IO', `${path}: the folder ${dirname(resolve(path))} does not exist; create it first, or give a path in an existing folder`);
    }
    const Sqlite = await loadSqlite();
    let db: Database | undefined;
    try {
      db = new Sqlite(path, { fileMustExist: !create });
      db.pragma(`busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`);
      // Whether this is an index (or a new, empty file) before anything is set on it: another
      // program's database is refused as it was found.
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
      if (tables.length === 0 && !create) throw new Error('the file holds no tables');
      if (tables.length > 0 && !tables.includes('meta')) throw new Error(`it is a database of something else, with tables ${tables.slice(0, 4).join(', ')}${tables.length > 4 ? ', …' : ''}`);
      // 16 KB pages (set before anything is written; an existing file keeps its own): a document row
      // (text deflated, ~1.3 KB on news) packs 2 to a 4 KB page with a fifth of it unused.
      if (tables.length === 0) db.pragma('page_size = 16384');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      if (tables.length === 0) db.exec(SCHEMA);
      db.prepare("SELECT value FROM meta WHERE key = 'header'").get();
    } catch (e) {
      // (`db` is let go: the file stays as it was found.)
      db?.close();
      if (e instanceof ReprintsError) throw e;
      // Locked, or an index damaged; a file that is no SQLite database at all is not an index.
      const known = (e as { code?: unknown }).code === 'SQLITE_NOTADB' ? undefined : storageError(path, busyTimeoutMs, e, true);
      if (known) throw known;
      throw new ReprintsError('INDEX_CORRUPT', `${path}: not a reprints index (${(e as Error).message}); give the path of an index made by reprints index add`);
    }
    return new SqliteIndexStore(db, path, onStep, busyTimeoutMs);
  }

  /**
   * Run `fn` after the operations queued before it; a lock held too long by another process becomes
   * `INDEX_BUSY`, a damaged file `INDEX_CORRUPT`.
   */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn).catch((e: unknown) => {
      throw storageError(this.path, this.busyTimeoutMs, e) ?? e;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * `read()` of document `ord`'s `what` (a blob SQLite returns whole but that does not decode: the file
   * damaged inside a row), failing as `INDEX_CORRUPT` naming the document.
   */
  private readable<T>(ord: number, what: string, read: () => T): T {
    try {
      return read();
    } catch (e) {
      let id = `at ord ${ord}`;
      try {
        id = JSON.stringify(this.db.prepare('SELECT id FROM docs WHERE ord = ?').pluck().get(ord));
      } catch {
        // (the id is unreadable too: the ord names it)
      }
      throw damaged(this.path, `the ${what} of document ${id} cannot be read: ${(e as Error).message}`, e);
    }
  }

  /**
   * SQLite's own check of the file (`PRAGMA integrity_check`, first 20 problems), one line each with
   * the table it is in; none when the file is sound.
   */
  verify(): Promise<string[]> {
    return this.serial(async () => {
      const { db } = this;
      const corrupt = (e: unknown): boolean => storageError(this.path, this.busyTimeoutMs, e)?.code === 'INDEX_CORRUPT';
      // Tables and indexes by root page (the check names b-trees by it); the schema is on page 1.
      const schema = db.prepare('SELECT rootpage, name, type FROM sqlite_master WHERE rootpage > 0').raw().all() as [number, string, string][];
      const trees = new Map(schema.map(([root, name]) => [root, name]));
      let rows: { integrity_check: string }[];
      try {
        rows = db.pragma('integrity_check(20)') as { integrity_check: string }[];
      } catch (e) {
        if (!corrupt(e)) throw e;
        // Damaged past what the check can walk: name the tables that cannot be read through.
        const tables = schema.filter(([, , type]) => type === 'table').map(([, name]) => name);
        const unreadable = tables.flatMap((name) => {
          try {
            db.prepare(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`).get();
            return [];
          } catch (t) {
            if (!corrupt(t)) throw t;
            return [`${name}: ${(t as Error).message}`];
          }
        });
        return unreadable.length > 0 ? unreadable : [(e as Error).message];
      }
      return rows
        .flatMap((r) => r.integrity_check.split('\n'))
        .filter((l) => l !== 'ok' && !l.startsWith('*** in database'))
        .map((l) => l.replace(/^Tree (\d+)/, (tree, root: string) => trees.get(Number(root)) ?? tree));
    });
  }

  /**
   * Copy the file as of its last completed write to `dest` (`VACUUM INTO`: one read snapshot, so
   * writers go on, and free pages are left out), check the copy (`quick_check`, and a header with
   * this index's parameters), then give it its name: a temporary file beside `dest`,
   * synced, renamed over it. Returns the copy's size and what its header counts.
   */
  backup(dest: string): Promise<{ bytes: number; documents: number; adds: number }> {
    return this.serial(async () => {
      const folder = dirname(resolve(dest));
      if (!existsSync(folder)) throw new ReprintsError('INDEX_IO', `${dest}: the folder ${folder} does not exist; create it first, or copy the index elsewhere`);
      if (resolve(dest) === resolve(this.path)) throw new ReprintsError('INVALID_OPTION', `${dest}: is the index itself; give another path for the copy`);
      if (existsSync(dest) && statSync(dest).isDirectory()) throw new ReprintsError('INVALID_OPTION', `${dest}: is a folder; give the path of the copy's file`);
      const temp = join(folder, `.${basename(dest)}.${process.pid}.${Date.now()}.tmp`);
      try {
        this.db.prepare('VACUUM INTO ?').run(temp);
        const Sqlite = await loadSqlite();
        const copy = new Sqlite(temp, { readonly: true });
        let header: IndexHeader;
        try {
          const check = copy.pragma('quick_check', { simple: true });
          if (check !== 'ok') throw new Error(`the copy did not check out: ${String(check)}`);
          const copied = storedHeader(copy);
          if (!copied) throw new Error('the copy holds no header');
          header = copied;
          // (The source may have taken an add since the snapshot: the same index, not the same counts.)
          if (JSON.stringify(header.params) !== JSON.stringify(storedHeader(this.db)?.params)) throw new Error('the copy holds another index’s parameters');
        } finally {
          copy.close();
        }
        syncPath(temp);
        renameSync(temp, dest);
        syncPath(folder);
        return { bytes: statSync(dest).size, documents: header.documents, adds: header.adds };
      } catch (e) {
        for (const f of [temp, `${temp}-wal`, `${temp}-shm`]) rmSync(f, { force: true });
        if (e instanceof ReprintsError) throw e;
        throw new ReprintsError('INDEX_IO', `${dest}: the copy of ${this.path} could not be written (${(e as Error).message}); nothing was written there`, { cause: e });
      }
    });
  }

  /** The header's add count (−1 before the first write). */
  private adds(): number {
    return storedHeader(this.db)?.adds ?? -1;
  }

  private cached<K extends 'documents' | 'series' | 'pairs'>(what: K, load: () => Required<CachedRows>[K]): Required<CachedRows>[K] {
    const adds = this.adds();
    if (this.rows?.adds !== adds) this.rows = { adds };
    return (this.rows[what] ??= load()) as Required<CachedRows>[K];
  }

  /**
   * Bring the cached rows forward by a commit of this process (after it committed), and keep its
   * newest segment, which is already decoded (merged with those it replaced).
   */
  private remember(commit: IndexCommit, written: Written): void {
    for (const seg of written.merged) this.drop(seg);
    written.bands.forEach((band, b) => this.keep(written.seg, b, band));
    for (const { code: _c, anchors: _a, ...meta } of commit.documents) this.metas.set(meta.ord, meta);
    const rows = this.rows;
    if (!rows || rows.adds !== commit.header.adds - 1) {
      this.rows = undefined;
      return;
    }
    rows.adds = commit.header.adds;
    if (rows.documents) for (const { code: _c, anchors: _a, ...meta } of commit.documents) rows.documents.push(meta);
    if (rows.series) for (const d of commit.documents) rows.series.push(d.series);
    if (rows.pairs) {
      for (const [n, cluster] of commit.clusterUpdates) rows.pairs[n] = { ...rows.pairs[n], cluster };
      rows.pairs.push(...commit.pairs.map((p) => ({ ...p })));
    }
  }

  /** Band `b` of segment `seg`, whole: one blob, or its pieces joined. */
  private bandBytes(seg: number, b: number, pieced: boolean): Uint8Array {
    if (!pieced) {
      const data = this.db.prepare('SELECT data FROM bands WHERE seg = ? AND band = ?').pluck().get(seg, b) as Buffer | undefined;
      if (!data) throw new Error(`band ${b} of segment ${seg} is missing`);
      return data;
    }
    const bytes = this.piecedLength(seg, b);
    const out = new Uint8Array(bytes);
    let at = 0;
    const pieces = this.db.prepare('SELECT data FROM band_pieces WHERE id >= ? AND id < ? ORDER BY id').pluck();
    for (const data of pieces.iterate(pieceId(seg, b, 0), pieceId(seg, b + 1, 0)) as Iterable<Buffer>) {
      if (at + data.byteLength > bytes) throw new Error(`band ${b} of segment ${seg} holds more than its ${bytes} bytes`);
      out.set(data, at);
      at += data.byteLength;
    }
    if (at !== bytes) throw new Error(`band ${b} of segment ${seg} is missing pieces (${at} of ${bytes} bytes)`);
    return out;
  }

  /** The first {@link BAND_HEADER_BYTES} of band 0 of segment `seg` (what `bandSize` reads). */
  private bandHeader(seg: number, pieced: boolean): Uint8Array {
    const data = pieced
      ? (this.db.prepare('SELECT substr(data, 1, ?) FROM band_pieces WHERE id = ?').pluck().get(BAND_HEADER_BYTES, pieceId(seg, 0, 0)) as Buffer | undefined)
      : (this.db.prepare('SELECT substr(data, 1, ?) FROM bands WHERE seg = ? AND band = 0').pluck().get(BAND_HEADER_BYTES, seg) as Buffer | undefined);
    if (!data || data.byteLength < BAND_HEADER_BYTES) throw new Error(`band 0 of segment ${seg} is missing or shorter than its header`);
    return data;
  }

  /** Length of a band stored in pieces. */
  private piecedLength(seg: number, b: number): number {
    const bytes = this.db.prepare('SELECT bytes FROM pieced_bands WHERE seg = ? AND band = ?').pluck().get(seg, b) as number | undefined;
    if (bytes === undefined) throw new Error(`band ${b} of segment ${seg} is missing`);
    return bytes;
  }

  /**
   * Band `b` of segment `seg` (stored in pieces) with only the bytes a look-up of `keys` reads in
   * place (`lookupRanges`), the rest zeros.
   */
  private sparseBand(seg: number, b: number, keys: Uint32Array): Uint8Array {
    const out = new Uint8Array(this.piecedLength(seg, b));
    const get = this.db.prepare('SELECT data FROM band_pieces WHERE id = ?').pluck();
    const read = new Set<number>();
    const fill = (ranges: number[]): void => {
      for (let r = 0; r < ranges.length; r += 2) {
        for (let piece = Math.floor(ranges[r] / PIECE_BYTES); piece * PIECE_BYTES < ranges[r + 1]; piece++) {
          if (read.has(piece)) continue;
          read.add(piece);
          this.piecesRead++;
          const data = get.get(pieceId(seg, b, piece)) as Buffer | undefined;
          if (!data) throw new Error(`band ${b} of segment ${seg} is missing piece ${piece}`);
          out.set(data, piece * PIECE_BYTES);
        }
      }
    };
    fill([0, BAND_HEADER_BYTES]);
    fill(lookupRanges(out, keys, 'directory'));
    fill(lookupRanges(out, keys, 'body'));
    return out;
  }

  /** Band `b` of segment `seg` decoded: from the cache, or decoded and cached when there is room (unless `cache` is off). */
  private decodedBand(seg: number, b: number, pieced: boolean, bytes?: Uint8Array, cache = true): DecodedBand {
    const cached = this.bandCache.get(`${seg}/${b}`);
    if (cached) return cached;
    const decoded = decodeBand(bytes ?? this.bandBytes(seg, b, pieced));
    if (cache) this.keep(seg, b, decoded);
    return decoded;
  }

  /** Keep a decoded band when there is room. */
  private keep(seg: number, b: number, band: DecodedBand): void {
    if (this.bandCacheBytes + band.keys.byteLength * 2 > BAND_CACHE_BYTES) return;
    this.bandCache.set(`${seg}/${b}`, band);
    this.bandCacheBytes += band.keys.byteLength * 2;
  }

  /** Forget what is kept of segment `seg` (merged into another). */
  private drop(seg: number): void {
    for (const [id, band] of this.bandCache) {
      if (id.startsWith(`${seg}/`)) {
        this.bandCache.delete(id);
        this.bandCacheBytes -= band.keys.byteLength * 2;
      }
    }
  }

  /** {@link IndexView.matchBand} in one segment: from the cache, or decoding as it goes. */
  private matchSegment({ seg, pieced }: Listed, b: number, keys: Uint32Array, onMatch: BandMatch): void {
    const cached = this.bandCache.get(`${seg}/${b}`);
    if (cached) return matchDecoded(cached.keys, cached.docs, keys, onMatch);
    // A band in pieces asked for fewer keys than half its pieces: the pieces of their partitions
    // only (each key reads about one piece of bits and one of directory). Asked for more, the band
    // is read whole: one query over its pieces costs less than a query a piece.
    if (pieced && keys.length * 2 < this.piecedLength(seg, b) / PIECE_BYTES) return matchBand(this.sparseBand(seg, b, keys), keys, onMatch);
    const bytes = this.bandBytes(seg, b, pieced);
    // A band read whole for the second time is kept decoded (a process adding day after day);
    // a first read, or a sparse one, decodes as it goes and keeps nothing (one add per process).
    const id = `${seg}/${b}`;
    if (lookupIsSparse(keys.length, bandSize(bytes).entries) || !this.bandsRead.has(id)) {
      this.bandsRead.add(id);
      return matchBand(bytes, keys, onMatch);
    }
    const { keys: k, docs } = this.decodedBand(seg, b, pieced, bytes);
    matchDecoded(k, docs, keys, onMatch);
  }

  /**
   * The segments' numbers, oldest first, the size in bytes of each one's first band (0 if it is
   * missing) and whether its bands are in pieces.
   */
  private segments(): Listed[] {
    const pieced = this.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pieced_bands'").pluck().get() === 1;
    const rows = this.db
      .prepare(
        `SELECT seg, sum(CASE WHEN band = 0 THEN length(data) ELSE 0 END), 0 FROM bands GROUP BY seg${
          pieced ? ' UNION ALL SELECT seg, sum(CASE WHEN band = 0 THEN bytes ELSE 0 END), 1 FROM pieced_bands GROUP BY seg' : ''
        } ORDER BY seg`,
      )
      .raw()
      .all() as [number, number, number][];
    const live = new Set(rows.map(([seg]) => seg));
    // Segments merged away by another connection: their bands kept here are of no more use.
    for (const id of this.bandCache.keys()) {
      const seg = Number(id.slice(0, id.indexOf('/')));
      if (!live.has(seg)) this.drop(seg);
    }
    return rows.map(([seg, size, inPieces]) => ({ seg, size, pieced: inPieces === 1 }));
  }

  private view(): IndexView {
    const { db } = this;
    // The segments of this view's snapshot, listed once (a view lives inside one transaction, and
    // its own writer's commit is applied after it is done).
    let listed: Listed[] | undefined;
    const segments = (): Listed[] => (listed ??= this.segments());
    const segmentAt = (i: number): Listed => {
      const at = segments()[i];
      if (at === undefined) throw new Error(`there is no segment ${i}`);
      return at;
    };
    return {
      header: async () => storedHeader(db),
      documents: async () => this.cached('documents', () => (db.prepare(`SELECT ${META_COLUMNS} FROM docs ORDER BY ord`).raw().all() as unknown[][]).map(metaOf)),
      documentsAt: async (ords) => {
        const get = db.prepare(`SELECT ${META_COLUMNS} FROM docs WHERE ord = ?`).raw();
        return ords.map((o) => {
          let m = this.metas.get(o);
          if (m === undefined) {
            const r = get.get(o) as unknown[] | undefined;
            if (!r) throw new Error(`document ${o} is missing`);
            this.metas.set(o, (m = metaOf(r)));
          }
          return m;
        });
      },
      series: async () =>
        this.cached('series', () =>
          this.rows?.documents
            ? this.rows.documents.map((m) => m.series)
            : (db.prepare('SELECT series FROM docs ORDER BY ord').pluck().all() as (string | null)[]).map((s) => s ?? undefined),
        ),
      ordsOf: async (ids) => {
        const get = db.prepare('SELECT ord FROM docs WHERE id = ?').pluck();
        return ids.map((id) => get.get(id) as number | undefined);
      },
      firstSigned: async (fingerprints) => {
        const get = db.prepare('SELECT min(ord) FROM docs WHERE fingerprint = ? AND copy_of < 0').pluck();
        return fingerprints.map((f) => (get.get(f) as number | null) ?? undefined);
      },
      copiesOf: async (heads) => {
        const get = db.prepare(`SELECT ${META_COLUMNS} FROM docs WHERE copy_of = ? AND copy_of >= 0`).raw();
        return heads.flatMap((h) => get.all(h) as unknown[][]).map(metaOf).sort((x, y) => x.ord - y.ord);
      },
      texts: async (ords) => {
        const get = db.prepare('SELECT text FROM docs WHERE ord = ?').pluck();
        return ords.map((o) => {
          let text = this.texts.get(o);
          if (text === undefined) this.texts.set(o, (text = this.readable(o, 'text', () => inflateRawSync(get.get(o) as Buffer))));
          return text;
        });
      },
      anchors: async (ords) => {
        const get = db.prepare('SELECT anchors FROM docs WHERE ord = ?').pluck();
        return ords.map((o) => this.readable(o, 'anchor hashes', () => u32(get.get(o) as Buffer)));
      },
      segmentCount: async () => segments().length,
      segmentWindows: async (i) => {
        const { seg, pieced } = segmentAt(i);
        return bandSize(this.bandHeader(seg, pieced)).windows;
      },
      band: async (i, b) => {
        const { seg, pieced } = segmentAt(i);
        return this.decodedBand(seg, b, pieced);
      },
      matchBand: async (b, keys, onMatch) => {
        for (const listed of segments()) this.matchSegment(listed, b, keys, onMatch);
      },
      pairs: async () => this.cached('pairs', () =>
        (db.prepare('SELECT * FROM pairs ORDER BY n').raw().all() as number[][]).map((r) => ({
          a: r[1],
          aStart: r[2],
          aEnd: r[3],
          b: r[4],
          bStart: r[5],
          bEnd: r[6],
          similarity: r[7],
          kind: r[8] ? 'marker' : 'aligned',
          cluster: r[9],
        }))),
    };
  }

  read<T>(fn: (view: IndexView) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      // A deferred transaction: every read below sees one snapshot, whatever writers commit meanwhile.
      this.db.exec('BEGIN');
      try {
        return await fn(this.view());
      } finally {
        this.db.exec('COMMIT');
      }
    });
  }

  write<T>(fn: (view: IndexView) => Promise<{ commit?: IndexCommit; value: T }>): Promise<T> {
    return this.serial(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        this.db.exec(INDEXES + PIECED);
        const { commit, value } = await fn(this.view());
        const written = commit ? this.apply(commit) : undefined;
        this.db.exec('COMMIT');
        if (commit && written) this.remember(commit, written);
        return value;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  /** Write a commit (inside the caller's transaction); returns what became of its segment. */
  private apply(commit: IndexCommit): Written {
    const { db } = this;
    const written: Written = { seg: -1, merged: [], bands: [] };
    db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('header', ?)").run(JSON.stringify(commit.header));
    const doc = db.prepare(
      'INSERT INTO docs(ord, id, series, date, length, norm_length, fingerprint, copy_of, text, anchors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const d of commit.documents) {
      this.onStep?.('document');
      doc.run(
        d.ord,
        d.id,
        d.series ?? null,
        d.date ?? null,
        d.length,
        d.normLength,
        d.fingerprint,
        d.copyOf,
        deflateRawSync(d.code, { level: TEXT_LEVEL }),
        bytes(d.anchors),
      );
    }
    this.onStep?.('segment');
    if (commit.segment) this.addSegment(commit.segment, written);
    const first = (db.prepare('SELECT count(*) FROM pairs').pluck().get() as number) ?? 0;
    const pair = db.prepare('INSERT INTO pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    commit.pairs.forEach((p: StoredPair, i) =>
      pair.run(first + i, p.a, p.aStart, p.aEnd, p.b, p.bStart, p.bEnd, p.similarity, p.kind === 'marker' ? 1 : 0, p.cluster),
    );
    this.onStep?.('pairs');
    const update = db.prepare('UPDATE pairs SET cluster = ? WHERE n = ?');
    for (const [n, cluster] of commit.clusterUpdates) update.run(cluster, n);
    return written;
  }

  /**
   * Write the segment of a commit, merged with the newest stored ones when {@link segmentsToMerge}
   * says so (the merged segment takes the new one's number); `written` receives its number, the
   * numbers merged away and its bands decoded.
   */
  private addSegment(segment: BandSegment, written: Written): void {
    const { db } = this;
    const before = this.segments();
    const seg = (before.at(-1)?.seg ?? -1) + 1;
    // Sizes are the first band's bytes (SQLite reads a blob's length without reading the blob).
    const first = encodeBand(segment.keys[0], segment.docs[0]);
    const merge = segmentsToMerge(before.map((s) => s.size).concat(first.byteLength));
    const merged = merge ? before.slice(before.length - (merge - 1)).map((s) => s.seg) : [];
    written.seg = seg;
    written.merged = merged;
    written.bands = segment.keys.map((keys, b) => ({ keys, docs: segment.docs[b] }));
    const length = db.prepare('INSERT INTO pieced_bands(seg, band, bytes) VALUES (?, ?, ?)');
    const piece = db.prepare('INSERT INTO band_pieces(id, data) VALUES (?, ?)');
    const insert = (b: number, bytes: Uint8Array): void => {
      if (b >= BANDS_PER_SEGMENT || seg >= PIECED_SEGMENTS || bytes.byteLength > PIECES_PER_BAND * PIECE_BYTES) {
        throw new Error(
          `band ${b} of segment ${seg} (${bytes.byteLength} bytes) is past what this file layout stores (${BANDS_PER_SEGMENT} bands, ${PIECED_SEGMENTS} segments, ${PIECES_PER_BAND * PIECE_BYTES} bytes a band)`,
        );
      }
      length.run(seg, b, bytes.byteLength);
      for (let at = 0, k = 0; at < bytes.byteLength; at += PIECE_BYTES, k++) piece.run(pieceId(seg, b, k), bytes.subarray(at, at + PIECE_BYTES));
    };
    if (merged.length === 0) {
      segment.keys.forEach((k, b) => insert(b, b === 0 ? first : encodeBand(k, segment.docs[b])));
      return;
    }
    this.onStep?.('merge');
    const pieced = new Set(before.filter((s) => s.pieced).map((s) => s.seg));
    const removeWhole = db.prepare('DELETE FROM bands WHERE seg = ? AND band = ?');
    const removeLength = db.prepare('DELETE FROM pieced_bands WHERE seg = ? AND band = ?');
    const removePieces = db.prepare('DELETE FROM band_pieces WHERE id >= ? AND id < ?');
    written.bands = written.bands.map((band, b) => {
      // Older segments are decoded here only (not cached): their numbers go away with this commit.
      const all = merged.map((s) => this.decodedBand(s, b, pieced.has(s), undefined, false)).concat(band);
      for (const s of merged) {
        removeWhole.run(s, b);
        removeLength.run(s, b);
        removePieces.run(pieceId(s, b, 0), pieceId(s, b + 1, 0));
      }
      const out = mergeRuns(all);
      insert(b, encodeBand(out.keys, out.docs));
      return out;
    });
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }
}
