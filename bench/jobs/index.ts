/**
 * Jobs of the `index` suite (issue 9), each in a process of its own so that its peak RSS is its own:
 * - `index-side`: a corpus split by day (`date`, first 10 characters; synthetic documents in parts
 *   of 1,400) either added day by day to a fresh on-disk index (in this process, or through the CLI:
 *   `reprints index add` in a fresh process per day, as a daily job runs it) or run through one
 *   `findReprints`; clusters (as sets of documents), pairs, times (wall and CPU) and the index size.
 * - `index-archive-build`: an index of N synthetic articles (adds of `batch`), kept at a path.
 * - `index-archive-add`: one add of the next 1,000 synthetic articles to it (open, add, close).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReprintDocument, ReprintsResult } from '../../src/index.js';
import { engine, node } from '../built.js';
import { readJsonl } from '../loaders/jsonl.js';
import { scorePlanted } from '../synthetic-score.js';
import { buildPool, generateCorpus, type PlantedReprint } from '../synthetic.js';

export interface SideArgs {
  /** One `findReprints`; adds in this process; adds through the CLI, a fresh process each. */
  mode: 'batch' | 'incremental' | 'cli';
  /** A `.jsonl(.gz)` corpus with dates, or … */
  corpus?: string;
  /** … this many synthetic documents. */
  synthetic?: number;
  seedsDir: string;
  limit?: number;
  days?: number;
}

export interface DayAdd {
  day: string;
  docs: number;
  /** Documents already in the index. */
  archive: number;
  ms: number;
  cpuMs: number;
}

export interface Side {
  ms: number;
  cpuMs: number;
  clusters: string[];
  pairs: string[];
  scores?: unknown;
  dayMs?: DayAdd[];
  sizeBytes?: number;
  /** Size of the corpus file (`.jsonl.gz`). */
  gzBytes?: number;
}

function seedPool(seedsDir: string) {
  return buildPool(readdirSync(seedsDir).sort().map((f) => readFileSync(join(seedsDir, f), 'utf8')));
}

/** The corpus as days, in date order (documents keep their file order within a day). */
async function loadDays(args: SideArgs): Promise<{ days: [string, ReprintDocument[]][]; truth?: PlantedReprint[] }> {
  let docs: ReprintDocument[] = [];
  let truth: PlantedReprint[] | undefined;
  if (args.synthetic) {
    const c = generateCorpus({ docs: args.synthetic, seed: 1, pool: seedPool(args.seedsDir) });
    docs = [...c.documents];
    truth = c.truth;
    // Synthetic documents carry one date: cut them into days of 1,400 in order instead.
    const days: [string, ReprintDocument[]][] = [];
    for (let i = 0; i < docs.length; i += 1400) days.push([`part-${days.length + 1}`, docs.slice(i, i + 1400)]);
    return { days: days.slice(0, args.days ?? Infinity), truth };
  }
  for await (const d of readJsonl(args.corpus!, args.limit ?? Infinity)) docs.push(d);
  const byDay = new Map<string, ReprintDocument[]>();
  for (const d of docs) {
    const day = (d.date ?? '').slice(0, 10);
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day)!.push(d);
  }
  const days = [...byDay].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return { days: days.slice(0, args.days ?? Infinity) };
}

/** Clusters as sorted sets of document ids (one JSON string each), sorted. */
export function clusterSets(r: ReprintsResult): string[] {
  return r.clusters.map((c) => JSON.stringify([...new Set(c.passages.map((p) => p.doc))].sort())).sort();
}

/** Pairs as `[a, aStart, aEnd, b, bStart, bEnd]` JSON strings, sorted. */
export function pairKeys(r: ReprintsResult): string[] {
  return r.pairs.map((p) => JSON.stringify([p.a.doc, p.a.start, p.a.end, p.b.doc, p.b.start, p.b.end])).sort();
}

const cpuSince = (c: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1e3;
};

/**
 * CPU time of this process's finished children (user + system, ms; 10 ms steps), from
 * `/proc/self/stat` (Linux; NaN elsewhere): what the CLI's processes used.
 */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime: fields 16 and 17 of stat(5), counted from the state (field 3) here.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

const CLI = fileURLToPath(new URL('../../bin/reprints.js', import.meta.url));

