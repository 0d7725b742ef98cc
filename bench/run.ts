/**
 * `npm run bench [-- options]`: speed, memory, accuracy and peers of the engine, side by side.
 *
 *   --only a,b,…     suites (default: all; `--help` lists them)
 *   --sizes 1k,10k   synthetic corpus sizes (default 1k,10k,100k; 1M is opt-in: ~1 GB of text)
 *   --corpus PATH    also measure a JSON-lines corpus (.jsonl or .jsonl.gz; id, text, series?, date?)
 *   --sample N       documents of the LSH-recall sample (default 2000)
 *   --pan13 MODE     pairs | whole | both (default pairs; targets use `whole` when it ran)
 *   --seed N         synthetic corpus seed (default 1)
 *   --set k=v,…      engine options for every run, e.g. --set shingleSize=6,threshold=0.4
 *   --corpora DIR    the real corpora (default: ../shared/corpora from the repository root)
 *   --no-write       print only; do not write bench/results/<date>.json (<date>-<suites>.json with --only;
 *                    -2, -3 … after the day's first)
 *
 * Each suite is one file of `bench/suites/` (its job, report and targets); this file only loops over
 * them. Each measured job runs in its own child process, so its peak RSS is its own.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveOptions } from '../src/index.js';
import { runJob } from './child.js';
import { fmt, gitCommit, machine, printTable, printTargets, freshPath, writeJsonAtomic, type Target } from './report.js';
import { SUITES } from './suites/index.js';
import type { BenchArgs, BenchContext } from './suites/suite.js';

const NAMES = SUITES.map((s) => s.name);

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
  if (!m) throw new Error(`bench: --sizes: ${JSON.stringify(s)} is not a size like 1k, 10k, 1M`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1e3 : m[2].toLowerCase() === 'm' ? 1e6 : 1));
}

const HELP = `npm run bench [-- options]; suites (--only a,b,…):\n${SUITES.map((s) => `  ${s.name.padEnd(13)} ${s.summary}${s.needs === 'corpora' ? ' [needs the corpora]' : ''}`).join('\n')}`;

export function parseArgs(argv: readonly string[]): BenchArgs & { help?: boolean } {
  const args: BenchArgs & { help?: boolean } = { only: [...NAMES], sizes: [1e3, 1e4, 1e5], sample: 2000, pan13: 'pairs', seed: 1, options: {}, write: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`bench: ${flag} needs a value`);
      return v;
    };
    if (flag === '--only') {
      const names = value().split(',').filter(Boolean);
      for (const n of names) if (!NAMES.includes(n)) throw new Error(`bench: --only: unknown suite ${n}; use ${NAMES.join(', ')}`);
      args.only = names;
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
        (args.options as Record<string, unknown>)[k] = v === 'true' ? true : v === 'false' ? false : v === 'reuse' || v === 'default' ? v : Number(v);
      }
    } else if (flag === '--no-write') args.write = false;
    else if (flag === '--corpora') args.corpora = value();
    else if (flag === '--help' || flag === '-h') args.help = true;
    else throw new Error(`bench: unknown option ${flag}`);
  }
  resolveOptions(args.options); // fail early on a bad --set
  return args;
}

async function main(argv: readonly string[], out: (s: string) => void): Promise<void> {
  const args = parseArgs(argv);
  if (args.help) return out(HELP);
  const repo = fileURLToPath(new URL('..', import.meta.url));
  // ../shared/corpora beside the clone; --corpora or REPRINTS_CORPORA point elsewhere (a git worktree, another disk).
  const corpora = args.corpora ?? process.env.REPRINTS_CORPORA ?? join(repo, '../shared/corpora');
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
  const ctx: BenchContext = {
    args,
    corpora,
    present,
    saudi: join(corpora, 'saudinewsnet/articles.jsonl.gz'),
    seedsDir: join(repo, 'examples/seeds'),
    repo,
    job: (name, jobArgs, limits) => {
      out(`… ${name}`);
      return runJob(name, jobArgs, limits);
    },
    out,
  };
  const chosen = SUITES.filter((s) => args.only.includes(s.name) || (s.name === 'corpus' && args.corpus));
  const skipped = present ? [] : chosen.filter((s) => s.needs === 'corpora');
  if (skipped.length > 0) out(`\n${corpora} is absent: not running ${skipped.map((s) => s.name).join(', ')} (they need the real corpora).`);
  const results: Record<string, unknown> = {};
  const targets: Target[] = [];
  for (const s of chosen) {
    if (skipped.includes(s)) continue;
    const r = await s.job(ctx);
    if (r === null) continue;
    results[s.name] = r;
    for (const part of s.report(r)) {
      if (typeof part === 'string') out(part);
      else printTable(part.title, part.rows, out);
    }
    targets.push(...s.targets(r));
  }

  m.loadAverage.end = Math.round(loadavg()[0] * 100) / 100;
  printTargets(targets, out);
  out(`\nload average at the end: ${m.loadAverage.end} (timings are skewed when other work shares the cores)`);
  if (args.write) {
    // A partial run (--only) gets its own file, so it never overwrites the day's full run; a second
    // run of the same suites on one day gets -2, -3 …, so it never overwrites the first.
    const partial = args.only.length < NAMES.length ? `-${args.only.join('+')}` : '';
    const path = freshPath(join(repo, 'bench/results', `${date.slice(0, 10)}${partial}`), '.json');
    writeJsonAtomic(path, { date, machine: m, git, corporaPresent: present, args: { ...args, options: args.options }, engine: engineParams, results, targets });
    out(`wrote ${path}`);
  }
}

main(process.argv.slice(2), (s) => console.log(s)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
