/**
 * SaudiNewsNet from `.jsonl.gz` to clusters: the read floor, the engine with 1 and 2 workers (per
 * stage), the first 1,000 articles through the whole CLI, the first 3,000 against the datasketch +
 * difflib peer's figure; then the exact verbatim-run truth (issue 10) and every reported pair's
 * similarity checked against its spans.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { EndToEnd, VerbatimTruthReport } from '../jobs/saudinewsnet.js';
import { fmt, target } from '../report.js';
import { stageRows } from './stages.js';
import { rate, suite } from './suite.js';

/** Reference figure from the issue (not re-measured here): datasketch + difflib on the first 3,000 articles. */
const DATASKETCH_DIFFLIB_3000_MS = 80_000;
const DATASKETCH_DIFFLIB_3000_RSS = 2.2e9;

type WithRss<T> = T & { maxRss: number };

interface SaudiReport {
  readFloor: WithRss<{ docs: number; chars: number; ms: number; runsMs: number[] }>;
  endToEnd: WithRss<EndToEnd>;
  endToEnd2Workers: WithRss<EndToEnd>;
  first3000: WithRss<EndToEnd>;
  first1000Cli: { ms: number; runsMs: number[] };
  datasketchDifflibReference: { ms: number; rss: number; source: string };
  verbatimTruth: WithRss<VerbatimTruthReport>;
}

/**
 * The whole CLI process on the first `n` articles (`--format json`, default `--jobs`), best of 3:
 * the articles are written to a temporary JSON-lines file first, so reading is the CLI's own.
 */
