/**
 * `npm run bench [-- options]`: speed, memory, accuracy and peers of the engine, side by side.
 *
 *   --only a,b,…     suites: saudinewsnet, araplagdet, pan13, synthetic, signatures, peers, dedup, report, reliability (default: all)
 *   --sizes 1k,10k   synthetic corpus sizes (default 1k,10k,100k; 1M is opt-in: ~1 GB of text)
 *   --corpus PATH    also measure a JSON-lines corpus (.jsonl or .jsonl.gz; id, text, series?, date?)
 *   --sample N       documents of the LSH-recall sample (default 2000)
 *   --pan13 MODE     pairs | whole | both (default pairs; targets use `whole` when it ran)
 *   --seed N         synthetic corpus seed (default 1)
 *   --set k=v,…      engine options for every run, e.g. --set shingleSize=6,threshold=0.4
 *   --corpora DIR    the real corpora (default: ../shared/corpora from the repository root)
 *   --no-write       print only; do not write bench/results/<date>.json (<date>-<suites>.json with --only)
 *
 * Each measured job runs in its own child process, so its peak RSS is its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveOptions, type FindReprintsOptions } from '../src/index.js';
import { runJob, type JobLimits, type JobResult } from './child.js';
import type { DedupRun, SyntheticDedup } from './jobs/dedup.js';
import type { PanReport } from './jobs/pan.js';
import type { ReportBench } from './jobs/report.js';
import type { EndToEnd, LshRecall, VerbatimTruthReport } from './jobs/saudinewsnet.js';
import type { ReliabilityCorpus, ReliabilityReport } from './jobs/reliability.js';
import type { SignatureReport } from './jobs/signatures.js';
import type { SyntheticReport } from './jobs/synthetic.js';
import {
  fmt,
  gitCommit,
  logLogSlope,
  machine,
  printTable,
  printTargets,
  target,
  writeJsonAtomic,
  type Target,
} from './report.js';

const SUITES = ['saudinewsnet', 'araplagdet', 'pan13', 'synthetic', 'signatures', 'peers', 'dedup', 'report', 'reliability'] as const;
type Suite = (typeof SUITES)[number];

/** Reference figure from the issue (not re-measured here): datasketch + difflib on the first 3,000 articles. */
const DATASKETCH_DIFFLIB_3000_MS = 80_000;
const DATASKETCH_DIFFLIB_3000_RSS = 2.2e9;

interface Args {
  only: Suite[];
  sizes: number[];
  corpus?: string;
  sample: number;
  pan13: 'whole' | 'pairs' | 'both';
  seed: number;
  options: FindReprintsOptions;
  write: boolean;
  corpora?: string;
}

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
  if (!m) throw new Error(`bench: --sizes: ${JSON.stringify(s)} is not a size like 1k, 10k, 1M`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1));
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { only: [...SUITES], sizes: [1e3, 1e4, 1e5], sample: 2000, pan13: 'pairs', seed: 1, options: {}, write: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`bench: ${flag} needs a value`);
      return v;
    };
    if (flag === '--only') {
      const names = value().split(',').filter(Boolean);
      for (const n of names) if (!SUITES.includes(n as Suite)) throw new Error(`bench: --only: unknown suite ${n}; use ${SUITES.join(', ')}`);
      args.only = names as Suite[];
    } else if (flag === '--sizes') args.sizes = value().split(',').filter(Boolean).map(parseSize);
    else if (flag === '--corpus') args.corpus = value();
    else if (flag === '--sample') args.sample = parseSize(value());
    else if (flag === '--pan13') {
      const v = value();
      if (v !== 'whole' && v !== 'pairs' && v !== 'both') throw new Error('bench: --pan13: use whole, pairs or both');
      args.pan13 = v;
    } else if (flag === '--seed') args.seed = Number(value());
    else if (flag === '--set') {
      for (const kv of value().split(',')) {
        const [k, v] = kv.split('=');
        (args.options as Record<string, unknown>)[k] = v === 'true' ? true : v === 'false' ? false : Number(v);
      }
    } else if (flag === '--no-write') args.write = false;
    else if (flag === '--corpora') args.corpora = value();
    else throw new Error(`bench: unknown option ${flag}`);
  }
  resolveOptions(args.options); // fail early on a bad --set
  return args;
}

const rate = (n: number, ms: number | undefined) => (ms && ms > 0 ? (n / ms) * 1000 : 0);