/** Add one day's file through the CLI (`reprints index add`, a fresh process, output discarded). */
function cliAdd(path: string, day: string): void {
  const run = spawnSync(process.execPath, [CLI, 'index', 'add', path, day, '--format', 'json', '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (run.status !== 0) throw new Error(`reprints index add exited ${run.status}: ${run.stderr}`);
}

export async function indexSideJob(args: SideArgs): Promise<Side> {
  const { days, truth } = await loadDays(args);
  const all = days.flatMap(([, d]) => d);
  let result: ReprintsResult;
  const side: Partial<Side> = {};
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  if (args.mode === 'batch') {
    result = await engine.findReprints(all);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'reprints-index-bench-'));
    const path = join(dir, 'news.reprints');
    try {
      const opened = args.mode === 'cli' ? undefined : await node.openIndex(path, { create: true });
      const dayFile = join(dir, 'day.jsonl');
      side.dayMs = [];
      side.cpuMs = 0;
      let archive = 0;
      for (const [day, docs] of days) {
        if (!opened) writeFileSync(dayFile, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
        const t = performance.now();
        const c = process.cpuUsage();
        const children = childrenCpuMs();
        if (opened) await opened.add(docs);
        else cliAdd(path, dayFile);
        const cpuMs = opened ? cpuSince(c) : childrenCpuMs() - children;
        side.dayMs.push({ day, docs: docs.length, ms: performance.now() - t, cpuMs, archive });
        side.cpuMs += cpuMs;
        archive += docs.length;
      }
      side.ms = side.dayMs.reduce((total, d) => total + d.ms, 0);
      const index = opened ?? (await node.openIndex(path));
      result = await index.export();
      const check = await index.check();
      if (!check.ok) throw new Error(`index check failed: ${check.problems.join('; ')}`);
      await index.close();
      rmSync(dayFile, { force: true });
      side.sizeBytes = Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  side.ms ??= performance.now() - t0;
  side.cpuMs ??= cpuSince(c0);
  side.clusters = clusterSets(result);
  side.pairs = pairKeys(result);
  if (truth) side.scores = scorePlanted(truth, result.pairs).documentPairs;
  if (args.corpus) side.gzBytes = statSync(args.corpus).size;
  return side as Side;
}

/** Synthetic articles `from` … `from + count − 1` of the archive corpus (seed 1). */
function syntheticSlice(seedsDir: string, total: number, from: number, count: number): ReprintDocument[] {
  const out: ReprintDocument[] = [];
  let i = 0;
  for (const d of generateCorpus({ docs: total, seed: 1, pool: seedPool(seedsDir) }).documents) {
    if (i >= from + count) break;
    if (i++ >= from) out.push(d);
  }
  return out;
}

export interface ArchiveArgs {
  path: string;
  /** Archive size. */
  n: number;
  /** Documents per add while building. */
  batch?: number;
  /** Documents of the timed add (1,000 when unset). */
  add?: number;
  seedsDir: string;
}

export interface ArchiveBuild {
  /** 0 when the index at `path` existed already (reused). */
  buildMs: number;
  sizeBytes: number;
  /** Band-key segments of the index as built (adds merge them). */
  segments: number;
}

export async function indexArchiveBuildJob(args: ArchiveArgs): Promise<ArchiveBuild> {
  const batch = args.batch ?? 10_000;
  let buildMs = 0;
  if (!existsSync(args.path)) {
    const index = await node.openIndex(args.path, { create: true });
    const t0 = performance.now();
    // One pass of the generator, cut into adds (the archive is the first n of n + the timed add).
    let part: ReprintDocument[] = [];
    let added = 0;
    let t = performance.now();
    for (const d of generateCorpus({ docs: args.n + (args.add ?? 1000), seed: 1, pool: seedPool(args.seedsDir) }).documents) {
      if (added + part.length >= args.n) break;
      part.push(d);
      if (part.length < batch && added + part.length < args.n) continue;
      await index.add(part);
      added += part.length;
      part = [];
      if (batch >= 1000 || added % 1000 === 0) process.stderr.write(`bench: index archive ${added}: ${((performance.now() - t) / 1e3).toFixed(1)} s\n`);
      t = performance.now();
    }
    buildMs = performance.now() - t0;
    await index.close();
  }
  const index = await node.openIndex(args.path);
  const { segments } = await index.stats();
  await index.close();
  return { buildMs, sizeBytes: statSync(args.path).size, segments };
}

export interface ArchiveAdd {
  ms: number;
  cpuMs: number;
  pairs: number;
  stages: Record<string, number>;
}

export async function indexArchiveAddJob(args: ArchiveArgs): Promise<ArchiveAdd> {
  const docs = syntheticSlice(args.seedsDir, args.n + (args.add ?? 1000), args.n, args.add ?? 1000);
  const stages: Record<string, number> = {};
  // The add goes to a copy (made before the clock starts), so the archive stays as built for the next run.
  const copy = `${args.path}.add-copy`;
  copyFileSync(args.path, copy);
  // On disk before the clock starts too: the add's commit syncs its file, and on ext4 (data=ordered)
  // that first sync wrote the whole fresh copy out as well — 190 ms of a 450 ms add of 10 documents
  // to an index of 100,000, which a daily add to an index at rest does not pay.
  const fd = openSync(copy, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    const t = performance.now();
    const c = process.cpuUsage();
    const index = await node.openIndex(copy);
    const r = await index.add(docs, { onProgress: (e) => void (stages[e.stage] = e.ms) });
    await index.close();
    return { ms: performance.now() - t, cpuMs: cpuSince(c), pairs: r.pairs.length, stages };
  } finally {
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
  }
}
