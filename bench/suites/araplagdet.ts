/** AraPlagDet train: the whole collection in one run, plagdet and recall by obfuscation. */
import { join } from 'node:path';
import type { PanReport } from '../jobs/pan.js';
import { fmt, target } from '../report.js';
import { suite } from './suite.js';

export default suite<PanReport & { maxRss: number }>({
  name: 'araplagdet',
  summary: 'AraPlagDet train, whole collection in one run: plagdet, recall by obfuscation',
  needs: 'corpora',
  async job(ctx) {
    const r = await ctx.job<PanReport>('araplagdet', { dir: join(ctx.corpora, 'araplagdet-train'), options: ctx.args.options });
    return { ...r.value, maxRss: r.maxRss };
  },
  report(a) {
    const o = a.overall;
    return [
      {
        title: `AraPlagDet train (${a.documents} docs, whole collection in one run, ${fmt.ms(a.wallMs)})`,
        rows: [
          ['plagdet', fmt.num(o.plagdet), `precision ${fmt.num(o.precision)}, recall ${fmt.num(o.recall)}, granularity ${fmt.num(o.granularity)}`],
          ['cases detected / detections', `${o.detectedCases}/${o.cases} / ${o.detections}`],
          ...Object.entries(a.recallByObfuscation).map(([k, v]): [string, string, string] => [`  recall: ${k}`, fmt.num(v.recall), `${v.cases} cases`]),
        ],
      },
    ];
  },
  targets: (a) => [
    target('AraPlagDet plagdet', a.overall.plagdet, '>=', 0.9, '≥ 0.90', (x) => fmt.num(x)),
    target('AraPlagDet recall on none', a.recallByObfuscation.none?.recall, '>=', 0.98, '≥ 0.98', (x) => fmt.num(x)),
  ],
});