function firstArticlesCli(path: string, n: number): { ms: number; runsMs: number[] } {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split('\n').slice(0, n).join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'reprints-bench-'));
  const file = join(dir, `first-${n}.jsonl`);
  writeFileSync(file, `${lines}\n`);
  const bin = fileURLToPath(new URL('../../bin/reprints.js', import.meta.url));
  const runsMs: number[] = [];
  try {
    for (let r = 0; r < 3; r++) {
      const t = performance.now();
      const run = spawnSync(process.execPath, [bin, file, '--format', 'json', '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
      runsMs.push(performance.now() - t);
      if (run.status !== 0) throw new Error(`reprints on ${file} exited ${run.status}: ${run.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { ms: Math.min(...runsMs), runsMs };
}

export default suite<SaudiReport>({
  name: 'saudinewsnet',
  summary: 'SaudiNewsNet end to end (1 and 2 workers, per stage, read floor, first 1,000 via the CLI), verbatim-run truth',
  needs: 'corpora',
  async job(ctx) {
    const { saudi: path, args } = ctx;
    const floor = await ctx.job<SaudiReport['readFloor']>('read-floor', { path });
    // One and two worker threads (the output is the same; tests check it), each run twice,
    // alternating, the faster run kept — best of two, as the read floor is best of three: this
    // shared host's speed drifts by a fifth over minutes.
    const run = (workers: number) => ctx.job<EndToEnd>('saudinewsnet-e2e', { path, options: { ...args.options, workers } });
    const runs = [await run(1), await run(2), await run(1), await run(2)];
    const faster = (x: (typeof runs)[number], y: (typeof runs)[number]) => (y.value.wallMs < x.value.wallMs ? y : x);
    const [e2e, e2e2] = [faster(runs[0], runs[2]), faster(runs[1], runs[3])];
    const first = await ctx.job<EndToEnd>('saudinewsnet-e2e', { path, limit: 3000, options: { workers: 2, ...args.options } });
    const first1000Cli = firstArticlesCli(path, 1000);
    const truth = await ctx.job<VerbatimTruthReport>('verbatim-truth', { path, options: args.options });
    return {
      readFloor: { ...floor.value, maxRss: floor.maxRss },
      endToEnd: { ...e2e.value, maxRss: e2e.maxRss },
      endToEnd2Workers: { ...e2e2.value, maxRss: e2e2.maxRss },
      first3000: { ...first.value, maxRss: first.maxRss },
      first1000Cli,
      datasketchDifflibReference: { ms: DATASKETCH_DIFFLIB_3000_MS, rss: DATASKETCH_DIFFLIB_3000_RSS, source: 'issue 4 (not re-measured)' },
      verbatimTruth: { ...truth.value, maxRss: truth.maxRss },
    };
  },
  report(r) {
    const { readFloor: floor, endToEnd: v, endToEnd2Workers: v2, first3000: first, first1000Cli: cli, verbatimTruth: t } = r;
    const s = t.score;
    return [
      {
        title: `SaudiNewsNet (${v.documents} docs, ${fmt.rate(v.chars)} chars) from .jsonl.gz to clusters`,
        rows: [
          ['read floor (gunzip + JSON.parse, best of 3)', fmt.ms(floor.ms)],
          ['end to end, 1 worker (best of 2)', fmt.ms(v.wallMs), `${fmt.ratio(v.wallMs / floor.ms)} the read floor; ${fmt.rate(rate(v.chars, v.wallMs))} chars/s, ${fmt.rate(rate(v.documents, v.wallMs))} docs/s`],
          ...stageRows('  ', v),
          ['peak RSS, 1 worker (child maxRSS)', fmt.mb(v.maxRss), `sampled ${fmt.mb(v.sampledPeakRss)}`],
          ['end to end, 2 workers (best of 2)', fmt.ms(v2.wallMs), `${fmt.ratio(v2.wallMs / floor.ms)} the read floor (normalize and sign: time of both threads added)`],
          ...stageRows('  ', v2),
          ['peak RSS, 2 workers (child maxRSS)', fmt.mb(v2.maxRss), `sampled ${fmt.mb(v2.sampledPeakRss)}`],
          ['clusters / aligned pairs', `${v.clusters} / ${v.pairs}`, v2.clusters === v.clusters && v2.pairs === v.pairs ? 'same with 2 workers' : `2 workers: ${v2.clusters} / ${v2.pairs}`],
          ['first 1,000 articles, whole CLI process, --format json', fmt.ms(cli.ms), `best of ${cli.runsMs.length}; default --jobs`],
          ['first 3,000 articles, end to end (2 workers)', fmt.ms(first.wallMs), `peak RSS ${fmt.mb(first.maxRss)}`],
          ['datasketch + difflib, same 3,000 (issue figure)', fmt.ms(DATASKETCH_DIFFLIB_3000_MS), `ratio ${fmt.ratio(DATASKETCH_DIFFLIB_3000_MS / first.wallMs)}`],
        ],
      },
      {
        title: `SaudiNewsNet verbatim runs ≥ ${t.minRun} normalized chars between series (exact: winnowed 50-grams, extended)`,
        rows: [
          ['truth', `${s.runs} runs, ${s.pairs} document pairs`, `found in ${fmt.ms(t.truthMs)}`],
          ['pairs sharing a cluster', fmt.num(s.pairRecall), `${s.pairsTogether}/${s.pairs}; engine ${fmt.ms(t.engineMs)}`],
          ["runs' characters covered by one cluster in both documents", fmt.num(s.coverage)],
          ['clusters nested in a bigger one for the same text', String(s.nestedClusters)],
          ["pairs whose similarity exceeds their spans' Levenshtein + 0.01", String(t.similarity.violations), `of ${t.similarity.checked} checked (${t.similarity.skipped} longer than 4,000 chars left out)`],
        ],
      },
    ];
  },
  targets(r) {
    const { readFloor: floor, endToEnd: v, endToEnd2Workers: v2, first3000: first, first1000Cli: cli, verbatimTruth: t } = r;
    const s = t.score;
    return [
      target('SaudiNewsNet end to end vs read floor, 2 workers', v2.wallMs / floor.ms, '<=', 5, '≤ 5× read floor', (x) => `${fmt.ratio(x)} (${fmt.ms(v2.wallMs)} vs ${fmt.ms(floor.ms)})`),
      target('SaudiNewsNet end to end vs read floor, 1 worker', v.wallMs / floor.ms, '<=', 8, '≤ 8× read floor', (x) => `${fmt.ratio(x)} (${fmt.ms(v.wallMs)} vs ${fmt.ms(floor.ms)})`),
      target('SaudiNewsNet peak RSS', Math.max(v.maxRss, v2.maxRss), '<=', 1e9, '≤ 1 GB', fmt.mb),
      target('first 1,000 articles, whole CLI, --format json', cli.ms, '<=', 670, '≤ 0.67 s (100× the 66.8 s peer)', fmt.ms),
      target('first 3,000 vs datasketch+difflib (80 s)', DATASKETCH_DIFFLIB_3000_MS / first.wallMs, '>=', 100, '≥ 100× faster', fmt.ratio, 'peer figure quoted from the issue'),
      target('SaudiNewsNet verbatim-run pairs sharing a cluster', s.pairRecall, '>=', 0.995, '≥ 0.995', (x) => fmt.num(x), `${s.pairsTogether}/${s.pairs}`),
      target('SaudiNewsNet verbatim-run coverage', s.coverage, '>=', 0.99, '≥ 0.99', (x) => fmt.num(x)),
      target('SaudiNewsNet nested clusters (same text)', s.nestedClusters, '==', 0, '0', (x) => String(x)),
      target("reported similarity ≤ spans' Levenshtein + 0.01", t.similarity.violations, '==', 0, '0 violations', (x) => String(x), `${t.similarity.checked} pairs`),
    ];
  },
});
