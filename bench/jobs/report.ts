/**
 * The `--format html` report of SaudiNewsNet (about 10,000 clusters), as a user makes it with the CLI
 * (`main`, in-process): time to write it, its size, and — when Debian's chromium is installed — how long
 * headless Chromium takes to show it (from navigation to the first page of clusters; the page's own
 * `performance` marks split that into decoding, inflating, parsing and rendering), best and median of 3.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import { cli } from '../built.js';

export interface ReportBench {
  writeMs: number;
  bytes: number;
  clusters: number;
  /** Absent when no browser was found. */
  open?: { runsMs: number[]; marks: Record<string, number>; browser: string };
}

const CHROMIUM = [process.env.REPRINTS_CHROMIUM, '/usr/bin/chromium'].find((p): p is string => !!p && existsSync(p));

export async function reportJob(args: { path: string }): Promise<ReportBench> {
  const dir = mkdtempSync(join(tmpdir(), 'reprints-bench-report-'));
  try {
    const file = join(dir, 'report.html');
    const stderr: string[] = [];
    const sink = (keep: boolean) =>
      new Writable({
        write: (c, _e, done) => {
          if (keep) stderr.push(String(c));
          done();
        },
      });
    const t0 = performance.now();
    const code = await cli.main([args.path, '-f', 'html', '-o', file], { stdout: sink(false), stderr: sink(true), stderrIsTTY: false });
    const writeMs = performance.now() - t0;
    if (code !== 0) throw new Error(`reprints -f html exited ${code}: ${stderr.join('')}`);
    const clusters = Number(/([\d,]+) clusters?/.exec(stderr.join(''))?.[1].replace(/,/g, '') ?? 0);
    const out: ReportBench = { writeMs, bytes: statSync(file).size, clusters };
    if (!CHROMIUM) return out;
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const runsMs: number[] = [];
      let marks: Record<string, number> = {};
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await page.goto(pathToFileURL(file).href);
        await page.waitForSelector('html[data-ready]', { timeout: 120_000 }).catch((e: Error) => {
          throw new Error(`the report did not open: ${errors.join('; ') || e.message}`);
        });
        runsMs.push(performance.now() - t);
        marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])));
      }
      out.open = { runsMs, marks, browser: browser.version() };
    } finally {
      await browser.close();
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
