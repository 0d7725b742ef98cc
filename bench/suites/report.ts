/** `--format html` on SaudiNewsNet: time to write, size, and time to open in headless Chromium. */
import type { ReportBench } from '../jobs/report.js';
import { fmt, target } from '../report.js';
import { suite } from './suite.js';

export default suite<ReportBench & { maxRss: number }>({
  name: 'report',
  summary: '--format html on SaudiNewsNet: write time, size, open time in Chromium',
  needs: 'corpora',
  async job(ctx) {
    const r = await ctx.job<ReportBench>('report-saudinewsnet', { path: ctx.saudi });
    return { ...r.value, maxRss: r.maxRss };
  },
  report(v) {
    const sorted = [...(v.open?.runsMs ?? [])].sort((a, b) => a - b);
    const m = v.open?.marks ?? {};
    return [
      {
        title: `--format html on SaudiNewsNet (${v.clusters} clusters)`,
        rows: [
          ['write the report (engine included)', fmt.ms(v.writeMs), `peak RSS ${fmt.mb(v.maxRss)}`],
          ['report size', fmt.mb(v.bytes), `${(v.bytes / 1e6).toFixed(2)} MB`],
          v.open
            ? [
                'open in headless Chromium, to the first page of clusters',
                fmt.ms(sorted[0]),
                `best of 3 (median ${fmt.ms(sorted[1])}); last run: base64 ${m['reprints:decoded']} ms, inflated ${m['reprints:inflated']} ms, parsed ${m['reprints:parsed']} ms, shown ${m['reprints:shown']} ms after navigation start; Chromium ${v.open.browser}`,
              ]
            : ['open in a browser', 'not measured', 'no Chromium at /usr/bin/chromium (set REPRINTS_CHROMIUM)'],
        ],
      },
    ];
  },
  targets(v) {
    const fastest = v.open ? Math.min(...v.open.runsMs) : null;
    return [target('html report of SaudiNewsNet opens (Chromium)', fastest, '<=', 3000, '≤ 3 s', fmt.ms)];
  },
});
