/**
 * Degenerate corpora (issue 7): copies that quote each other at n = 1k, 3k, 10k; a periodic document
 * at 1.25, 2.5 and 5 MB beside ordinary text and a run of one character of the same length; and the
 * combined run (n = 3,000, a 3.4 MB periodic document and odd-Unicode documents). A run that does not
 * finish (stopped, out of memory) misses its target; it is not "not measured".
 */
import type { ReliabilityCorpus, ReliabilityReport } from '../jobs/reliability.js';
import { fmt, logLogSlope, target, type Target } from '../report.js';
import { suite, type BenchContext } from './suite.js';

/** Limits of a reliability job: a quadratic run is stopped, not left to take the machine's memory. */
const RELIABILITY_LIMITS = { timeoutMs: 240_000, heapMb: 3072 };

type Run = { corpus: ReliabilityCorpus; report?: ReliabilityReport & { maxRss: number }; error?: string };

interface ReliabilitySuite {
  copies: Run[];
  periodic: Run[];
  ordinary: Run;
  repeatedChar: Run;
  combined: Run;
}

async function measure(ctx: BenchContext, corpus: ReliabilityCorpus): Promise<Run> {
  try {
    const r = await ctx.job<ReliabilityReport>('reliability', { corpus, seedsDir: ctx.seedsDir, options: ctx.args.options }, RELIABILITY_LIMITS);
    return { corpus, report: { ...r.value, maxRss: r.maxRss } };
  } catch (e) {
    return { corpus, error: e instanceof Error ? e.message : String(e) };
  }
}

const finished = (runs: Run[]) => runs.filter((r) => r.report);
const copiesExponent = (r: ReliabilitySuite, y: 'wallMs' | 'maxRss') => {
  const done = finished(r.copies);
  return done.length >= 2 ? logLogSlope(done.map((c) => [c.report!.documents, c.report![y]])) : null;
};
const periodicExponent = (r: ReliabilitySuite) => {
  const done = finished(r.periodic);
  return done.length >= 2 ? logLogSlope(done.map((c) => [c.report!.chars, c.report!.wallMs])) : null;
};
const shown = (r: Run): [string, string] =>
  r.report
    ? [fmt.ms(r.report.wallMs), `peak RSS ${fmt.mb(r.report.maxRss)}; ${r.report.documents} docs, ${fmt.rate(r.report.chars)} chars; ${r.report.clusters} clusters (largest ${r.report.largestCluster} docs), ${r.report.pairs} pairs`]
    : ['failed', r.error ?? ''];