/** Rows of per-stage timings. */
function stageRows(prefix: string, r: { documents?: number; docs?: number; chars: number; stages: EndToEnd['stages'] }): Array<[string, string, string]> {
  const docs = r.documents ?? r.docs ?? 0;
  return (['normalize', 'sign', 'lsh', 'align', 'cluster'] as const)
    .filter((s) => r.stages[s])
    .map((s) => {
      const { ms, done } = r.stages[s]!;
      const what = s === 'lsh' ? `; ${done} windows indexed` : s === 'align' ? `; ${done} candidate document pairs` : '';
      return [`${prefix}${s}`, fmt.ms(ms), `${fmt.rate(rate(r.chars, ms))} chars/s, ${fmt.rate(rate(docs, ms))} docs/s${what}`];
    });
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
  const bin = fileURLToPath(new URL('../bin/reprints.js', import.meta.url));
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

async function main(argv: readonly string[], out: (s: string) => void): Promise<void> {
  const args = parseArgs(argv);
  const repo = fileURLToPath(new URL('..', import.meta.url));
  // ../shared/corpora beside the clone; --corpora or REPRINTS_CORPORA point elsewhere (a git worktree, another disk).
  const corpora = args.corpora ?? process.env.REPRINTS_CORPORA ?? join(repo, '../shared/corpora');
  const saudi = join(corpora, 'saudinewsnet/articles.jsonl.gz');
  const seedsDir = join(repo, 'examples/seeds');
  const present = existsSync(corpora);
  const m = machine();
  const git = gitCommit(repo);
  const date = new Date().toISOString();
  const resolved = resolveOptions(args.options);
  const { onProgress: _p, ...engineParams } = resolved as typeof resolved & { onProgress?: unknown };
  out(`reprints bench — ${date}`);
  out(`machine: ${m.cpu}, ${m.cores} cores, ${fmt.mb(m.memoryBytes)}, node ${m.node}; load average ${m.loadAverage.start}`);
  out(`commit: ${git.commit}${git.dirty ? ' (uncommitted changes)' : ''}`);
  out(
    `engine: shingleSize ${resolved.shingleSize}, signatureSize ${resolved.signatureSize} (${resolved.bands}×${resolved.rows}), threshold ${resolved.threshold}, minLength ${resolved.minLength}, minSimilarity ${resolved.minSimilarity}`,
  );
  let suites = args.only;
  if (!present) {
    out(`\n${corpora} is absent: running the synthetic corpus (sentences from examples/seeds), signatures, dedup and reliability only.`);
    suites = suites.filter((s) => s === 'synthetic' || s === 'signatures' || s === 'dedup' || s === 'reliability');
  }
  const results: Record<string, unknown> = {};
  const targets: Target[] = [];
  const has = (s: Suite) => suites.includes(s);
  const job = async <T>(name: string, jobArgs: unknown, limits?: JobLimits): Promise<JobResult<T>> => {
    out(`… ${name}`);
    return runJob<T>(name, jobArgs, limits);
  };

  if (has('signatures')) {
    const r = await job<SignatureReport>('signatures', { saudiPath: present ? saudi : undefined, seedsDir, options: args.options });
    const s = r.value;
    results.signatures = s;
    printTable(`Signatures on ${s.documents} documents of ${s.docLength} chars (${s.source}), chars/s, best of 3`, [
      ['shingle + 1 signature per document, 1 core', fmt.rate(s.document.oneCore)],
      [`shingle + 1 signature per document, ${s.threads} threads`, fmt.rate(s.document.allCores), fmt.ratio(s.document.allCores / s.document.oneCore) + ' of 1 core'],
      ['shingle + winnow + every passage window, 1 core', fmt.rate(s.passages.oneCore), "the engine's sign stage"],
      [`shingle + winnow + every passage window, ${s.threads} threads`, fmt.rate(s.passages.allCores)],
      ['normalize (units only), 1 core', fmt.rate(s.normalize.oneCore)],
      ['npm minhash, 1 signature per document, 1 core', fmt.rate(s.npmMinhash.oneCore)],
      ['ratio reprints / npm minhash (per document)', fmt.ratio(s.document.oneCore / s.npmMinhash.oneCore)],
    ], out);
    targets.push(
      target('signatures per core (2,000-char docs)', s.document.oneCore, '>=', 1e8, '≥ 100 M chars/s', (v) => `${fmt.rate(v)} chars/s`),
      target('signatures vs npm minhash', s.document.oneCore / s.npmMinhash.oneCore, '>=', 100, '≥ 100×', fmt.ratio),
    );
  }

  if (has('saudinewsnet')) {
    const floor = await job<{ docs: number; chars: number; ms: number; runsMs: number[] }>('read-floor', { path: saudi });
    // One and two worker threads (the output is the same; tests check it).
    const e2e = await job<EndToEnd>('saudinewsnet-e2e', { path: saudi, options: { ...args.options, workers: 1 } });
    const e2e2 = await job<EndToEnd>('saudinewsnet-e2e', { path: saudi, options: { ...args.options, workers: 2 } });
    const first = await job<EndToEnd>('saudinewsnet-e2e', { path: saudi, limit: 3000, options: { workers: 2, ...args.options } });
    const cli = firstArticlesCli(saudi, 1000);
    const v = e2e.value;
    const v2 = e2e2.value;
    results.saudinewsnet = {
      readFloor: { ...floor.value, maxRss: floor.maxRss },
      endToEnd: { ...v, maxRss: e2e.maxRss },
      endToEnd2Workers: { ...v2, maxRss: e2e2.maxRss },
      first3000: { ...first.value, maxRss: first.maxRss },
      first1000Cli: cli,
      datasketchDifflibReference: { ms: DATASKETCH_DIFFLIB_3000_MS, rss: DATASKETCH_DIFFLIB_3000_RSS, source: 'issue 4 (not re-measured)' },
    };
    printTable(`SaudiNewsNet (${v.documents} docs, ${fmt.rate(v.chars)} chars) from .jsonl.gz to clusters`, [
      ['read floor (gunzip + JSON.parse, best of 3)', fmt.ms(floor.value.ms)],
      ['end to end, 1 worker', fmt.ms(v.wallMs), `${fmt.ratio(v.wallMs / floor.value.ms)} the read floor; ${fmt.rate(rate(v.chars, v.wallMs))} chars/s, ${fmt.rate(rate(v.documents, v.wallMs))} docs/s`],
      ...stageRows('  ', v),
      ['peak RSS, 1 worker (child maxRSS)', fmt.mb(e2e.maxRss), `sampled ${fmt.mb(v.sampledPeakRss)}`],
      ['end to end, 2 workers', fmt.ms(v2.wallMs), `${fmt.ratio(v2.wallMs / floor.value.ms)} the read floor (normalize and sign: time of both threads added)`],
      ...stageRows('  ', v2),
      ['peak RSS, 2 workers (child maxRSS)', fmt.mb(e2e2.maxRss), `sampled ${fmt.mb(v2.sampledPeakRss)}`],
      ['clusters / aligned pairs', `${v.clusters} / ${v.pairs}`, v2.clusters === v.clusters && v2.pairs === v.pairs ? 'same with 2 workers' : `2 workers: ${v2.clusters} / ${v2.pairs}`],
      ['first 1,000 articles, whole CLI process, --format json', fmt.ms(cli.ms), `best of ${cli.runsMs.length}; default --jobs`],
      ['first 3,000 articles, end to end (2 workers)', fmt.ms(first.value.wallMs), `peak RSS ${fmt.mb(first.maxRss)}`],
      ['datasketch + difflib, same 3,000 (issue figure)', fmt.ms(DATASKETCH_DIFFLIB_3000_MS), `ratio ${fmt.ratio(DATASKETCH_DIFFLIB_3000_MS / first.value.wallMs)}`],
    ], out);
    targets.push(
      target('SaudiNewsNet end to end vs read floor, 2 workers', v2.wallMs / floor.value.ms, '<=', 5, '≤ 5× read floor', (x) => `${fmt.ratio(x)} (${fmt.ms(v2.wallMs)} vs ${fmt.ms(floor.value.ms)})`),
      target('SaudiNewsNet end to end vs read floor, 1 worker', v.wallMs / floor.value.ms, '<=', 8, '≤ 8× read floor', (x) => `${fmt.ratio(x)} (${fmt.ms(v.wallMs)} vs ${fmt.ms(floor.value.ms)})`),
      target('SaudiNewsNet peak RSS', Math.max(e2e.maxRss, e2e2.maxRss), '<=', 1e9, '≤ 1 GB', fmt.mb),
      target('first 1,000 articles, whole CLI, --format json', cli.ms, '<=', 670, '≤ 0.67 s (100× the 66.8 s peer)', fmt.ms),
      target('first 3,000 vs datasketch+difflib (80 s)', DATASKETCH_DIFFLIB_3000_MS / first.value.wallMs, '>=', 100, '≥ 100× faster', fmt.ratio, 'peer figure quoted from the issue'),
    );
  }

  if (has('saudinewsnet')) {
    // Issue 10: exact verbatim-run truth on the whole corpus, clusters scored against it, and every
    // reported pair's similarity checked against its spans.
    const r = await job<VerbatimTruthReport>('verbatim-truth', { path: saudi, options: args.options });
    const v = r.value;
    results.verbatimTruth = { ...v, maxRss: r.maxRss };
    const s = v.score;
    printTable(`SaudiNewsNet verbatim runs ≥ ${v.minRun} normalized chars between series (exact: winnowed 50-grams, extended)`, [
      ['truth', `${s.runs} runs, ${s.pairs} document pairs`, `found in ${fmt.ms(v.truthMs)}`],
      ['pairs sharing a cluster', fmt.num(s.pairRecall), `${s.pairsTogether}/${s.pairs}; engine ${fmt.ms(v.engineMs)}`],
      ["runs' characters covered by one cluster in both documents", fmt.num(s.coverage)],
      ['clusters nested in a bigger one for the same text', String(s.nestedClusters)],
      ['pairs whose similarity exceeds their spans\' Levenshtein + 0.01', String(v.similarity.violations), `of ${v.similarity.checked} checked (${v.similarity.skipped} longer than 4,000 chars left out)`],
    ], out);
    targets.push(
      target('SaudiNewsNet verbatim-run pairs sharing a cluster', s.pairRecall, '>=', 0.995, '≥ 0.995', (x) => fmt.num(x), `${s.pairsTogether}/${s.pairs}`),
      target('SaudiNewsNet verbatim-run coverage', s.coverage, '>=', 0.99, '≥ 0.99', (x) => fmt.num(x)),
      target('SaudiNewsNet nested clusters (same text)', s.nestedClusters, '==', 0, '0', (x) => String(x)),
      target('reported similarity ≤ spans\' Levenshtein + 0.01', v.similarity.violations, '==', 0, '0 violations', (x) => String(x), `${v.similarity.checked} pairs`),
    );
  }

  if (has('saudinewsnet') || has('peers')) {
    const r = await job<LshRecall>('lsh-recall', { path: saudi, sample: args.sample, options: args.options });
    const l = r.value;
    results.lshRecall = { ...l, maxRss: r.maxRss };
    printTable(`LSH recall on the first ${l.sample} SaudiNewsNet articles (${l.windows} windows; t = ${l.threshold}, ${l.bands}×${l.rows})`, [
      ['exact pairs (window Jaccard ≥ t, other series)', String(l.exactPairs), `exact join ${fmt.ms(l.exactMs)}`],
      ['LSH candidate recall', fmt.num(l.lshRecall), `${l.lshFound}/${l.exactPairs}; ${l.lshCandidates} candidate pairs`],
      ['end-to-end recall (same cluster)', fmt.num(l.clusterRecall), `${l.clusterFound}/${l.exactPairs}; engine ${fmt.ms(l.engineMs)}`],
      ['end-to-end recall (own aligned pair)', fmt.num(l.pairRecall), `${l.pairFound}/${l.exactPairs}`],
      [`  of pairs also sharing a verbatim run ≥ minLength`, fmt.num(l.verbatimClusterRecall), `${l.verbatimClusterFound}/${l.verbatimPairs} in one cluster`],
      [`brute force: doc Jaccard ≥ t, all pairs of ${l.bruteForce.docs} docs`, fmt.ms(l.bruteForce.ms), `${l.bruteForce.pairs} pairs; engine ${fmt.ms(l.bruteForce.engineMs)} (${fmt.ratio(l.bruteForce.ms / l.bruteForce.engineMs)} faster), finds ${fmt.num(l.bruteForce.engineRecall)} of them`],
      [`npm minhash LSH, streaming (${l.npmMinhash.docs} docs, ${l.npmMinhash.windows} windows)`, fmt.num(l.npmMinhash.streaming.recall), `recall of ${l.npmMinhash.truePairs} pairs; query crashed ${l.npmMinhash.streaming.crashes}/${l.npmMinhash.streaming.queries} times (unseen band)`],
      ['npm minhash LSH, insert all then query', fmt.num(l.npmMinhash.batch.recall), `${fmt.ms(l.npmMinhash.batch.ms)} incl. signatures`],
    ], out);
    targets.push(target('SaudiNewsNet LSH recall vs exact', l.lshRecall, '>=', 0.99, '≥ 0.99', (x) => fmt.num(x), `end to end: ${fmt.num(l.clusterRecall)} in one cluster; ${fmt.num(l.verbatimClusterRecall)} of pairs with a verbatim run ≥ minLength`));
  }

  if (has('araplagdet')) {
    const r = await job<PanReport>('araplagdet', { dir: join(corpora, 'araplagdet-train'), options: args.options });
    const a = r.value;
    results.araplagdet = { ...a, maxRss: r.maxRss };
    const o = a.overall;
    printTable(`AraPlagDet train (${a.documents} docs, whole collection in one run, ${fmt.ms(a.wallMs)})`, [
      ['plagdet', fmt.num(o.plagdet), `precision ${fmt.num(o.precision)}, recall ${fmt.num(o.recall)}, granularity ${fmt.num(o.granularity)}`],
      ['cases detected / detections', `${o.detectedCases}/${o.cases} / ${o.detections}`],
      ...Object.entries(a.recallByObfuscation).map(([k, v]): [string, string, string] => [`  recall: ${k}`, fmt.num(v.recall), `${v.cases} cases`]),
    ], out);
    targets.push(
      target('AraPlagDet plagdet', o.plagdet, '>=', 0.9, '≥ 0.90', (x) => fmt.num(x)),
      target('AraPlagDet recall on none', a.recallByObfuscation.none?.recall, '>=', 0.98, '≥ 0.98', (x) => fmt.num(x)),
    );
  }

  if (has('pan13')) {
    const modes = args.pan13 === 'both' ? (['whole', 'pairs'] as const) : ([args.pan13] as const);
    const byMode: Record<string, PanReport & { maxRss: number }> = {};
    for (const mode of modes) {
      const r = await job<PanReport>('pan13', { dir: join(corpora, 'pan13-train'), options: args.options, mode });
      byMode[mode] = { ...r.value, maxRss: r.maxRss };
      const rows: Array<[string, string, string?]> = [];
      for (const [cat, s] of Object.entries(r.value.byCategory)) {
        rows.push([cat, fmt.num(s.plagdet), `P ${fmt.num(s.precision)} R ${fmt.num(s.recall)} G ${fmt.num(s.granularity)}; ${s.detectedCases}/${s.cases} cases, ${s.detections} detections`]);
      }
      printTable(`PAN13 train, ${mode === 'whole' ? 'whole corpus in one run' : 'one run per listed pair'} (${fmt.ms(r.value.wallMs)}), plagdet`, rows, out);
    }
    results.pan13 = byMode;
    const main = byMode.whole ?? byMode.pairs;
    const cat = (c: string) => main.byCategory[c];
    targets.push(
      target('PAN13 02-no-obfuscation plagdet', cat('02-no-obfuscation')?.plagdet, '>=', 0.95, '≥ 0.95', (x) => fmt.num(x), main.mode),
      target('PAN13 03-random-obfuscation plagdet', cat('03-random-obfuscation')?.plagdet, '>=', 0.85, '≥ 0.85', (x) => fmt.num(x), main.mode),
      target('PAN13 01-no-plagiarism detections', cat('01-no-plagiarism')?.detections, '==', 0, '0', (x) => String(x), main.mode),
    );
  }

  if (has('synthetic')) {
    const reports: Array<SyntheticReport & { maxRss: number }> = [];
    for (const docs of args.sizes) {
      const r = await job<SyntheticReport>('synthetic', { docs, seed: args.seed, saudiPath: present ? saudi : undefined, seedsDir, options: args.options });
      reports.push({ ...r.value, maxRss: r.maxRss });
      const s = r.value;
      const sc = s.scores;
      const engineMs = s.wallMs - s.generateMs;
      printTable(`Synthetic, ${s.docs} docs (${fmt.rate(s.chars)} chars, ${s.planted} planted reprints, seed ${s.seed}, sentences from ${s.poolSource}: ${s.realSentences} real, ${s.generatedSentences} generated)`, [
        ['engine time (wall − generation)', fmt.ms(engineMs), `${fmt.rate(rate(s.chars, engineMs))} chars/s, ${fmt.rate(rate(s.docs, engineMs))} docs/s; peak RSS ${fmt.mb(r.maxRss)} (sentence pool: ${fmt.mb(s.poolRss)})`],
        ...stageRows('  ', s),
        ['plagdet (copy = suspicious side)', fmt.num(sc.pan.plagdet), `P ${fmt.num(sc.pan.precision)} R ${fmt.num(sc.pan.recall)} G ${fmt.num(sc.pan.granularity)}`],
        ...Object.entries(sc.recallByKind).map(([k, v]): [string, string, string] => [`  recall: ${k}`, fmt.num(v.recall), `${v.cases} planted`]),
        ['document pairs: precision / recall', `${fmt.num(sc.documentPairs.precision)} / ${fmt.num(sc.documentPairs.recall)}`, `${sc.documentPairs.correct} correct of ${sc.documentPairs.reported} reported, ${sc.documentPairs.planted} planted`],
        ['span boundary error (chars)', `mean ${sc.boundaryError.mean.toFixed(1)}`, `median ${sc.boundaryError.median}, p90 ${sc.boundaryError.p90}, within 10 chars ${fmt.pct(sc.boundaryError.within10)}`],
      ], out);
    }
    // Exponents over all sizes, and over the two largest (start-up and JIT warm-up weigh on the smallest).
    const engineMs = (s: SyntheticReport) => s.wallMs - s.generateMs;
    const largest = reports.length > 2 ? reports.slice(-2) : reports;
    const slope = logLogSlope(reports.map((s) => [s.docs, engineMs(s)]));
    const marginal = logLogSlope(largest.map((s) => [s.docs, engineMs(s)]));
    const rssSlope = logLogSlope(reports.map((s) => [s.docs, s.maxRss]));
    const stageSlopes = Object.fromEntries(
      (['normalize', 'sign', 'lsh', 'align', 'cluster'] as const).map((st) => [st, logLogSlope(largest.map((s) => [s.docs, s.stages[st]?.ms ?? 0]))]),
    );
    results.synthetic = { sizes: reports, timeExponent: slope, timeExponentLargest: marginal, rssExponent: rssSlope, stageExponentsLargest: stageSlopes };
    if (reports.length >= 2) {
      const sizes = reports.map((s) => s.docs).join(' → ');
      out(`\n  cost growth ${sizes} docs: time ∝ n^${slope?.toFixed(2)} (n^${marginal?.toFixed(2)} over ${largest.map((s) => s.docs).join(' → ')}), peak RSS ∝ n^${rssSlope?.toFixed(2)}`);
      out(`  per stage over ${largest.map((s) => s.docs).join(' → ')}: ${Object.entries(stageSlopes).map(([k, v]) => `${k} n^${v?.toFixed(2)}`).join(', ')}`);
      targets.push(
        target('cost growth exponent (synthetic)', marginal, '<=', 1.15, '≤ 1.15 (near-linear)', (x) => `n^${x.toFixed(2)}`, `${largest.map((s) => s.docs).join(' → ')} docs; n^${slope?.toFixed(2)} over all sizes`),
      );
    }
  }

  if (has('dedup')) {
    const rows: Array<[string, string, string?]> = [];
    const dedup: Record<string, unknown> = {};
    if (present) {
      const r = await job<DedupRun>('dedup-saudinewsnet', { path: saudi });
      const v = r.value;
      dedup.saudinewsnet = { ...v, maxRss: r.maxRss };
      rows.push([`SaudiNewsNet (${v.documents} docs), --min-coverage-copy 0.9`, `${v.kept} kept`, `${v.removed} removed in ${fmt.ms(v.wallMs)}; peak RSS ${fmt.mb(r.maxRss)}`]);
    }
    const docs = args.sizes.includes(1e4) ? 1e4 : args.sizes[0];
    const r = await job<SyntheticDedup[]>('dedup-synthetic', { docs, seed: args.seed, saudiPath: present ? saudi : undefined, seedsDir, bars: [0.9, 0.8, 0.7] });
    dedup.synthetic = r.value;
    for (const s of r.value) {
      rows.push([
        `synthetic (${s.documents} docs, ${s.plantedArticles} planted article reprints), --min-coverage-copy ${s.minCoverageCopy}`,
        `${s.kept} kept`,
        `${s.removed} removed in ${fmt.ms(s.wallMs)}; removal precision ${fmt.num(s.precision)}, recall ${fmt.num(s.eligibleRecall)} of the ${s.eligibleArticles} whole-article reprints (reprinted body ≥ ${s.minCoverageCopy} of the text; ${fmt.num(s.recall)} of all ${s.plantedArticles} article reprints, partial ones included); originals removed ${s.removedOriginals}, paragraph quotes removed ${s.removedParagraphQuotes}`,
      ]);
    }
    results.dedup = dedup;
    printTable('reprints dedup (the CLI, in-process; kept.jsonl and removed.jsonl written)', rows, out);
    const d = r.value[0];
    targets.push(
      target('dedup: no original removed (synthetic)', d.removedOriginals, '==', 0, '0', (x) => String(x)),
      target('dedup: removal recall, planted whole-article reprints (synthetic, 0.9)', d.eligibleRecall, '>=', 1, '1.000 (every one)', (x) => fmt.num(x), `${d.eligibleArticles} of the ${d.plantedArticles} article reprints have their reprinted body ≥ 0.9 of their text`),
      target('dedup: removal precision (synthetic, 0.9)', d.precision, '>=', 1, '1.000', (x) => fmt.num(x), `${d.removed} removed`),
    );
  }

  if (has('report')) {
    const r = await job<ReportBench>('report-saudinewsnet', { path: saudi });
    const v = r.value;
    results.report = { ...v, maxRss: r.maxRss };
    const sorted = [...(v.open?.runsMs ?? [])].sort((a, b) => a - b);
    const m = v.open?.marks ?? {};
    printTable(`--format html on SaudiNewsNet (${v.clusters} clusters)`, [
      ['write the report (engine included)', fmt.ms(v.writeMs), `peak RSS ${fmt.mb(r.maxRss)}`],
      ['report size', fmt.mb(v.bytes), `${(v.bytes / 1e6).toFixed(2)} MB`],
      v.open
        ? ['open in headless Chromium, to the first page of clusters', fmt.ms(sorted[0]), `best of 3 (median ${fmt.ms(sorted[1])}); last run: base64 ${m['reprints:decoded']} ms, inflated ${m['reprints:inflated']} ms, parsed ${m['reprints:parsed']} ms, shown ${m['reprints:shown']} ms after navigation start; Chromium ${v.open.browser}`]
        : ['open in a browser', 'not measured', 'no Chromium at /usr/bin/chromium (set REPRINTS_CHROMIUM)'],
    ], out);
    targets.push(target('html report of SaudiNewsNet opens (Chromium)', sorted[0], '<=', 3000, '≤ 3 s', fmt.ms));
  }

  if (has('reliability')) {
    const r = await reliabilitySuite(seedsDir, args.options, job, out);
    results.reliability = r.results;
    targets.push(...r.targets);
  }

  if (args.corpus) {
    const floor = await job<{ docs: number; chars: number; ms: number }>('read-floor', { path: args.corpus });
    const e2e = await job<EndToEnd>('saudinewsnet-e2e', { path: args.corpus, options: args.options });
    results.userCorpus = { path: args.corpus, readFloor: floor.value, endToEnd: { ...e2e.value, maxRss: e2e.maxRss } };
    printTable(`Corpus ${args.corpus} (${e2e.value.documents} docs)`, [
      ['read floor', fmt.ms(floor.value.ms)],
      ['end to end', fmt.ms(e2e.value.wallMs), `${fmt.ratio(e2e.value.wallMs / floor.value.ms)} the read floor; peak RSS ${fmt.mb(e2e.maxRss)}`],
      ...stageRows('  ', e2e.value),
      ['clusters / aligned pairs', `${e2e.value.clusters} / ${e2e.value.pairs}`],
    ], out);
  }

  m.loadAverage.end = Math.round(loadavg()[0] * 100) / 100;
  printTargets(targets, out);
  out(`\nload average at the end: ${m.loadAverage.end} (timings are skewed when other work shares the cores)`);
  if (args.write) {
    // A partial run (--only) gets its own file, so it never overwrites the day's full run.
    const partial = args.only.length < SUITES.length ? `-${args.only.join('+')}` : '';
    const path = join(repo, 'bench/results', `${date.slice(0, 10)}${partial}.json`);
    writeJsonAtomic(path, { date, machine: m, git, corporaPresent: present, args: { ...args, options: args.options }, engine: engineParams, results, targets });
    out(`wrote ${path}`);
  }
}

/** Limits of a reliability job: a quadratic run is stopped, not left to take the machine's memory. */
const RELIABILITY_LIMITS = { timeoutMs: 240_000, heapMb: 3072 };

/**
 * Degenerate corpora (issue 7): copies that quote each other at n = 1k, 3k, 10k; a periodic document
 * at 1.25, 2.5 and 5 MB beside ordinary text and a run of one character of the same length; and the
 * combined run (n = 3,000, a 3.4 MB periodic document and odd-Unicode documents).
 */
async function reliabilitySuite(
  seedsDir: string,
  options: FindReprintsOptions,
  job: <T>(name: string, jobArgs: unknown, limits?: JobLimits) => Promise<JobResult<T>>,
  out: (s: string) => void,
): Promise<{ results: Record<string, unknown>; targets: Target[] }> {
  type Row = { corpus: ReliabilityCorpus; report?: ReliabilityReport & { maxRss: number }; error?: string };
  const measure = async (corpus: ReliabilityCorpus): Promise<Row> => {
    try {
      const r = await job<ReliabilityReport>('reliability', { corpus, seedsDir, options }, RELIABILITY_LIMITS);
      return { corpus, report: { ...r.value, maxRss: r.maxRss } };
    } catch (e) {
      return { corpus, error: e instanceof Error ? e.message : String(e) };
    }
  };
  const shown = (r: Row): [string, string] =>
    r.report
      ? [fmt.ms(r.report.wallMs), `peak RSS ${fmt.mb(r.report.maxRss)}; ${r.report.documents} docs, ${fmt.rate(r.report.chars)} chars; ${r.report.clusters} clusters (largest ${r.report.largestCluster} docs), ${r.report.pairs} pairs`]
      : ['failed', r.error ?? ''];
  const targets: Target[] = [];

  // Copies plus quotes: stop growing once a size fails (the next would fail worse).
  const copies: Row[] = [];
  for (const n of [1000, 3000, 10000]) {
    if (copies.some((r) => r.error)) {
      copies.push({ corpus: { kind: 'copies', n }, error: 'not run: a smaller size already failed' });
      continue;
    }
    copies.push(await measure({ kind: 'copies', n }));
  }
  const done = copies.filter((r) => r.report);
  const copiesExponent = done.length >= 2 ? logLogSlope(done.map((r) => [r.report!.documents, r.report!.wallMs])) : null;
  const copiesRssExponent = done.length >= 2 ? logLogSlope(done.map((r) => [r.report!.documents, r.report!.maxRss])) : null;
  printTable('Copies plus quotes (n identical 400-word documents + 2 documents quoting 300 words), default options', [
    ...copies.map((r): [string, string, string] => [`n = ${(r.corpus as { n: number }).n}`, ...shown(r)]),
    ['cost exponent (time ∝ n^k)', copiesExponent === null ? 'n/a' : `n^${copiesExponent.toFixed(2)}`, copiesRssExponent === null ? '' : `peak RSS ∝ n^${copiesRssExponent.toFixed(2)}`],
  ], out);

  // Repetitive documents against ordinary text of the same length.
  const periodic: Row[] = [];
  for (const chars of [1.25e6, 2.5e6, 5e6]) periodic.push(await measure({ kind: 'periodic', chars }));
  const ordinary = await measure({ kind: 'ordinary', chars: 5e6 });
  const alef = await measure({ kind: 'repeated-char', chars: 5e6 });
  const pDone = periodic.filter((r) => r.report);
  const periodicExponent = pDone.length >= 2 ? logLogSlope(pDone.map((r) => [r.report!.chars, r.report!.wallMs])) : null;
  const p5 = periodic[2].report;
  const o5 = ordinary.report;
  printTable('Repetitive documents (one document each; the paragraph is a seed paragraph repeated)', [
    ...periodic.map((r): [string, string, string] => [`periodic, ${fmt.rate((r.corpus as { chars: number }).chars)} chars`, ...shown(r)]),
    ['periodic cost exponent (time ∝ chars^k)', periodicExponent === null ? 'n/a' : `^${periodicExponent.toFixed(2)}`],
    ['ordinary text (seed words, shuffled), 5 M chars', ...shown(ordinary)],
    ['one character (ا) repeated, 5 M chars', ...shown(alef)],
  ], out);

  const combined = await measure({ kind: 'combined', n: 3000, periodicChars: 3.4e6, odd: 200 });
  printTable('Combined: n = 3,000 copies plus quotes + a 3.4 MB periodic document + 203 odd-Unicode documents, one run', [
    ['combined run', ...shown(combined)],
    ['pairs with the periodic document', combined.report ? String(combined.report.pairsWithRepetitive) : 'n/a'],
  ], out);

  const c = combined.report;
  const failed = (r: Row) => (r.error ? r.error.replace(/^bench job reliability /, '') : undefined);
  // A run that did not finish (stopped, out of memory) misses its target; it is not "not measured".
  const orMissed = (t: Target, rows: Row[]): Target => {
    const why = rows.filter((r) => r.error).map((r) => (r.corpus.kind === 'copies' ? `n = ${r.corpus.n}: ${failed(r)}` : failed(r)));
    return why.length === 0 ? t : { ...t, value: null, met: false, shown: 'did not finish', note: why.join('; ') };
  };
  const copiesFailed = copies.filter((r) => r.error);
  targets.push(
    orMissed(target('combined run time (n = 3,000 + 3.4 MB periodic + odd Unicode)', c?.wallMs ?? null, '<=', 30_000, '≤ 30 s', fmt.ms), [combined]),
    orMissed(target('combined run peak RSS', c?.maxRss ?? null, '<=', 2e9, '≤ 2 GB', fmt.mb), [combined]),
    orMissed(target('copies plus quotes cost exponent (n = 1k → 10k)', copiesExponent, '<=', 1.1, '≤ 1.1', (x) => `n^${x.toFixed(2)}`), copiesFailed.slice(0, 1)),
    target('periodic document cost exponent (1.25 → 5 MB)', periodicExponent, '<=', 1.1, '≤ 1.1', (x) => `^${x.toFixed(2)}`),
    target('5 MB periodic document vs ordinary text', p5 && o5 ? p5.wallMs / o5.wallMs : null, '<=', 2, '≤ 2× ordinary', (x) => `${fmt.ratio(x)} (${fmt.ms(p5!.wallMs)} vs ${fmt.ms(o5!.wallMs)})`),
    target('5 MB of one character vs ordinary text', alef.report && o5 ? alef.report.wallMs / o5.wallMs : null, '<=', 2, '≤ 2× ordinary', (x) => `${fmt.ratio(x)} (${fmt.ms(alef.report!.wallMs)} vs ${fmt.ms(o5!.wallMs)})`),
    target(
      'spurious pairs with repetitive documents',
      [...periodic, alef, combined].filter((r) => r.report).reduce((n, r) => n + r.report!.pairsWithRepetitive, 0),
      '==',
      0,
      '0',
      String,
      `over the runs that finished${combined.report ? '' : ' (not the combined run)'}`,
    ),
  );
  return { results: { copies, copiesExponent, copiesRssExponent, periodic, periodicExponent, ordinary, repeatedChar: alef, combined }, targets };
}

main(process.argv.slice(2), (s) => console.log(s)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
