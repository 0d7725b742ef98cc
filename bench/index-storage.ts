/**
 * Storage measurement for the persistent index (issue 9): the same workload on DuckDB
 * (`@duckdb/node-api`), SQLite (`better-sqlite3`) and LMDB (`lmdb`), each used the way it is meant to
 * be used (SQL join for the SQL engines, B-tree point reads for LMDB).
 *
 * Workload: an archive of N documents (real SaudiNewsNet texts when present, else synthetic text),
 * each with 60 signed windows × 15 LSH band keys stored as (band key → document) rows; then a batch
 * of 1,400 new documents: look up its 1.26 M band keys (5 % of them planted hits), fetch the archived
 * texts of the documents hit, and append the batch (texts + keys) in one transaction.
 *
 *   node --import tsx bench/index-storage.ts [N=31000] [backend…]
 *
 * Each backend runs in its own child process so its peak RSS is its own. Prints one JSON line per
 * backend and a Markdown table.
 */
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonl } from './loaders/jsonl.js';
import { splitmix32 } from './prng.js';
import { buildSegment } from '../src/index-store.js';

const WINDOWS = 60;
const BANDS = 15;
const BATCH = 1400;
const CORPUS = '/work/shared/corpora/saudinewsnet/articles.jsonl.gz';
/**
 * A measured backend's package, loaded by name: `@duckdb/node-api` and `lmdb` are not dependencies
 * (their lock entries cannot be complete from this registry); install them to re-run those rows:
 * `npm install --no-save @duckdb/node-api lmdb`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function optional(name: string): Promise<any> {
  try {
    return await import(name);
  } catch (e) {
    throw new Error(`bench/index-storage: backend package ${name} is not installed (${(e as Error).message}); npm install --no-save ${name}`);
  }
}

const BACKENDS = ['sqlite', 'duckdb', 'lmdb', 'sqlite-segments', 'lmdb-segments'] as const;
type Backend = (typeof BACKENDS)[number];

interface Row {
  backend: Backend;
  archive: number;
  buildMs: number;
  lookupMs: number;
  hits: number;
  fetchMs: number;
  fetched: number;
  appendMs: number;
  sizeBytes: number;
  maxRss: number;
}

async function texts(n: number): Promise<string[]> {
  const out: string[] = [];
  if (existsSync(CORPUS)) for await (const d of readJsonl(CORPUS, n)) out.push(d.text);
  const rng = splitmix32(7); const rnd = (): number => rng.next();
  while (out.length < n) out.push(Array.from({ length: 400 }, () => (rnd() * 1e6).toString(36)).join(' '));
  return out;
}

/** Band keys of a document as 64-bit-safe numbers band·2^32 + key, deterministic per document. */
function keysOf(doc: number, out: Float64Array): void {
  const rng = splitmix32(doc + 1); const rnd = (): number => rng.next();
  for (let i = 0; i < WINDOWS * BANDS; i++) out[i] = (i % BANDS) * 2 ** 32 + ((rnd() * 2 ** 32) >>> 0);
}

/** The batch's query keys: each document's own keys, 5 % replaced by keys of archived documents. */
function queryKeys(archive: number): Float64Array {
  const rng = splitmix32(99); const rnd = (): number => rng.next();
  const q = new Float64Array(BATCH * WINDOWS * BANDS);
  const buf = new Float64Array(WINDOWS * BANDS);
  for (let d = 0; d < BATCH; d++) {
    keysOf(archive + d, buf);
    if (rnd() < 0.5) {
      // Half the batch reprints something archived: 10 % of its keys come from one archived document.
      const src = new Float64Array(WINDOWS * BANDS);
      keysOf(Math.floor(rnd() * archive), src);
      for (let i = 0; i < buf.length; i++) if (rnd() < 0.1) buf[i] = src[i];
    }
    q.set(buf, d * buf.length);
  }
  return q;
}

function duBytes(path: string): number {
  return Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);
}

