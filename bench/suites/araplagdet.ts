/**
 * AraPlagDet train: the whole collection in one run, plagdet and recall by obfuscation — in the default
 * mode and in reuse mode (`mode: 'reuse'`, the word-level path; issue 10's targets are for that mode).
 */
import { join } from 'node:path';
import type { PanReport } from '../jobs/pan.js';
import { fmt, target } from '../report.js';
import { suite } from './suite.js';

type Measured = PanReport & { maxRss: number };

function table(a: Measured, mode: string) {
  const o = a.overall;
  return {
    title: `AraPlagDet train, ${mode} mode (${a.documents} docs, whole collection in one run, ${fmt.ms(a.wallMs)})`,
    rows: [
      ['plagdet', fmt.num(o.plagdet), `precision ${fmt.num(o.precision)}, recall ${fmt.num(o.recall)}, granularity ${fmt.num(o.granularity)}`],
      ['cases detected / detections', `${o.detectedCases}/${o.cases} / ${o.detections}`],
      ...Object.entries(a.recallByObfuscation).map(([k, v]): [string, string, string] => [`  recall: ${k}`, fmt.num(v.recall), `${v.cases} cases`]),
    ] as Array<[string, string, string?]>,
  };
}

export default suite<Measured & { reuse: Measured }>({
  name: 'araplagdet',
  summary: 'AraPlagDet train, whole collection in one run: plagdet, recall by obfuscation',
  needs: 'corpora',
  async job(ctx) {
    const dir = join(ctx.corpora, 'araplagdet-train');
    const r = await ctx.job<PanReport>('araplagdet', { dir, options: ctx.args.options });
    const reuse = await ctx.job<PanReport>('araplagdet', { dir, options: { ...ctx.args.options, mode: 'reuse' } });
    return { ...r.value, maxRss: r.maxRss, reuse: { ...reuse.value, maxRss: reuse.maxRss } };
  },
  report: (a) => [table(a, 'default'), table(a.reuse, 'reuse')],
  targets: (a) => [
    target('AraPlagDet plagdet', a.overall.plagdet, '>=', 0.9, '≥ 0.90', (x) => fmt.num(x)),
    target('AraPlagDet recall on none', a.recallByObfuscation.none?.recall, '>=', 0.98, '≥ 0.98', (x) => fmt.num(x)),
    target('AraPlagDet plagdet, reuse mode', a.reuse.overall.plagdet, '>=', 0.85, '≥ 0.85', (x) => fmt.num(x)),
    target('AraPlagDet precision, reuse mode', a.reuse.overall.precision, '>=', 0.95, '≥ 0.95', (x) => fmt.num(x)),
    ...(
      [
        ['none', 0.99],
        ['phrase shuffling', 0.85],
        ['manual synonym substitution', 0.8],
        ['word shuffling', 0.7],
      ] as const
    ).map(([k, t]) => target(`AraPlagDet recall on ${k}, reuse mode`, a.reuse.recallByObfuscation[k]?.recall, '>=', t, `≥ ${t.toFixed(2)}`, (x) => fmt.num(x))),
  ],
});
