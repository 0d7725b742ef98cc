/**
 * The on-disk index (SQLite, `openIndex`) under faults: a process killed (SIGKILL) at several
 * points of an add leaves the index at its last completed add; reopened, it checks ok, and adding
 * the batch again ends with the same index as an uninterrupted run. A reader queries while a writer
 * is inside its commit. Runs the built package (`dist/`), as `npm test` builds first.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPool, generateCorpus } from '../../bench/synthetic.js';
import type { ReprintDocument, ReprintsResult } from '../../src/index.js';
import { openIndex } from '../../src/node/index.js';
import { pieceId } from '../../src/node/sqlite-store.js';

const seedsDir = join(import.meta.dirname, '..', 'fixtures', 'seeds');
const pool = buildPool(readdirSync(seedsDir).sort().map((f) => readFileSync(join(seedsDir, f), 'utf8')));
const docs: ReprintDocument[] = [...generateCorpus({ docs: 600, seed: 11, pool }).documents];
const dayA = docs.slice(0, 300);
const dayB = docs.slice(300);
const CHILD = join(import.meta.dirname, '..', 'fixtures', 'index-fault-child.mjs');
const dir = mkdtempSync(join(tmpdir(), 'reprints-faults-'));
const dayBFile = join(dir, 'dayB.json');
writeFileSync(dayBFile, JSON.stringify(dayB));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the child; resolve with its exit signal/code and output. `killAfter` ms after "adding": SIGKILL from here. */
function child(args: string[], killAfter?: number, onLine?: (line: string) => void): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (b: Buffer) => {
      out += b;
      for (const line of b.toString().split('\n').filter(Boolean)) {
        onLine?.(line);
        if (line === 'adding' && killAfter !== undefined) setTimeout(() => p.kill('SIGKILL'), killAfter);
      }
    });
    p.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

async function exportOf(path: string): Promise<ReprintsResult> {
  const index = await openIndex(path);
  try {
    return await index.export();
  } finally {
    await index.close();
  }
}

/** An index of day A, added in seven parts: day B's add (the eighth segment) then merges them all. */
async function withDayA(name: string): Promise<string> {
  const path = join(dir, name);
  const index = await openIndex(path, { create: true });
  for (let i = 0; i < dayA.length; i += 43) await index.add(dayA.slice(i, i + 43));
  await index.close();
  return path;
}