async function runSqlite(dir: string, all: string[], archive: number, q: Float64Array): Promise<Omit<Row, 'backend' | 'archive' | 'maxRss'>> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dir, 'index.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE docs(ord INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  db.exec('CREATE TABLE postings(bkey INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (bkey, doc)) WITHOUT ROWID');
  const insDoc = db.prepare('INSERT INTO docs(ord, text) VALUES (?, ?)');
  const insKey = db.prepare('INSERT OR IGNORE INTO postings(bkey, doc) VALUES (?, ?)');
  const buf = new Float64Array(WINDOWS * BANDS);
  const append = db.transaction((from: number, to: number) => {
    for (let d = from; d < to; d++) {
      insDoc.run(d, all[d]);
      keysOf(d, buf);
      for (const k of buf) insKey.run(k, d);
    }
  });
  let t = performance.now();
  for (let d = 0; d < archive; d += BATCH) append(d, Math.min(archive, d + BATCH));
  const buildMs = performance.now() - t;

  t = performance.now();
  db.exec('CREATE TEMP TABLE q(bkey INTEGER NOT NULL, w INTEGER NOT NULL)');
  const insQ = db.prepare('INSERT INTO q VALUES (?, ?)');
  db.transaction(() => q.forEach((k, i) => insQ.run(k, i)))();
  const rows = db.prepare('SELECT q.w AS w, p.doc AS doc FROM q JOIN postings p ON p.bkey = q.bkey').raw().all() as number[][];
  db.exec('DROP TABLE q');
  const lookupMs = performance.now() - t;
  const docs = [...new Set(rows.map((r) => r[1]))].sort((a, b) => a - b);

  t = performance.now();
  const get = db.prepare('SELECT text FROM docs WHERE ord = ?').pluck();
  let chars = 0;
  for (const d of docs) chars += (get.get(d) as string).length;
  const fetchMs = performance.now() - t;

  t = performance.now();
  append(archive, archive + BATCH);
  const appendMs = performance.now() - t;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { buildMs, lookupMs, hits: rows.length, fetchMs, fetched: docs.length + chars * 0, appendMs, sizeBytes: duBytes(dir) };
}

async function runDuck(dir: string, all: string[], archive: number, q: Float64Array): Promise<Omit<Row, 'backend' | 'archive' | 'maxRss'>> {
  const { DuckDBInstance } = await optional('@duckdb/node-api');
  const inst = await DuckDBInstance.create(join(dir, 'index.duckdb'));
  const con = await inst.connect();
  await con.run('CREATE TABLE docs(ord UINTEGER, text VARCHAR)');
  await con.run('CREATE TABLE postings(bkey UBIGINT, doc UINTEGER)');
  const buf = new Float64Array(WINDOWS * BANDS);
  const append = async (from: number, to: number): Promise<void> => {
    await con.run('BEGIN TRANSACTION');
    const ad = await con.createAppender('docs');
    const ak = await con.createAppender('postings');
    for (let d = from; d < to; d++) {
      ad.appendUInteger(d);
      ad.appendVarchar(all[d]);
      ad.endRow();
      keysOf(d, buf);
      for (const k of buf) {
        ak.appendUBigInt(BigInt(k));
        ak.appendUInteger(d);
        ak.endRow();
      }
    }
    ad.closeSync();
    ak.closeSync();
    await con.run('COMMIT');
  };
  let t = performance.now();
  for (let d = 0; d < archive; d += BATCH) await append(d, Math.min(archive, d + BATCH));
  const buildMs = performance.now() - t;

  t = performance.now();
  await con.run('CREATE TABLE q(bkey UBIGINT, w UINTEGER)');
  const aq = await con.createAppender('q');
  q.forEach((k, i) => {
    aq.appendUBigInt(BigInt(k));
    aq.appendUInteger(i);
    aq.endRow();
  });
  aq.closeSync();
  const reader = await con.runAndReadAll('SELECT q.w, p.doc FROM q JOIN postings p ON p.bkey = q.bkey');
  const rows = reader.getRows() as unknown as [number, number][];
  await con.run('DROP TABLE q');
  const lookupMs = performance.now() - t;
  const docs = [...new Set(rows.map((r) => Number(r[1])))].sort((a, b) => a - b);

  t = performance.now();
  const fetched = await con.runAndReadAll(`SELECT ord, text FROM docs WHERE ord IN (${docs.join(',') || '-1'})`);
  const fetchMs = performance.now() - t;
  if (fetched.currentRowCount !== docs.length) throw new Error(`duckdb fetched ${fetched.currentRowCount} of ${docs.length}`);

  t = performance.now();
  await append(archive, archive + BATCH);
  const appendMs = performance.now() - t;
  await con.run('CHECKPOINT');
  con.closeSync();
  inst.closeSync();
  return { buildMs, lookupMs, hits: rows.length, fetchMs, fetched: docs.length, appendMs, sizeBytes: duBytes(dir) };
}

