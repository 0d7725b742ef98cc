/**
 * The persistent index (issue 9): SaudiNewsNet added one day at a time to a fresh on-disk index
 * against one `findReprints` over the whole corpus (time of each add, total, size on disk, peak RSS,
 * clusters and pairs compared and every difference named), the synthetic corpus the same way
 * (planted precision/recall unchanged), and one add of 1,000 synthetic articles to an archive of the
 * largest `--sizes` (100k by default; `--sizes 1M` for the issue's 1M row; built once per run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArchiveAdd, ArchiveBuild, DayAdd, Side } from '../jobs/index.js';
import { fmt, target, type Target } from '../report.js';
import { suite, type BenchContext, type Row, type Table } from './suite.js';

/** One side as the results file keeps it: its clusters and pairs counted (the lists stay in the suite). */
type Measured = Omit<Side, 'clusters' | 'pairs'> & { maxRss: number; clusters: number; pairs: number };

/** What one side holds that the other does not (clusters as sorted id sets, pairs as span tuples). */
interface Differences {
  clustersOnlyBatch: string[];
  clustersOnlyIndex: string[];
  pairsOnlyBatch: string[];
  pairsOnlyIndex: string[];
}

interface Comparison {
  batch: Measured;
  incremental: Measured;
  differences: Differences;
  /**
   * The same adds through the CLI, a fresh process per day (`reprints index add`, as a daily job runs
   * it); `differences` against the adds in one process (none expected).
   */
  cli?: Measured & { differences: Differences };
}

interface IndexSuite {
  saudinewsnet?: Comparison;
  synthetic: Comparison & { docs: number };
  archive?: Archive;
  /** Many small adds (hourly ingestion): an archive built by 1,000 adds of 10, then a fresh process adds 10. */
  smallAdds?: Archive & { addDocs: number };
}

interface Archive {
  n: number;
  batch: number;
  build: ArchiveBuild;
  add: ArchiveAdd & { maxRss: number };
  /** Then an add of 10 to the same archive, in a fresh process (the archive's bands are read for few keys). */
  small?: ArchiveAdd & { maxRss: number };
}

/**
 * Build an archive of `n` synthetic articles by adds of `batch` (one process), then time one add of
 * `add` (default 1,000) in a fresh process (to a copy: the archive stays as built) and, with `small`,
 * one of 10.
 */
