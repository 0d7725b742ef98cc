/**
 * Many small adds to one on-disk index (hourly ingestion), then one query of as many more in a fresh
 * process: how a look-up's cost follows the number of band segments. `--root` is a built checkout of
 * reprints (its `dist/`), so two commits compare on the same synthetic articles.
 *
 *   node --import tsx bench/index-small-adds.ts --root . --adds 2000 --size 10
 *   (builds, then runs the query in a fresh process three times; --phase query alone times one more)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPool, generateCorpus } from './synthetic.js';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: '.' },
    adds: { type: 'string', default: '2000' },
    size: { type: 'string', default: '10' },
    phase: { type: 'string', default: 'both' },
  },
});
const root = resolve(values.root);
const adds = Number(values.adds);
const size = Number(values.size);
const { openIndex } = (await import(join(root, 'dist', 'node.js'))) as typeof import('../src/node/index.js');
const seedsDir = join(import.meta.dirname, '..', 'test', 'fixtures', 'seeds');
const pool = buildPool(readdirSync(seedsDir).sort().map((f) => readFileSync(join(seedsDir, f), 'utf8')));
const docs = [...generateCorpus({ docs: (adds + 1) * size, seed: 3, pool }).documents];
const path = join(tmpdir(), `reprints-small-adds-${adds}x${size}-${root.replace(/\W/g, '_')}.reprints`);

if (values.phase !== 'query') {
  for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  const index = await openIndex(path, { create: true });
  const t = performance.now();
  for (let i = 0; i < adds; i++) await index.add(docs.slice(i * size, (i + 1) * size));
  const { segments, documents } = await index.stats();
  await index.close();
  console.log(`${root}: ${adds} adds of ${size} in ${((performance.now() - t) / 1e3).toFixed(1)} s: ${documents} documents in ${segments} segments`);
  const again = [...process.execArgv, process.argv[1], '--root', root, '--adds', String(adds), '--size', String(size), '--phase', 'query'];
  for (let i = 0; i < 3; i++) process.stdout.write(execFileSync(process.execPath, again, { encoding: 'utf8' }));
}
if (values.phase === 'query') {
  const t = performance.now();
  const index = await openIndex(path);
  const r = await index.query(docs.slice(adds * size));
  await index.close();
  console.log(`${root}: a fresh process's query of ${size} more: ${(performance.now() - t).toFixed(0)} ms (${r.pairs.length} pairs)`);
}