async function runLmdb(dir: string, all: string[], archive: number, q: Float64Array): Promise<Omit<Row, 'backend' | 'archive' | 'maxRss'>> {
  const { open } = await optional('lmdb');
  const env = open({ path: join(dir, 'index.lmdb'), mapSize: 64 * 2 ** 30, noSync: false });
  const docsDb = env.openDB({ name: 'docs', keyEncoding: 'uint32', encoding: 'string' });
  const keysDb = env.openDB({ name: 'postings', keyEncoding: 'ordered-binary', dupSort: true, encoding: 'ordered-binary' });
  const buf = new Float64Array(WINDOWS * BANDS);
  const append = (from: number, to: number): void => {
    env.transactionSync(() => {
      for (let d = from; d < to; d++) {
        docsDb.putSync(d, all[d]);
        keysOf(d, buf);
        for (const k of buf) keysDb.putSync(k, d);
      }
    });
  };
  let t = performance.now();
  for (let d = 0; d < archive; d += BATCH) append(d, Math.min(archive, d + BATCH));
  const buildMs = performance.now() - t;

  t = performance.now();
  let hits = 0;
  const hitDocs = new Set<number>();
  for (const k of q) {
    for (const d of keysDb.getValues(k)) {
      hits++;
      hitDocs.add(d as number);
    }
  }
  const lookupMs = performance.now() - t;
  const docs = [...hitDocs].sort((a, b) => a - b);

  t = performance.now();
  let chars = 0;
  for (const d of docs) chars += (docsDb.get(d) as string).length;
  const fetchMs = performance.now() - t;

  t = performance.now();
  append(archive, archive + BATCH);
  const appendMs = performance.now() - t;
  await env.close();
  return { buildMs, lookupMs, hits, fetchMs, fetched: docs.length + chars * 0, appendMs, sizeBytes: duBytes(dir) };
}


/**
 * The same data as one segment per append: per band, the batch's keys sorted with their documents
 * beside them (two typed arrays as blobs). Lookup is a merge of the batch's sorted keys with each
 * segment's, in JS over typed arrays; the database only stores blobs transactionally.
 */
function segmentOf(from: number, to: number): Buffer[] {
  const n = (to - from) * WINDOWS;
  const buf = new Float64Array(WINDOWS * BANDS);
  const keys = Array.from({ length: BANDS }, () => new Uint32Array(n));
  const docs = new Int32Array(n);
  for (let d = from; d < to; d++) {
    keysOf(d, buf);
    for (let i = 0; i < buf.length; i++) {
      const b = i % BANDS;
      const w = (d - from) * WINDOWS + Math.floor(i / BANDS);
      keys[b][w] = buf[i] - b * 2 ** 32;
      docs[w] = d;
    }
  }
  // The index's own segment builder (src/index-store.ts).
  const seg = buildSegment(keys, docs, n);
  return seg.keys.flatMap((k, b) => [Buffer.from(k.buffer), Buffer.from(seg.docs[b].buffer)]);
}

/** Sorted query keys per band. */
function queryBands(q: Float64Array): Uint32Array[] {
  const out: Uint32Array[] = [];
  for (let b = 0; b < BANDS; b++) {
    const k = new Uint32Array(q.length / BANDS);
    for (let i = b, j = 0; i < q.length; i += BANDS) k[j++] = q[i] - b * 2 ** 32;
    out.push(k.sort());
  }
  return out;
}

function mergeHits(qb: Uint32Array, keys: Uint32Array, docs: Uint32Array, hitDocs: Uint8Array): number {
  let i = 0;
  let j = 0;
  let hits = 0;
  while (i < qb.length && j < keys.length) {
    if (qb[i] < keys[j]) i++;
    else if (qb[i] > keys[j]) j++;
    else {
      let e = j;
      while (e < keys.length && keys[e] === qb[i]) hitDocs[docs[e++]] = 1;
      hits += e - j;
      i++;
    }
  }
  return hits;
}

