/** `reprints dedup` on SaudiNewsNet and on the synthetic corpus (removal precision and recall of planted whole-article reprints; see jobs/dedup.ts). */
import type { DedupRun, SyntheticDedup } from '../jobs/dedup.js';
import { fmt, target } from '../report.js';
import { suite, type Row } from './suite.js';

interface DedupSuite {
  saudinewsnet?: DedupRun & { maxRss: number };
  synthetic: SyntheticDedup[];
}

export default suite<DedupSuite>({
  name: 'dedup',
  summary: 'reprints dedup: SaudiNewsNet kept/removed and time; synthetic removal precision/recall',
  needs: 'nothing',
  async job(ctx) {
    const out: DedupSuite = { synthetic: [] };
    if (ctx.present) {
      const r = await ctx.job<DedupRun>('dedup-saudinewsnet', { path: ctx.saudi });
      out.saudinewsnet = { ...r.value, maxRss: r.maxRss };
    }
    const docs = ctx.args.sizes.includes(1e4) ? 1e4 : ctx.args.sizes[0];
    const r = await ctx.job<SyntheticDedup[]>('dedup-synthetic', {
      docs,
      seed: ctx.args.seed,
      saudiPath: ctx.present ? ctx.saudi : undefined,
      seedsDir: ctx.seedsDir,
      bars: [0.9, 0.8, 0.7],
    });
    out.synthetic = r.value;
    return out;
  },
  report(d) {
    const rows: Row[] = [];
    const v = d.saudinewsnet;
    if (v) rows.push([`SaudiNewsNet (${v.documents} docs), --min-coverage-copy 0.9`, `${v.kept} kept`, `${v.removed} removed in ${fmt.ms(v.wallMs)}; peak RSS ${fmt.mb(v.maxRss)}`]);
    for (const s of d.synthetic) {
      rows.push([
        `synthetic (${s.documents} docs, ${s.plantedArticles} planted article reprints), --min-coverage-copy ${s.minCoverageCopy}`,
        `${s.kept} kept`,
        `${s.removed} removed in ${fmt.ms(s.wallMs)}; removal precision ${fmt.num(s.precision)}, recall ${fmt.num(s.eligibleRecall)} of the ${s.eligibleArticles} whole-article reprints (reprinted body ≥ ${s.minCoverageCopy} of the text; ${fmt.num(s.recall)} of all ${s.plantedArticles} article reprints, partial ones included); originals removed ${s.removedOriginals}, paragraph quotes removed ${s.removedParagraphQuotes}`,
      ]);
    }
    return [{ title: 'reprints dedup (the CLI, in-process; kept.jsonl and removed.jsonl written)', rows }];
  },
  targets(d) {
    const s = d.synthetic[0];
    return [
      target('dedup: no original removed (synthetic)', s.removedOriginals, '==', 0, '0', (x) => String(x)),
      target('dedup: removal recall, planted whole-article reprints (synthetic, 0.9)', s.eligibleRecall, '>=', 1, '1.000 (every one)', (x) => fmt.num(x), `${s.eligibleArticles} of the ${s.plantedArticles} article reprints have their reprinted body ≥ 0.9 of their text`),
      target('dedup: removal precision (synthetic, 0.9)', s.precision, '>=', 1, '1.000', (x) => fmt.num(x), `${s.removed} removed`),
    ];
  },
});
