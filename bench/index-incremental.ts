/**
 * Incremental equals batch, and what it costs (issue 9).
 *
 * A corpus is split by day (`date`, first 10 characters; SaudiNewsNet: 2015-07-21 …) and added one
 * day at a time to a fresh on-disk index (SQLite, `openIndex` of the Node entry); the index's clusters (as sets of
 * documents) and pairs are then compared with one `findReprints` over the whole corpus in the same
 * order. Rows: time of each daily add, total of the adds, one-shot time, index size on disk, peak
 * RSS of each process. Every differing cluster or pair is named.
 *
 *   node --expose-gc --import tsx bench/index-incremental.ts [--corpus PATH | --synthetic N] [--limit N] [--days N]
 *   node --import tsx bench/index-incremental.ts --archive N [--build-batch B] [--index PATH]
 *       one add of 1,000 synthetic articles to an index of N (built first by adds of B, default 10,000;
 *       with --index, kept at PATH and reused when it exists), timed in a process of its own
 *
 * Batch and incremental run in separate child processes so that each peak RSS is its own.
 */
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findReprints, type ReprintDocument, type ReprintsResult } from '../src/index.js';
import { openIndex } from '../src/node/index.js';
import { readJsonl } from './loaders/jsonl.js';
import { scorePlanted } from './synthetic-score.js';
import { buildPool, generateCorpus, type PlantedReprint } from './synthetic.js';

const SAUDI = '/work/shared/corpora/saudinewsnet/articles.jsonl.gz';

interface Args {
  corpus?: string;
  synthetic?: number;
  limit: number;
  days: number;
}

function parse(argv: string[]): Args {
  const a: Args = { limit: Infinity, days: Infinity };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--corpus') a.corpus = argv[++i];
    else if (argv[i] === '--synthetic') a.synthetic = Number(argv[++i]);
    else if (argv[i] === '--limit') a.limit = Number(argv[++i]);
    else if (argv[i] === '--days') a.days = Number(argv[++i]);
    else throw new Error(`bench: unknown flag ${argv[i]}`);
  }
  if (!a.corpus && !a.synthetic) a.corpus = SAUDI;
  return a;
}

/** The corpus as days, in date order (documents keep their file order within a day). */
async function loadDays(args: Args): Promise<{ days: [string, ReprintDocument[]][]; truth?: PlantedReprint[]; gz?: number }> {
  let docs: ReprintDocument[] = [];
  let truth: PlantedReprint[] | undefined;
  let gz: number | undefined;
  if (args.synthetic) {
    const seeds = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'examples', 'seeds');
    const pool = buildPool(readdirSync(seeds).sort().map((f) => readFileSync(join(seeds, f), 'utf8')));
    const c = generateCorpus({ docs: args.synthetic, seed: 1, pool });
    docs = [...c.documents];
    truth = c.truth;
  } else {
    for await (const d of readJsonl(args.corpus!, args.limit)) docs.push(d);
    gz = statSync(args.corpus!).size;
  }
  const byDay = new Map<string, ReprintDocument[]>();
  for (const d of docs) {
    const day = (d.date ?? '').slice(0, 10);
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day)!.push(d);
  }
  let days = [...byDay].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  if (args.synthetic) {
    // Synthetic documents carry one date: cut them into days of ~1,400 in order instead.
    days = [];
    for (let i = 0; i < docs.length; i += 1400) days.push([`part-${days.length + 1}`, docs.slice(i, i + 1400)]);
  }
  return { days: days.slice(0, args.days), truth, gz };
}

function clusterSets(r: ReprintsResult): string[] {
  return r.clusters.map((c) => JSON.stringify([...new Set(c.passages.map((p) => p.doc))].sort())).sort();
}

function pairKeys(r: ReprintsResult): string[] {
  return r.pairs.map((p) => JSON.stringify([p.a.doc, p.a.start, p.a.end, p.b.doc, p.b.start, p.b.end])).sort();
}

interface Side {
  ms: number;
  maxRss: number;
  clusters: string[];
  pairs: string[];
  scores?: unknown;
  dayMs?: { day: string; docs: number; ms: number; archive: number }[];
  sizeBytes?: number;
}