function u32(b: Buffer): Uint32Array {
  return new Uint32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

async function runSegments(kind: 'sqlite' | 'lmdb', dir: string, all: string[], archive: number, q: Float64Array): Promise<Omit<Row, 'backend' | 'archive' | 'maxRss'>> {
  let put: (from: number, to: number) => void;
  let segments: () => Buffer[][];
  let getText: (d: number) => string;
  let close: () => Promise<void>;
  if (kind === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dir, 'index.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE docs(ord INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    db.exec('CREATE TABLE segments(id INTEGER PRIMARY KEY, band INTEGER NOT NULL, keys BLOB NOT NULL, docs BLOB NOT NULL)');
    const insDoc = db.prepare('INSERT INTO docs(ord, text) VALUES (?, ?)');
    const insSeg = db.prepare('INSERT INTO segments(band, keys, docs) VALUES (?, ?, ?)');
    put = db.transaction((from: number, to: number) => {
      for (let d = from; d < to; d++) insDoc.run(d, all[d]);
      const s = segmentOf(from, to);
      for (let b = 0; b < BANDS; b++) insSeg.run(b, s[2 * b], s[2 * b + 1]);
    });
    const sel = db.prepare('SELECT band, keys, docs FROM segments ORDER BY id').raw();
    segments = () => (sel.all() as [number, Buffer, Buffer][]).map((r) => [r[1], r[2]]);
    const get = db.prepare('SELECT text FROM docs WHERE ord = ?').pluck();
    getText = (d) => get.get(d) as string;
    close = async () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    };
  } else {
    const { open } = await optional('lmdb');
    const env = open({ path: join(dir, 'index.lmdb'), mapSize: 64 * 2 ** 30 });
    const docsDb = env.openDB({ name: 'docs', keyEncoding: 'uint32', encoding: 'string' });
    const segDb = env.openDB({ name: 'segments', keyEncoding: 'uint32', encoding: 'binary' });
    let next = 0;
    put = (from, to) =>
      env.transactionSync(() => {
        for (let d = from; d < to; d++) docsDb.putSync(d, all[d]);
        for (const b of segmentOf(from, to)) segDb.putSync(next++, b);
      });
    segments = () => {
      const out: Buffer[][] = [];
      const vals = [...segDb.getRange({})].map((e) => e.value as Buffer);
      for (let i = 0; i < vals.length; i += 2) out.push([vals[i], vals[i + 1]]);
      return out;
    };
    getText = (d) => docsDb.get(d) as string;
    close = () => env.close();
  }
  let t = performance.now();
  for (let d = 0; d < archive; d += BATCH) put(d, Math.min(archive, d + BATCH));
  const buildMs = performance.now() - t;

  t = performance.now();
  const qb = queryBands(q);
  const hitDocs = new Uint8Array(archive + BATCH);
  let hits = 0;
  segments().forEach(([k, d], i) => (hits += mergeHits(qb[i % BANDS], u32(k), u32(d), hitDocs)));
  const lookupMs = performance.now() - t;
  const docs: number[] = [];
  hitDocs.forEach((h, d) => h && docs.push(d));

  t = performance.now();
  let chars = 0;
  for (const d of docs) chars += getText(d).length;
  const fetchMs = performance.now() - t;

  t = performance.now();
  put(archive, archive + BATCH);
  const appendMs = performance.now() - t;
  await close();
  return { buildMs, lookupMs, hits, fetchMs, fetched: docs.length + chars * 0, appendMs, sizeBytes: duBytes(dir) };
}

async function child(backend: Backend, archive: number): Promise<void> {
  const all = await texts(archive + BATCH);
  const q = queryKeys(archive);
  const dir = mkdtempSync(join(tmpdir(), `reprints-store-${backend}-`));
  try {
    const run =
      backend === 'sqlite' ? runSqlite
      : backend === 'duckdb' ? runDuck
      : backend === 'lmdb' ? runLmdb
      : backend === 'sqlite-segments' ? runSegments.bind(null, 'sqlite')
      : runSegments.bind(null, 'lmdb');
    const r = await run(dir, all, archive, q);
    const row: Row = { backend, archive, ...r, maxRss: process.resourceUsage().maxRSS * 1024 };
    process.send!(row);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [nArg, ...names] = process.argv.slice(2);
  const archive = Number(nArg ?? 31000);
  const backends = (names.length ? names : BACKENDS) as Backend[];
  const rows: Row[] = [];
  for (const backend of backends) {
    const row = await new Promise<Row>((resolve, reject) => {
      const p = fork(fileURLToPath(import.meta.url), ['--child', backend, String(archive)], { execArgv: ['--import', 'tsx'] });
      p.on('message', (m) => resolve(m as Row));
      p.on('exit', (code) => code !== 0 && reject(new Error(`${backend} exited ${code}`)));
    });
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  const mb = (b: number): string => (b / 1e6).toFixed(0);
  console.log('\n| Backend | Archive | Lookup 1.26 M keys | Fetch texts | Append 1,400 docs | Size on disk | Peak RSS |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.backend} | ${r.archive.toLocaleString('en')} | ${(r.lookupMs / 1e3).toFixed(2)} s (${r.hits.toLocaleString('en')} hits) | ${(r.fetchMs / 1e3).toFixed(2)} s (${r.fetched}) | ${(r.appendMs / 1e3).toFixed(2)} s | ${mb(r.sizeBytes)} MB | ${mb(r.maxRss)} MB |`,
    );
  }
}

if (process.argv[2] === '--child') await child(process.argv[3] as Backend, Number(process.argv[4]));
else await main();
