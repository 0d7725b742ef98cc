/**
 * The bench's output: machine facts, a printed table, targets marked met or missed, and the results
 * file `bench/results/<YYYY-MM-DD>.json` (written atomically).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';

export interface Machine {
  cpu: string;
  cores: number;
  memoryBytes: number;
  node: string;
  platform: string;
  /** 1-minute load average when the bench started and ended (other work on the machine skews timings). */
  loadAverage: { start: number; end?: number };
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: { start: Math.round(loadavg()[0] * 100) / 100 },
  };
}

export function gitCommit(cwd: string): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

export interface Target {
  name: string;
  /** The target as text, e.g. `≥ 100 M chars/s`. */
  goal: string;
  value: number | null;
  /** The measured figure as text. */
  shown: string;
  met: boolean | null;
  note?: string;
}

/** A target `value op bound`; `null` value (not measured) is neither met nor missed. */
export function target(
  name: string,
  value: number | null | undefined,
  op: '>=' | '<=' | '==',
  bound: number,
  goal: string,
  shown: (v: number) => string,
  note?: string,
): Target {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return { name, goal, value: null, shown: 'not measured', met: null, ...(note ? { note } : {}) };
  }
  const met = op === '>=' ? value >= bound : op === '<=' ? value <= bound : value === bound;
  return { name, goal, value, shown: shown(value), met, ...(note ? { note } : {}) };
}

// Number formatting.
export const fmt = {
  rate: (v: number) => (v >= 1e6 ? `${(v / 1e6).toFixed(1)} M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} k` : v.toFixed(0)),
  ms: (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`),
  mb: (v: number) => `${(v / 1048576).toFixed(0)} MB`,
  num: (v: number, digits = 3) => v.toFixed(digits),
  ratio: (v: number) => `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}×`,
  pct: (v: number) => `${(v * 100).toFixed(1)}%`,
};

/** Print rows as an aligned table under a title. */
export function printTable(title: string, rows: Array<[string, string, string?]>, out: (s: string) => void): void {
  if (rows.length === 0) return;
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  out(`\n${title}`);
  for (const [a, b, c] of rows) out(`  ${a.padEnd(w0)}  ${b.padStart(w1)}${c ? `  ${c}` : ''}`);
}

export function printTargets(targets: readonly Target[], out: (s: string) => void): void {
  out('\nTargets');
  const w = Math.max(...targets.map((t) => t.name.length));
  for (const t of targets) {
    const mark = t.met === null ? 'n/a   ' : t.met ? 'met   ' : 'MISSED';
    out(`  ${mark} ${t.name.padEnd(w)}  ${t.shown} (goal ${t.goal})${t.note ? ` — ${t.note}` : ''}`);
  }
}

/** Least-squares slope of log(y) on log(x): the exponent of y ∝ x^k. */
export function logLogSlope(points: ReadonlyArray<[number, number]>): number | null {
  const ps = points.filter(([x, y]) => x > 0 && y > 0);
  if (ps.length < 2) return null;
  const lx = ps.map(([x]) => Math.log(x));
  const ly = ps.map(([, y]) => Math.log(y));
  const mx = lx.reduce((a, b) => a + b, 0) / ps.length;
  const my = ly.reduce((a, b) => a + b, 0) / ps.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < ps.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return den === 0 ? null : num / den;
}

/** `base + ext`, or `base-2 + ext`, `base-3 + ext` … : the first that does not exist. */
export function freshPath(base: string, ext: string): string {
  let path = base + ext;
  for (let n = 2; existsSync(path); n++) path = `${base}-${n}${ext}`;
  return path;
}

/** Write JSON atomically (temp file, then rename). */
export function writeJsonAtomic(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
  renameSync(tmp, path);
}