async function child(mode: 'batch' | 'incremental', args: Args, out: string): Promise<void> {
  const { days, truth } = await loadDays(args);
  const all = days.flatMap(([, d]) => d);
  let result: ReprintsResult;
  const side: Partial<Side> = {};
  const t0 = performance.now();
  if (mode === 'batch') {
    result = await findReprints(all);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'reprints-index-bench-'));
    const path = join(dir, 'news.reprints');
    try {
      const index = await openIndex(path, { create: true });
      side.dayMs = [];
      let archive = 0;
      for (const [day, docs] of days) {
        const t = performance.now();
        await index.add(docs);
        side.dayMs.push({ day, docs: docs.length, ms: performance.now() - t, archive });
        archive += docs.length;
        process.stderr.write(`bench: ${day} ${docs.length} docs in ${((performance.now() - t) / 1e3).toFixed(2)} s\n`);
      }
      side.ms = performance.now() - t0;
      result = await index.export();
      const check = await index.check();
      if (!check.ok) throw new Error(`index check failed: ${check.problems.join('; ')}`);
      await index.close();
      side.sizeBytes = Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  side.ms ??= performance.now() - t0;
  side.clusters = clusterSets(result);
  side.pairs = pairKeys(result);
  if (truth) side.scores = scorePlanted(truth, result.pairs).documentPairs;
  side.maxRss = process.resourceUsage().maxRSS * 1024;
  writeFileSync(out, JSON.stringify(side));
}