describe('on-disk index: kill -9 during add', () => {
  let reference: ReprintsResult;

  it('an uninterrupted run (reference): day A, then day B', async () => {
    const path = await withDayA('reference.idx');
    const r = await child([path, dayBFile]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('added 300');
    reference = await exportOf(path);
    expect(reference.documents).toHaveLength(600);
    const index = await openIndex(path);
    // Day B's segment was merged with day A's seven.
    expect(await index.stats()).toMatchObject({ adds: 8, segments: 1 });
    await index.close();
    expect(reference.clusters.length).toBeGreaterThan(50);
  });

  const points = ['document:1', 'document:150', 'segment', 'merge', 'pairs', 'time:0', 'time:150', 'time:400'];
  for (const point of points) {
    it(`killed at ${point}: reopens at day A, checks ok, and re-adding day B gives the reference`, async () => {
      const path = await withDayA(`kill-${point.replace(':', '-')}.idx`);
      const [step, n] = point.split(':');
      const r = step === 'time' ? await child([path, dayBFile], Number(n)) : await child([path, dayBFile, point]);
      // A step inside the commit is always reached (the child kills itself there).
      if (step !== 'time') expect(r.signal).toBe('SIGKILL');
      const index = await openIndex(path);
      expect(await index.check()).toMatchObject({ ok: true, problems: [] });
      const stats = await index.stats();
      if (r.signal === 'SIGKILL') {
        // Killed before the commit completed: the last completed add is day A.
        if (step !== 'time') expect(stats.documents).toBe(300);
        expect([300, 600]).toContain(stats.documents);
      } else {
        // A timed kill can come after the add completed.
        expect(stats.documents).toBe(600);
      }
      await index.add(dayB, { skipExisting: true });
      await index.close();
      const after = await exportOf(path);
      expect(after).toEqual(reference);
    });
  }
});

describe('on-disk index: a reader while a writer adds', () => {
  it('stats and query run, on the last completed add, while another process is inside its commit', async () => {
    const path = await withDayA('reader.idx');
    let reading: Promise<void> | undefined;
    const seen: number[] = [];
    const writer = child([path, dayBFile, 'pairs', '3000'], undefined, (line) => {
      if (line !== 'paused') return;
      reading = (async () => {
        const started = Date.now();
        const index = await openIndex(path);
        seen.push((await index.stats()).documents);
        const q = await index.query(dayB.slice(0, 20));
        seen.push(q.documents.length);
        await index.close();
        // Not blocked by the writer's 3-second pause.
        seen.push(Date.now() - started < 2500 ? 1 : 0);
      })();
    });
    const r = await writer;
    await reading;
    expect(r.code).toBe(0);
    expect(seen).toEqual([300, 20, 1]);
    const index = await openIndex(path);
    expect((await index.stats()).documents).toBe(600);
    await index.close();
  });
});

describe('on-disk index: check says what is wrong', () => {
  it('a span out of range, band segments missing (the first band of one too), a piece of a band missing and a header count off are each named', async () => {
    const path = await withDayA('damaged.idx');
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path);
    db.prepare('UPDATE pairs SET a_end = 9999999 WHERE n = 0').run();
    db.prepare('DELETE FROM pieced_bands WHERE band = 3').run();
    // A segment's first band gone: the segment must still be listed (and named), not vanish.
    db.prepare('DELETE FROM pieced_bands WHERE band = 0 AND seg = (SELECT max(seg) FROM pieced_bands)').run();
    // A piece gone from the middle of a band.
    db.prepare('DELETE FROM band_pieces WHERE id = ?').run(pieceId(0, 5, 1));
    const header = JSON.parse(db.prepare("SELECT value FROM meta WHERE key = 'header'").pluck().get() as string);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'header'").run(JSON.stringify({ ...header, documents: 301 }));
    db.close();
    const index = await openIndex(path);
    const { ok, problems } = await index.check();
    await index.close();
    expect(ok).toBe(false);
    expect(problems).toContain('header counts 301 documents, the store holds 300');
    expect(problems).toContain('segment 0 band 3: cannot be read (band 3 of segment 0 is missing)');
    expect(problems).toContain('segment 6 band 0: cannot be read (band 0 of segment 6 is missing)');
    expect(problems.some((p) => /^segment 0 band 5: cannot be read \(band 5 of segment 0 is missing pieces \(\d+ of \d+ bytes\)\)$/.test(p))).toBe(true);
    expect(problems.some((p) => /^pair 0: span \d+–9999999 of document \d+ is out of range$/.test(p))).toBe(true);
  });
});

describe('on-disk index: opening', () => {
  it('a missing file is INDEX_MISSING without create, and nothing is created', async () => {
    const path = join(dir, 'missing.idx');
    const err = await openIndex(path).catch((e) => e);
    expect(err.code).toBe('INDEX_MISSING');
    expect(err.message).toBe(`${path}: no index here; create one with reprints index add ${path} PATH…`);
    expect(readdirSync(dir)).not.toContain('missing.idx');
  });

  it('a file that is not an index is INDEX_CORRUPT', async () => {
    const path = join(dir, 'not-an-index.idx');
    writeFileSync(path, 'hello, not a database');
    const err = await openIndex(path).catch((e) => e);
    expect(err.code).toBe('INDEX_CORRUPT');
    expect(err.message).toMatch(/not-an-index\.idx: not a reprints index \(/);
  });

  it('reopening with a different parameter names it; the same or none opens', async () => {
    const path = join(dir, 'params.idx');
    (await openIndex(path, { create: true, minLength: 200 })).close();
    const err = await openIndex(path, { minLength: 150 }).catch((e) => e);
    expect(err.code).toBe('INDEX_PARAMS');
    expect(err.message).toContain('parameter minLength is 200 in the index but 150 was asked');
    const index = await openIndex(path);
    expect(index.params.minLength).toBe(200);
    await index.close();
  });
});