async function archive(ctx: BenchContext, n: number, batch: number, { add, small = false }: { add?: number; small?: boolean } = {}): Promise<Archive> {
  const dir = mkdtempSync(join(tmpdir(), 'reprints-bench-archive-'));
  try {
    const a = { path: join(dir, 'archive.reprints'), n, batch, add, seedsDir: ctx.seedsDir };
    const build = (await ctx.job<ArchiveBuild>('index-archive-build', a, { heapMb: 16384 })).value;
    const timed = await ctx.job<ArchiveAdd>('index-archive-add', a, { heapMb: 16384 });
    const out: Archive = { n, batch, build, add: { ...timed.value, maxRss: timed.maxRss } };
    if (small) {
      const few = await ctx.job<ArchiveAdd>('index-archive-add', { ...a, add: 10 }, { heapMb: 16384 });
      out.small = { ...few.value, maxRss: few.maxRss };
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Both sides, back to back in the same conditions; the whole cluster and pair lists are compared here
 * and only their counts and differences kept (on SaudiNewsNet the lists are 35 MB of JSON).
 *
 * The one-shot run and the adds in one process are each run twice, alternating, and each side keeps
 * its run of less CPU: this shared host's speed drifts by a fifth over minutes, and one slow one-shot
 * run (the ratios' denominator) or one slow run of adds would move every ratio. The repeats must
 * give the same clusters and pairs.
 */
async function compare(ctx: BenchContext, source: { corpus?: string; synthetic?: number }): Promise<Comparison> {
  const side = async (mode: 'batch' | 'incremental' | 'cli') => {
    const r = await ctx.job<Side>('index-side', { mode, ...source, seedsDir: ctx.seedsDir });
    return { ...r.value, maxRss: r.maxRss };
  };
  const runs = { batch: [await side('batch')], incremental: [await side('incremental')] };
  runs.batch.push(await side('batch'));
  runs.incremental.push(await side('incremental'));
  for (const [mode, [first, again]] of Object.entries(runs)) {
    if (differing(differences(first, again)) > 0) throw new Error(`index suite: two ${mode} runs on the same input gave different clusters or pairs`);
  }
  const [batch, incremental] = [runs.batch, runs.incremental].map((r) => (r[1].cpuMs < r[0].cpuMs ? r[1] : r[0]));
  const cli = await side('cli');
  const counted = ({ clusters, pairs, ...rest }: Side & { maxRss: number }): Measured => ({ ...rest, clusters: clusters.length, pairs: pairs.length });
  return {
    batch: counted(batch),
    incremental: counted(incremental),
    differences: differences(batch, incremental),
    // Against the adds in one process, which it must equal. (Its peak RSS is the job's, not the CLI's.)
    cli: { ...counted(cli), differences: differences(incremental, cli) },
  };
}

/** The adds after the first (the first has no archive), their mean and the slowest. */
function adds(side: Measured): { later: DayAdd[]; mean: number; meanCpu: number; slowest: DayAdd } {
  const days = side.dayMs ?? [];
  const later = days.filter((d) => d.archive > 0);
  const pool = later.length ? later : days;
  const mean = pool.reduce((t, d) => t + d.ms, 0) / Math.max(1, pool.length);
  const meanCpu = pool.reduce((t, d) => t + d.cpuMs, 0) / Math.max(1, pool.length);
  const slowest = pool.reduce((m, d) => (d.cpuMs > m.cpuMs ? d : m), pool[0]);
  return { later, mean, meanCpu, slowest };
}

/** Clusters and pairs on one side only, both ways. */
const differing = (d: Differences): number => d.clustersOnlyBatch.length + d.clustersOnlyIndex.length + d.pairsOnlyBatch.length + d.pairsOnlyIndex.length;

function differences(batch: Side, incremental: Side): Differences {
  const [bc, ic, bp, ip] = [batch.clusters, incremental.clusters, batch.pairs, incremental.pairs].map((l) => new Set(l));
  return {
    clustersOnlyBatch: batch.clusters.filter((x) => !ic.has(x)),
    clustersOnlyIndex: incremental.clusters.filter((x) => !bc.has(x)),
    pairsOnlyBatch: batch.pairs.filter((x) => !ip.has(x)),
    pairsOnlyIndex: incremental.pairs.filter((x) => !bp.has(x)),
  };
}

const share = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)} %`;

function comparisonRows(name: string, c: Comparison): Row[] {
  const { later, mean, meanCpu, slowest } = adds(c.incremental);
  const { batch: b, incremental: i, differences: d } = c;
  const rows: Row[] = [
    [`${name}: one-shot findReprints`, fmt.ms(b.ms), `CPU ${fmt.ms(b.cpuMs)}; peak RSS ${fmt.mb(b.maxRss)}`],
    [
      `${name}: daily add, mean of ${later.length} after the first`,
      fmt.ms(mean),
      `${share(mean, b.ms)} of one-shot; CPU ${fmt.ms(meanCpu)} (${share(meanCpu, b.cpuMs)} of one-shot CPU)`,
    ],
    [
      `${name}: slowest add (by CPU: ${slowest.day}, ${slowest.docs} docs on ${slowest.archive.toLocaleString('en')})`,
      fmt.ms(slowest.ms),
      `${share(slowest.ms, b.ms)}; CPU ${fmt.ms(slowest.cpuMs)} (${share(slowest.cpuMs, b.cpuMs)})`,
    ],
    [`${name}: total of ${(i.dayMs ?? []).length} adds`, fmt.ms(i.ms), `${(i.ms / b.ms).toFixed(2)}× one-shot; CPU ${fmt.ms(i.cpuMs)} (${(i.cpuMs / b.cpuMs).toFixed(2)}×)`],
    [`${name}: index size on disk`, fmt.mb(i.sizeBytes ?? 0), i.gzBytes ? `${((i.sizeBytes ?? 0) / i.gzBytes).toFixed(2)}× the .jsonl.gz (${fmt.mb(i.gzBytes)})` : ''],
    [`${name}: peak RSS of the adds (one process)`, fmt.mb(i.maxRss), ''],
    [
      `${name}: clusters (as sets of documents)`,
      `${b.clusters} / ${i.clusters}`,
      `batch / index; ${d.clustersOnlyBatch.length} only in the batch, ${d.clustersOnlyIndex.length} only in the index`,
    ],
    [`${name}: aligned pairs`, `${b.pairs} / ${i.pairs}`, `batch / index; ${d.pairsOnlyBatch.length} only in the batch, ${d.pairsOnlyIndex.length} only in the index`],
  ];
  if (b.scores) rows.push([`${name}: planted reprints (document pairs)`, '', `batch ${JSON.stringify(b.scores)}; index ${JSON.stringify(i.scores)}`]);
  if (c.cli) rows.push(...cliRows(name, b, c.cli));
  return rows;
}

/** The adds through the CLI, a fresh process each (CPU: the processes' own, wall: each process from start to exit). */
function cliRows(name: string, b: Measured, cli: NonNullable<Comparison['cli']>): Row[] {
  const { later, mean, meanCpu, slowest } = adds(cli);
  return [
    [
      `${name}: daily add through the CLI (fresh process), mean of ${later.length} after the first`,
      fmt.ms(mean),
      `${share(mean, b.ms)} of one-shot; CPU ${fmt.ms(meanCpu)} (${share(meanCpu, b.cpuMs)})`,
    ],
    [
      `${name}: slowest add through the CLI (by CPU: ${slowest.day}, ${slowest.docs} docs)`,
      fmt.ms(slowest.ms),
      `${share(slowest.ms, b.ms)}; CPU ${fmt.ms(slowest.cpuMs)} (${share(slowest.cpuMs, b.cpuMs)})`,
    ],
    [
      `${name}: total of ${(cli.dayMs ?? []).length} adds through the CLI`,
      fmt.ms(cli.ms),
      `${(cli.ms / b.ms).toFixed(2)}× one-shot; CPU ${fmt.ms(cli.cpuMs)} (${(cli.cpuMs / b.cpuMs).toFixed(2)}×); ${differing(cli.differences)} clusters and pairs differ from the adds in one process`,
    ],
  ];
}

export default suite<IndexSuite>({
  name: 'index',
  summary: 'persistent index: SaudiNewsNet day by day vs one-shot (adds, total, size, RSS, differences), synthetic, one add to an archive of the largest --sizes',
  needs: 'nothing',
  async job(ctx) {
    const out: IndexSuite = { synthetic: { ...(await compare(ctx, { synthetic: 5000 })), docs: 5000 } };
    if (ctx.present) out.saudinewsnet = await compare(ctx, { corpus: ctx.saudi });
    const n = Math.max(...ctx.args.sizes);
    if (n >= 10_000) out.archive = await archive(ctx, n, n >= 500_000 ? 100_000 : 10_000, { small: true });
    out.smallAdds = { ...(await archive(ctx, 10_000, 10, { add: 10 })), addDocs: 10 };
    return out;
  },
  report(r) {
    const tables: Array<Table | string> = [];
    const rows: Row[] = [];
    if (r.saudinewsnet) rows.push(...comparisonRows('SaudiNewsNet', r.saudinewsnet));
    rows.push(...comparisonRows(`synthetic ${r.synthetic.docs.toLocaleString('en')}`, r.synthetic));
    const archiveRow = (title: string, { batch, build }: Archive, add: Archive['add']): Row => [
      title,
      fmt.ms(add.ms),
      `CPU ${fmt.ms(add.cpuMs)}; peak RSS ${fmt.mb(add.maxRss)} (a process of its own: open, add, close); ${add.pairs} new pairs; stages ${Object.entries(add.stages)
        .map(([k, v]) => `${k} ${fmt.ms(v)}`)
        .join(', ')}; index ${fmt.mb(build.sizeBytes)} in ${build.segments ?? '?'} segments, built in ${fmt.ms(build.buildMs)} by adds of ${batch.toLocaleString('en')}`,
    ];
    if (r.archive) {
      rows.push(archiveRow(`one add of 1,000 synthetic articles to an index of ${r.archive.n.toLocaleString('en')}`, r.archive, r.archive.add));
      if (r.archive.small) rows.push(archiveRow(`one add of 10 to the same index of ${r.archive.n.toLocaleString('en')}`, r.archive, r.archive.small));
    }
    if (r.smallAdds) {
      const s = r.smallAdds;
      rows.push(archiveRow(`one add of ${s.addDocs} to an index built by ${(s.n / s.batch).toLocaleString('en')} adds of ${s.batch} (fresh process)`, s, s.add));
    }
    tables.push({ title: 'Persistent index (reprints index): day by day against one-shot, both inline (one worker); each side the run of less CPU of two, alternating', rows });
    for (const [name, c] of [['SaudiNewsNet', r.saudinewsnet], ['synthetic', r.synthetic]] as const) {
      if (!c) continue;
      const d = c.differences;
      for (const x of d.clustersOnlyBatch) tables.push(`${name}: cluster only in the batch: ${x}`);
      for (const x of d.clustersOnlyIndex) tables.push(`${name}: cluster only in the index: ${x}`);
      for (const x of d.pairsOnlyBatch.slice(0, 30)) tables.push(`${name}: pair only in the batch: ${x}`);
      for (const x of d.pairsOnlyIndex.slice(0, 30)) tables.push(`${name}: pair only in the index: ${x}`);
      if (d.pairsOnlyBatch.length > 30 || d.pairsOnlyIndex.length > 30) tables.push(`${name}: (first 30 differing pairs each way shown)`);
      const days = (side: Measured | undefined) => (side?.dayMs ?? []).map((x) => `${x.day} ${x.docs} on ${x.archive}: ${fmt.ms(x.ms)} (CPU ${fmt.ms(x.cpuMs)})`).join('; ');
      if (c.incremental.dayMs) tables.push(`${name}: adds — ${days(c.incremental)}`);
      if (c.cli?.dayMs) tables.push(`${name}: adds through the CLI — ${days(c.cli)}`);
      if (c.cli && differing(c.cli.differences) > 0) tables.push(`${name}: adds through the CLI differ from adds in one process: ${JSON.stringify(c.cli.differences).slice(0, 2000)}`);
    }
    return tables;
  },
  targets(r) {
    const t: Target[] = [];
    const c = r.saudinewsnet;
    if (c) {
      const { meanCpu, slowest } = adds(c.incremental);
      const b = c.batch;
      const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
      t.push(target('index: mean daily add, CPU share of one-shot (SaudiNewsNet)', meanCpu / b.cpuMs, '<=', 0.1, '≤ 10 %', pct));
      t.push(target('index: slowest daily add, CPU share of one-shot (SaudiNewsNet)', slowest.cpuMs / b.cpuMs, '<=', 0.1, '≤ 10 %', pct, `${slowest.day}, ${slowest.docs} articles`));
      t.push(target('index: total of the adds, CPU × one-shot (SaudiNewsNet)', c.incremental.cpuMs / b.cpuMs, '<=', 1.5, '≤ 1.5×', (x) => `${x.toFixed(2)}×`, `wall ${(c.incremental.ms / b.ms).toFixed(2)}×`));
      if (c.incremental.gzBytes) {
        t.push(target('index: size on disk × the .jsonl.gz (SaudiNewsNet)', (c.incremental.sizeBytes ?? 0) / c.incremental.gzBytes, '<=', 3, '≤ 3×', (x) => `${x.toFixed(2)}×`));
      }
    }
    const d = r.synthetic.differences;
    t.push(target('index: synthetic, clusters and pairs differing from the batch', differing(d), '==', 0, '0', String));
    for (const [name, side] of [['SaudiNewsNet', c], ['synthetic', r.synthetic]] as const) {
      if (side?.cli) t.push(target(`index: ${name}, adds through the CLI differing from adds in one process`, differing(side.cli.differences), '==', 0, '0', String));
    }
    return t;
  },
});
