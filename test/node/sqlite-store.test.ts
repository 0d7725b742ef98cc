/**
 * The SQLite store keeps document metadata and pairs between operations of one open index: they must
 * follow this process's adds and be read again when another connection (another process) has added.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPool, generateCorpus } from '../../bench/synthetic.js';
import type { ReprintDocument } from '../../src/index.js';
import { openIndex } from '../../src/node/index.js';

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