export default suite<ReliabilitySuite>({
  name: 'reliability',
  summary: 'degenerate corpora: copies that quote each other, periodic and one-character documents, the combined run',
  needs: 'nothing',
  async job(ctx) {
    // Copies plus quotes: stop growing once a size fails (the next would fail worse).
    const copies: Run[] = [];
    for (const n of [1000, 3000, 10000]) {
      if (copies.some((r) => r.error)) copies.push({ corpus: { kind: 'copies', n }, error: 'not run: a smaller size already failed' });
      else copies.push(await measure(ctx, { kind: 'copies', n }));
    }
    const periodic: Run[] = [];
    for (const chars of [1.25e6, 2.5e6, 5e6]) periodic.push(await measure(ctx, { kind: 'periodic', chars }));
    const ordinary = await measure(ctx, { kind: 'ordinary', chars: 5e6 });
    const repeatedChar = await measure(ctx, { kind: 'repeated-char', chars: 5e6 });
    const combined = await measure(ctx, { kind: 'combined', n: 3000, periodicChars: 3.4e6, odd: 200 });
    return { copies, periodic, ordinary, repeatedChar, combined };
  },
  report(r) {
    const ce = copiesExponent(r, 'wallMs');
    const cr = copiesExponent(r, 'maxRss');
    const pe = periodicExponent(r);
    return [
      {
        title: 'Copies plus quotes (n identical 400-word documents + 2 documents quoting 300 words), default options',
        rows: [
          ...r.copies.map((c): [string, string, string] => [`n = ${(c.corpus as { n: number }).n}`, ...shown(c)]),
          ['cost exponent (time ∝ n^k)', ce === null ? 'n/a' : `n^${ce.toFixed(2)}`, cr === null ? '' : `peak RSS ∝ n^${cr.toFixed(2)}`],
        ],
      },
      {
        title: 'Repetitive documents (one document each; the paragraph is a seed paragraph repeated)',
        rows: [
          ...r.periodic.map((p): [string, string, string] => [`periodic, ${fmt.rate((p.corpus as { chars: number }).chars)} chars`, ...shown(p)]),
          ['periodic cost exponent (time ∝ chars^k)', pe === null ? 'n/a' : `^${pe.toFixed(2)}`],
          ['ordinary text (seed words, shuffled), 5 M chars', ...shown(r.ordinary)],
          ['one character (ا) repeated, 5 M chars', ...shown(r.repeatedChar)],
        ],
      },
      {
        title: 'Combined: n = 3,000 copies plus quotes + a 3.4 MB periodic document + 203 odd-Unicode documents, one run',
        rows: [
          ['combined run', ...shown(r.combined)],
          ['pairs with the periodic document', r.combined.report ? String(r.combined.report.pairsWithRepetitive) : 'n/a'],
        ],
      },
    ];
  },
  targets(r) {
    const c = r.combined.report;
    const p5 = r.periodic[2]?.report;
    const o5 = r.ordinary.report;
    const alef = r.repeatedChar.report;
    const failed = (x: Run) => (x.error ? x.error.replace(/^bench job reliability /, '') : undefined);
    const orMissed = (t: Target, runs: Run[]): Target => {
      const why = runs.filter((x) => x.error).map((x) => (x.corpus.kind === 'copies' ? `n = ${x.corpus.n}: ${failed(x)}` : failed(x)));
      return why.length === 0 ? t : { ...t, value: null, met: false, shown: 'did not finish', note: why.join('; ') };
    };
    const spurious = [...r.periodic, r.repeatedChar, r.combined].filter((x) => x.report);
    return [
      orMissed(target('combined run time (n = 3,000 + 3.4 MB periodic + odd Unicode)', c?.wallMs ?? null, '<=', 30_000, '≤ 30 s', fmt.ms), [r.combined]),
      orMissed(target('combined run peak RSS', c?.maxRss ?? null, '<=', 2e9, '≤ 2 GB', fmt.mb), [r.combined]),
      orMissed(target('copies plus quotes cost exponent (n = 1k → 10k)', copiesExponent(r, 'wallMs'), '<=', 1.1, '≤ 1.1', (x) => `n^${x.toFixed(2)}`), r.copies.filter((x) => x.error).slice(0, 1)),
      target('periodic document cost exponent (1.25 → 5 MB)', periodicExponent(r), '<=', 1.1, '≤ 1.1', (x) => `^${x.toFixed(2)}`),
      target('5 MB periodic document vs ordinary text', p5 && o5 ? p5.wallMs / o5.wallMs : null, '<=', 2, '≤ 2× ordinary', (x) => `${fmt.ratio(x)} (${fmt.ms(p5!.wallMs)} vs ${fmt.ms(o5!.wallMs)})`),
      target('5 MB of one character vs ordinary text', alef && o5 ? alef.wallMs / o5.wallMs : null, '<=', 2, '≤ 2× ordinary', (x) => `${fmt.ratio(x)} (${fmt.ms(alef!.wallMs)} vs ${fmt.ms(o5!.wallMs)})`),
      target(
        'spurious pairs with repetitive documents',
        spurious.reduce((n, x) => n + x.report!.pairsWithRepetitive, 0),
        '==',
        0,
        '0',
        String,
        `over the runs that finished${r.combined.report ? '' : ' (not the combined run)'}`,
      ),
    ];
  },
});
