/**
 * The synthetic corpus with planted reprints at each `--sizes`: engine time per stage, plagdet,
 * document-pair precision and recall, span boundary error, and the cost-growth exponents.
 */
import type { SyntheticReport } from '../jobs/synthetic.js';
import { fmt, logLogSlope, target } from '../report.js';
import { STAGES, stageRows } from './stages.js';
import { rate, suite, type Table } from './suite.js';

type Sized = SyntheticReport & { maxRss: number };

interface SyntheticSuite {
  sizes: Sized[];
  timeExponent: number | null;
  timeExponentLargest: number | null;
  rssExponent: number | null;
  stageExponentsLargest: Record<string, number | null>;
}

const engineMs = (s: SyntheticReport) => s.wallMs - s.generateMs;
/** The two largest sizes: start-up and JIT warm-up weigh on the smallest. */
const largestTwo = (sizes: Sized[]) => (sizes.length > 2 ? sizes.slice(-2) : sizes);

export default suite<SyntheticSuite>({
  name: 'synthetic',
  summary: 'synthetic corpus with planted reprints at --sizes (1M opt-in): time, RSS, plagdet, pair P/R, exponents',
  needs: 'nothing',
  async job(ctx) {
    const sizes: Sized[] = [];
    for (const docs of ctx.args.sizes) {
      const r = await ctx.job<SyntheticReport>('synthetic', {
        docs,
        seed: ctx.args.seed,
        saudiPath: ctx.present ? ctx.saudi : undefined,
        seedsDir: ctx.seedsDir,
        options: ctx.args.options,
      });
      sizes.push({ ...r.value, maxRss: r.maxRss });
    }
    const largest = largestTwo(sizes);
    return {
      sizes,
      timeExponent: logLogSlope(sizes.map((s) => [s.docs, engineMs(s)])),
      timeExponentLargest: logLogSlope(largest.map((s) => [s.docs, engineMs(s)])),
      rssExponent: logLogSlope(sizes.map((s) => [s.docs, s.maxRss])),
      stageExponentsLargest: Object.fromEntries(STAGES.map((st) => [st, logLogSlope(largest.map((s) => [s.docs, s.stages[st]?.ms ?? 0]))])),
    };
  },
  report(r) {
    const tables: Array<Table | string> = r.sizes.map((s): Table => {
      const sc = s.scores;
      const ms = engineMs(s);
      return {
        title: `Synthetic, ${s.docs} docs (${fmt.rate(s.chars)} chars, ${s.planted} planted reprints, seed ${s.seed}, sentences from ${s.poolSource}: ${s.realSentences} real, ${s.generatedSentences} generated)`,
        rows: [
          ['engine time (wall − generation)', fmt.ms(ms), `${fmt.rate(rate(s.chars, ms))} chars/s, ${fmt.rate(rate(s.docs, ms))} docs/s; peak RSS ${fmt.mb(s.engineMaxRss)} through the engine run (sentence pool: ${fmt.mb(s.poolRss)}), ${fmt.mb(s.maxRss)} with the check after it`],
          ...stageRows('  ', s),
          ['plagdet (copy = suspicious side)', fmt.num(sc.pan.plagdet), `P ${fmt.num(sc.pan.precision)} R ${fmt.num(sc.pan.recall)} G ${fmt.num(sc.pan.granularity)}`],
          ...Object.entries(sc.recallByKind).map(([k, v]): [string, string, string] => [`  recall: ${k}`, fmt.num(v.recall), `${v.cases} planted`]),
          ['document pairs: precision / recall', `${fmt.num(sc.documentPairs.precision)} / ${fmt.num(sc.documentPairs.recall)}`, `${sc.documentPairs.correct} correct of ${sc.documentPairs.reported} reported, ${sc.documentPairs.planted} planted${Object.keys(sc.documentPairs.unplanted ?? {}).length ? `; unplanted by kind: ${Object.entries(sc.documentPairs.unplanted).map(([k, n]) => `${k} ${n}`).join(', ')}` : ''}`],
          ['span boundary error (chars)', `mean ${sc.boundaryError.mean.toFixed(1)}`, `median ${sc.boundaryError.median}, p90 ${sc.boundaryError.p90}, within 10 chars ${fmt.pct(sc.boundaryError.within10)}`],
        ],
      };
    });
    if (r.sizes.length >= 2) {
      const largest = largestTwo(r.sizes).map((s) => s.docs).join(' → ');
      tables.push(
        `\n  cost growth ${r.sizes.map((s) => s.docs).join(' → ')} docs: time ∝ n^${r.timeExponent?.toFixed(2)} (n^${r.timeExponentLargest?.toFixed(2)} over ${largest}), peak RSS ∝ n^${r.rssExponent?.toFixed(2)}`,
        `  per stage over ${largest}: ${Object.entries(r.stageExponentsLargest).map(([k, v]) => `${k} n^${v?.toFixed(2)}`).join(', ')}`,
      );
    }
    return tables;
  },
  targets(r) {
    if (r.sizes.length < 2) return [];
    const largest = largestTwo(r.sizes).map((s) => s.docs).join(' → ');
    const big = r.sizes.find((s) => s.docs >= 1e6);
    return [
      target('cost growth exponent (synthetic)', r.timeExponentLargest, '<=', 1.15, '≤ 1.15 (near-linear)', (x) => `n^${x.toFixed(2)}`, `${largest} docs; n^${r.timeExponent?.toFixed(2)} over all sizes`),
      ...(big
        ? [
            target('synthetic 1M documents, engine time', engineMs(big), '<=', 250_000, '≤ 250 s', fmt.ms),
            target('synthetic 1M documents, peak RSS', big.engineMaxRss, '<=', 4e9, '≤ 4 GB', fmt.mb, `through the engine run (the bench's sentence pool is let go once the engine has read the last document); ${fmt.mb(big.maxRss)} with the span check after it`),
            target('synthetic cost exponent up to 1M', r.timeExponentLargest, '<=', 1.05, '≤ 1.05', (x) => `n^${x.toFixed(2)}`, largest),
          ]
        : []),
    ];
  },
});
