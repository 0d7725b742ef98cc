/**
 * Workers: the output is byte-identical for any number of workers, and the pool never outlives a
 * run — after success, an error inside a worker, or an abort.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPool, generateCorpus } from '../../bench/synthetic.js';
import { rangeCount } from '../../src/candidates.js';
import { deferredPool, findReprints, runTask, TaskContext, WorkerPoolExecutor, type Executor } from '../../src/node/index.js';
import type { ReprintDocument } from '../../src/types.js';
import { ROOT, SEEDS } from '../cli/helpers.js';
import { saudiSlice } from '../helpers/saudi-slice.js';

const seeds: ReprintDocument[] = readdirSync(SEEDS)
  .sort()
  .map((f) => ({ id: f, text: readFileSync(join(SEEDS, f), 'utf8') }));

/** A synthetic news corpus (sentences of the seeds) with planted reprints, plus families of near-copies. */
function corpus(): ReprintDocument[] {
  const pool = buildPool(seeds.map((d) => d.text));
  const docs = [...generateCorpus({ docs: 1200, seed: 11, pool }).documents];
  // Families of whole near-copies (own headline, one word changed): many pairs, and the whole-copy
  // skip across alignment batches.
  const out = docs.slice();
  for (let f = 0; f < 40; f++) {
    const base = docs[f * 7].text;
    for (let m = 0; m < 9; m++) {
      const words = base.split(' ');
      words[(m * 13 + 5) % words.length] = `كلمة${m}`;
      out.push({ id: `family${f}-${m}`, series: `outlet${m}`, text: `عنوان ${f} ${m}\n${words.join(' ')}` });
    }
  }
  return out;
}

const json = (r: unknown): string => JSON.stringify(r);

