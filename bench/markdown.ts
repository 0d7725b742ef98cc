/**
 * Print the README benchmark table from a results file:
 *   node --import tsx bench/markdown.ts bench/results/<date>.json
 */
import { readFileSync } from 'node:fs';
import type { Machine, Target } from './report.js';

interface Results {
  date: string;
  machine: Machine;
  git: { commit: string; dirty: boolean };
  engine: Record<string, unknown>;
  targets: Target[];
}

export function markdown(r: Results): string {
  const m = r.machine;
  const e = r.engine;
  const lines = [
    `Measured ${r.date.slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ${Math.round(m.memoryBytes / 2 ** 30)} GB, Node ${m.node}, ` +
      `commit \`${r.git.commit.slice(0, 10)}\`${r.git.dirty ? ' (with uncommitted changes)' : ''}; load average ${m.loadAverage.start} → ${m.loadAverage.end ?? '?'} ` +
      `(other work shared the cores: timings are pessimistic).`,
    `Engine: shingleSize ${e.shingleSize}, signatureSize ${e.signatureSize} (${e.bands} bands × ${e.rows} rows), threshold ${e.threshold}, ` +
      `minLength ${e.minLength}, minSimilarity ${e.minSimilarity}.`,
    '',
    '| Target | Goal | Measured | |',
    '| --- | --- | --- | --- |',
    ...r.targets.map(
      (t) => `| ${t.name} | ${t.goal} | ${t.shown}${t.note ? ` (${t.note})` : ''} | ${t.met === null ? 'n/a' : t.met ? 'met' : '**missed**'} |`,
    ),
  ];
  return lines.join('\n');
}

const path = process.argv[2];
if (path) console.log(markdown(JSON.parse(readFileSync(path, 'utf8')) as Results));