function runChild(mode: string, argv: string[], out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = fork(fileURLToPath(import.meta.url), ['--child', mode, out, ...argv], {
      execArgv: ['--import', 'tsx', '--max-old-space-size=8192'],
    });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${mode} exited ${code}`))));
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parse(argv);
  const { gz } = args.synthetic ? { gz: undefined } : { gz: existsSync(args.corpus!) ? statSync(args.corpus!).size : undefined };
  const dir = mkdtempSync(join(tmpdir(), 'reprints-bench-sides-'));
  await runChild('batch', argv, join(dir, 'batch.json'));
  await runChild('incremental', argv, join(dir, 'incremental.json'));
  const batch = JSON.parse(readFileSync(join(dir, 'batch.json'), 'utf8')) as Side;
  const inc = JSON.parse(readFileSync(join(dir, 'incremental.json'), 'utf8')) as Side;
  rmSync(dir, { recursive: true, force: true });

  const s = (ms: number): string => `${(ms / 1e3).toFixed(2)} s`;
  const mb = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;
  const days = inc.dayMs!;
  const full = days.filter((d) => d.archive > 0);
  const maxDay = full.reduce((m, d) => (d.ms > m.ms ? d : m), full[0] ?? days[0]);
  const meanDay = full.reduce((t, d) => t + d.ms, 0) / Math.max(1, full.length);
  console.log(`\n| Row | Target | Measured |`);
  console.log(`| --- | --- | --- |`);
  console.log(`| one-shot findReprints, ${days.reduce((t, d) => t + d.docs, 0).toLocaleString('en')} docs | — | ${s(batch.ms)}, peak RSS ${mb(batch.maxRss)} |`);
  console.log(`| daily add, mean of ${full.length} days after the first (mean ${Math.round(full.reduce((t, d) => t + d.docs, 0) / Math.max(1, full.length))} docs) | ≤ 10 % of one-shot (${s(batch.ms * 0.1)}) | ${s(meanDay)} (${((meanDay / batch.ms) * 100).toFixed(1)} %) |`);
  console.log(`| slowest daily add (${maxDay.day}, ${maxDay.docs} docs on ${maxDay.archive.toLocaleString('en')}) | ≤ 10 % of one-shot | ${s(maxDay.ms)} (${((maxDay.ms / batch.ms) * 100).toFixed(1)} %) |`);
  console.log(`| total of ${days.length} adds | ≤ 1.5× one-shot (${s(batch.ms * 1.5)}) | ${s(inc.ms)} (${(inc.ms / batch.ms).toFixed(2)}×) |`);
  console.log(`| index size on disk | ≤ 3× corpus .jsonl.gz${gz ? ` (${mb(gz * 3)})` : ''} | ${mb(inc.sizeBytes!)}${gz ? ` (${(inc.sizeBytes! / gz).toFixed(2)}×)` : ''} |`);
  console.log(`| peak RSS of the adds | — | ${mb(inc.maxRss)} |`);
  const [bc, ic, bp, ip] = [batch.clusters, inc.clusters, batch.pairs, inc.pairs].map((l) => new Set(l));
  const onlyB = batch.clusters.filter((c) => !ic.has(c));
  const onlyI = inc.clusters.filter((c) => !bc.has(c));
  const pB = batch.pairs.filter((p) => !ip.has(p));
  const pI = inc.pairs.filter((p) => !bp.has(p));
  console.log(`| clusters (as sets of documents) | equal | batch ${batch.clusters.length}, incremental ${inc.clusters.length}; ${onlyB.length} only in batch, ${onlyI.length} only in incremental |`);
  console.log(`| aligned pairs | equal | batch ${batch.pairs.length}, incremental ${inc.pairs.length}; ${pB.length} only in batch, ${pI.length} only in incremental |`);
  if (batch.scores) console.log(`| planted reprints (document pairs) | unchanged | batch ${JSON.stringify(batch.scores)}; incremental ${JSON.stringify(inc.scores)} |`);
  for (const c of onlyB.slice(0, 20)) console.log(`cluster only in batch: ${c}`);
  for (const c of onlyI.slice(0, 20)) console.log(`cluster only in incremental: ${c}`);
  for (const p of pB.slice(0, 20)) console.log(`pair only in batch: ${p}`);
  for (const p of pI.slice(0, 20)) console.log(`pair only in incremental: ${p}`);
  console.log('\ndaily adds:');
  for (const d of days) console.log(`  ${d.day}  ${String(d.docs).padStart(5)} docs on ${String(d.archive).padStart(6)}  ${s(d.ms)}`);
}

/** Synthetic articles `from` … `from + count − 1` of the archive corpus (seed 1, built from the seeds). */
function syntheticSlice(total: number, from: number, count: number): ReprintDocument[] {
  const seeds = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'examples', 'seeds');
  const pool = buildPool(readdirSync(seeds).sort().map((f) => readFileSync(join(seeds, f), 'utf8')));
  const out: ReprintDocument[] = [];
  let i = 0;
  for (const d of generateCorpus({ docs: total, seed: 1, pool }).documents) {
    if (i >= from + count) break;
    if (i++ >= from) out.push(d);
  }
  return out;
}

/**
 * One add of 1,000 synthetic documents to an index of `n`: the index is built first (adds of
 * `batch`, in this process; `--index PATH` keeps it there and reuses it when it exists), then one
 * fresh process opens it and adds the 1,000, so that the time and peak RSS are the add's alone.
 */
async function archiveRun(n: number, batch: number, keep?: string): Promise<void> {
  const dir = keep ? undefined : mkdtempSync(join(tmpdir(), 'reprints-index-archive-'));
  const path = keep ?? join(dir!, 'archive.reprints');
  try {
    let buildMs = 0;
    if (!existsSync(path)) {
      const index = await openIndex(path, { create: true });
      const t0 = performance.now();
      for (let added = 0; added < n; added += batch) {
        const t = performance.now();
        await index.add(syntheticSlice(n + 1000, added, Math.min(batch, n - added)));
        process.stderr.write(`bench: archive ${Math.min(n, added + batch)}: ${((performance.now() - t) / 1e3).toFixed(1)} s\n`);
      }
      buildMs = performance.now() - t0;
      await index.close();
    }
    const out = join(dirname(path), 'archive-add.json');
    await new Promise<void>((resolve, reject) => {
      const p = fork(fileURLToPath(import.meta.url), ['--archive-add', path, String(n), out], { execArgv: ['--import', 'tsx', '--max-old-space-size=16384'] });
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`archive add exited ${code}`))));
    });
    const add = JSON.parse(readFileSync(out, 'utf8')) as { ms: number; pairs: number; maxRss: number; stages: Record<string, number> };
    rmSync(out, { force: true });
    const size = statSync(path).size;
    console.log(
      `| one add of 1,000 synthetic articles to an index of ${n.toLocaleString('en')} | ${(add.ms / 1e3).toFixed(2)} s (${add.pairs} new pairs; stages ${Object.entries(add.stages).map(([k, v]) => `${k} ${(v / 1e3).toFixed(2)}`).join(', ')}) | peak RSS ${(add.maxRss / 1e6).toFixed(0)} MB (the add's process: open, add, close) | index ${(size / 1e6).toFixed(0)} MB${buildMs ? `, built in ${(buildMs / 1e3).toFixed(0)} s by adds of ${batch.toLocaleString('en')}` : ''} |`,
    );
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** The timed add of {@link archiveRun}, in its own process. */
async function archiveAdd(path: string, n: number, out: string): Promise<void> {
  const docs = syntheticSlice(n + 1000, n, 1000);
  const stages: Record<string, number> = {};
  const t = performance.now();
  const index = await openIndex(path);
  const r = await index.add(docs, { onProgress: (e) => void (stages[e.stage] = e.ms) });
  await index.close();
  const ms = performance.now() - t;
  writeFileSync(out, JSON.stringify({ ms, pairs: r.pairs.length, maxRss: process.resourceUsage().maxRSS * 1024, stages }));
}

const flag = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
if (process.argv[2] === '--archive') await archiveRun(Number(process.argv[3]), Number(flag('--build-batch') ?? 10_000), flag('--index'));
else if (process.argv[2] === '--archive-add') await archiveAdd(process.argv[3], Number(process.argv[4]), process.argv[5]);
else if (process.argv[2] === '--child') await child(process.argv[3] as 'batch' | 'incremental', parse(process.argv.slice(5)), process.argv[4]);
else await main();
