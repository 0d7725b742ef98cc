/**
 * Parameter sweep on the labelled corpora (AraPlagDet whole collection, PAN13 one run per listed pair):
 * plagdet and recall by obfuscation type for a few engine settings, to choose defaults.
 *
 *   node --import tsx bench/sweep.ts [--set k=v,… (repeatable: one setting each)] [--no-write]
 *
 * Without --set, a small preset grid around the defaults is run. Writes bench/results/<date>-sweep.json.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FindReprintsOptions } from '../src/index.js';
import { runJob } from './child.js';
import type { PanReport } from './jobs/pan.js';
import { gitCommit, machine, writeJsonAtomic } from './report.js';

const PRESETS: FindReprintsOptions[] = [
  {},
  { shingleSize: 7 },
  { threshold: 0.3 },
  { minLength: 80 },
  { minSimilarity: 0.3 },
  { shingleSize: 4, threshold: 0.3 },
];

function parse(argv: readonly string[]): { settings: FindReprintsOptions[]; write: boolean } {
  const settings: FindReprintsOptions[] = [];
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--set') {
      const o: Record<string, number | boolean> = {};
      for (const kv of (argv[++i] ?? '').split(',').filter(Boolean)) {
        const [k, v] = kv.split('=');
        o[k] = v === 'true' ? true : v === 'false' ? false : Number(v);
      }
      settings.push(o);
    } else if (argv[i] === '--no-write') write = false;
    else throw new Error(`sweep: unknown option ${argv[i]}`);
  }
  return { settings: settings.length ? settings : PRESETS, write };
}

const f3 = (x: number | undefined) => (x === undefined ? '   -  ' : x.toFixed(3));

async function main(): Promise<void> {
  const { settings, write } = parse(process.argv.slice(2));
  const repo = fileURLToPath(new URL('..', import.meta.url));
  const corpora = join(repo, '../shared/corpora');
  if (!existsSync(corpora)) {
    console.log(`${corpora} is absent: nothing to sweep.`);
    return;
  }
  const rows: Array<{ options: FindReprintsOptions; araplagdet: PanReport; pan13: PanReport }> = [];
  const date = new Date().toISOString();
  const path = join(repo, 'bench/results', `${date.slice(0, 10)}-sweep.json`);
  const m = machine();
  const git = gitCommit(repo);
  console.log('setting | AraPlagDet plagdet P R G | none word-shuf phrase-shuf synonym paraphrase | PAN13 02 plagdet | 03 plagdet | 01 detections | seconds');
  for (const options of settings) {
    const t = performance.now();
    const a = (await runJob<PanReport>('araplagdet', { dir: join(corpora, 'araplagdet-train'), options })).value;
    const p = (await runJob<PanReport>('pan13', { dir: join(corpora, 'pan13-train'), options, mode: 'pairs' })).value;
    rows.push({ options, araplagdet: a, pan13: p });
    const r = a.recallByObfuscation;
    const c = p.byCategory;
    console.log(
      [
        JSON.stringify(options),
        `${f3(a.overall.plagdet)} ${f3(a.overall.precision)} ${f3(a.overall.recall)} ${f3(a.overall.granularity)}`,
        ['none', 'word shuffling', 'phrase shuffling', 'manual synonym substitution', 'manual paraphrasing'].map((k) => f3(r[k]?.recall)).join(' '),
        f3(c['02-no-obfuscation']?.plagdet),
        f3(c['03-random-obfuscation']?.plagdet),
        String(c['01-no-plagiarism']?.detections ?? '-'),
        ((performance.now() - t) / 1000).toFixed(0),
      ].join(' | '),
    );
    // Written after every setting, so an interrupted sweep keeps what it measured.
    if (write) writeJsonAtomic(path, { date, machine: m, git, rows });
  }
  if (write) console.log(`wrote ${path}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