describe('workers', () => {
  it('give byte-identical output for 1 and 2 workers: the seeds', async () => {
    expect(json(await findReprints(seeds, { workers: 2 }))).toBe(json(await findReprints(seeds)));
  });

  it('give byte-identical output for 1 and 2 workers: a synthetic corpus with families of near-copies', async () => {
    const docs = corpus();
    const inline = await findReprints(docs);
    const pooled = await findReprints(docs, { workers: 2 });
    expect(inline.pairs.length).toBeGreaterThan(500);
    expect(json(pooled)).toBe(json(inline));
  }, 120_000);

  it('give byte-identical output for 1 and 2 workers: a SaudiNewsNet slice (440 articles of one day, committed)', async () => {
    const docs = saudiSlice();
    const inline = await findReprints(docs);
    expect(inline.clusters.length).toBeGreaterThan(40);
    expect(json(await findReprints(docs, { workers: 2 }))).toBe(json(inline));
  }, 120_000);

  it('give byte-identical output however the LSH stage cuts its bands into ranges (1, 2, 8 and 15 ranges)', async () => {
    // An inline executor that claims `threads` threads: the LSH stage cuts its 15 bands into that
    // many ranges (up to one band each), each counted in its own table and merged, with no worker.
    const claiming = (threads: number): Executor => {
      const context = new TaskContext();
      return { concurrency: threads, run: (name, input) => runTask(name, input, context) };
    };
    expect(rangeCount(15, 2_000_000, 2)).toBe(2);
    expect(rangeCount(15, 2_000_000, 15)).toBe(15);
    // Past the band-window budget of a range: fewer bands a range, down to one.
    expect(rangeCount(15, 10_000_000, 2)).toBe(5);
    expect(rangeCount(15, 40_000_000, 2)).toBe(15);
    const docs = corpus();
    const inline = json(await findReprints(docs));
    for (const threads of [2, 8, 15]) expect(json(await findReprints(docs, { executor: claiming(threads) })), `${threads} ranges`).toBe(inline);
  }, 120_000);

  it('accept an executor of the caller, which the caller closes', async () => {
    const executor = new WorkerPoolExecutor({ threads: 2 });
    try {
      expect(json(await findReprints(seeds, { executor }))).toBe(json(await findReprints(seeds)));
    } finally {
      await executor.close();
    }
  });

  it('report an error inside a worker as ReprintsError TASK_FAILED naming the document', async () => {
    const executor = new WorkerPoolExecutor({ threads: 2, filename: join(ROOT, 'test', 'fixtures', 'failing-worker.mjs') });
    try {
      const docs = [...seeds, { id: 'the-bad-one', text: `☠ ${seeds[0].text}` }];
      await expect(findReprints(docs, { executor })).rejects.toMatchObject({
        name: 'ReprintsError',
        code: 'TASK_FAILED',
        message: expect.stringContaining('document "the-bad-one": injected failure'),
      });
    } finally {
      await executor.close();
    }
  });

  it('in a deferred pool, start only once the documents read reach minChars, with the same output', async () => {
    const chars = seeds.reduce((n, d) => n + d.text.length, 0);
    const inline = json(await findReprints(seeds));
    const small = deferredPool({ threads: 2, minChars: chars + 1 });
    try {
      expect(json(await findReprints(seeds, { executor: small }))).toBe(inline);
      expect([small.isStarted, small.concurrency]).toEqual([false, 1]);
    } finally {
      await small.close();
    }
    // The last document reaches minChars: the pool starts for its batch and runs lsh and align.
    const large = deferredPool({ threads: 2, minChars: chars });
    try {
      expect(json(await findReprints(seeds, { executor: large }))).toBe(inline);
      expect([large.isStarted, large.concurrency]).toEqual([true, 2]);
    } finally {
      await large.close();
    }
  });

  // Regression: workers moved their outputs' buffers back, which detaches them in the worker; in V8
  // the first detached buffer of a thread makes every later typed-array access of its optimized code
  // slower (SaudiNewsNet with 2 workers: 8.6–9.0 s moved against 8.3–8.4 s copied).
  it('answer with the task output itself, copied back: no buffer listed to move (moving detaches it in the worker)', async () => {
    const { default: run } = await import('../../src/node/worker.js');
    const params = (await import('../../src/options.js')).resolveOptions({});
    const output = (await run({ name: 'sign', input: { params, ids: ['a', 'b'], texts: [seeds[0].text, seeds[1].text], series: Int32Array.of(-1, -1) } })) as Record<string | symbol, unknown>;
    // A piscina movable carries its transfer list under symbols; a plain output has none.
    expect(Object.getOwnPropertySymbols(output)).toEqual([]);
    expect(output.keys).toBeInstanceOf(Uint32Array);
    expect((output.keys as Uint32Array).length).toBeGreaterThan(0);
  });

  it('reject an invalid workers count as INVALID_OPTION', async () => {
    await expect(findReprints(seeds, { workers: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(findReprints(seeds, { workers: 1.5 })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });
});

/** Run a script on the built package in a fresh Node process; it must exit by itself. */
function runScript(code: string): { status: number | null; stdout: string; stderr: string; signal: string | null } {
  if (!existsSync(join(ROOT, 'dist', 'node.js'))) throw new Error('dist/node.js is missing: run `npx tsup` (npm test does it)');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

const prelude = `
import { readdirSync, readFileSync } from 'node:fs';
import { findReprints, WorkerPoolExecutor } from './dist/node.js';
const docs = readdirSync('examples/seeds').sort().map((f) => ({ id: f, text: readFileSync('examples/seeds/' + f, 'utf8') }));
`;

describe('the worker pool shuts down', () => {
  it('after a run: the process exits by itself', () => {
    const r = runScript(`${prelude}
const result = await findReprints(docs, { workers: 2 });
console.log(result.clusters.length);`);
    expect(r.signal).toBeNull();
    expect([r.status, r.stdout.trim(), r.stderr]).toEqual([0, '1', '']);
  });

  it('after an error inside a worker: the error reaches the caller and the process exits by itself', () => {
    const r = runScript(`${prelude}
const executor = new WorkerPoolExecutor({ threads: 2, filename: new URL('./test/fixtures/failing-worker.mjs', import.meta.url).href });
try {
  await findReprints([...docs, { id: 'bad', text: '☠ x' }], { executor });
} catch (e) {
  console.log(e.name, e.code, e.message);
} finally {
  await executor.close();
}`);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ReprintsError TASK_FAILED');
    expect(r.stdout).toContain('document "bad"');
  });

  it('after a CLI run whose deferred pool started: the process exits by itself', () => {
    // POOL_MIN_CHARS of input (unrelated random words) make the CLI start its pool when --jobs is not given.
    const r = runScript(`
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POOL_MIN_CHARS } from './dist/node.js';
import { main } from './dist/cli.js';
let x = 7;
const word = () => { let w = ''; for (let i = 0; i < 5; i++) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; w += String.fromCharCode(0x627 + (x >>> 24) % 30); } return w; };
const lines = [];
for (let chars = 0, i = 0; chars <= POOL_MIN_CHARS; i++) {
  const text = Array.from({ length: 500 }, word).join(' ');
  chars += text.length;
  lines.push(JSON.stringify({ id: 'd' + i, text }));
}
const dir = mkdtempSync(join(tmpdir(), 'reprints-pool-'));
writeFileSync(join(dir, 'big.jsonl'), lines.join('\\n'));
const code = await main([join(dir, 'big.jsonl'), '--format', 'json', '--quiet', '-o', join(dir, 'out.json')]);
console.log(code, JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).documents.length === lines.length);`);
    expect(r.signal).toBeNull();
    expect([r.status, r.stdout.trim(), r.stderr]).toEqual([0, '0 true', '']);
  }, 60_000);

  it('after an abort through AbortSignal: ReprintsError ABORTED and the process exits by itself', () => {
    const r = runScript(`${prelude}
const controller = new AbortController();
const many = Array.from({ length: 400 }, (_, i) => ({ id: 'd' + i, text: docs[i % 5].text + ' ' + i }));
try {
  await findReprints(many, { workers: 2, signal: controller.signal, onProgress: () => controller.abort(new Error('stop')) });
  console.log('finished');
} catch (e) {
  console.log(e.name, e.code);
}`);
    expect(r.signal).toBeNull();
    expect([r.status, r.stdout.trim()]).toEqual([0, 'ReprintsError ABORTED']);
  });
});
