/**
 * PAN13 text alignment (train): plagdet by category, per listed pair and/or the whole corpus in one
 * run, in the default mode and in reuse mode (`mode: 'reuse'`; rows keyed `pairs-reuse`, `whole-reuse`).
 */
import { join } from 'node:path';
import type { PanReport } from '../jobs/pan.js';
import { fmt, target } from '../report.js';
import { suite } from './suite.js';

type ByMode = Record<string, PanReport & { maxRss: number }>;

export default suite<ByMode>({
  name: 'pan13',
  summary: 'PAN13 train text alignment: plagdet by obfuscation category (--pan13 pairs|whole|both)',
  needs: 'corpora',
  async job(ctx) {
    const modes = ctx.args.pan13 === 'both' ? (['whole', 'pairs'] as const) : ([ctx.args.pan13] as const);
    const byMode: ByMode = {};
    for (const mode of modes) {
      for (const engineMode of ['default', 'reuse'] as const) {
        const options = engineMode === 'reuse' ? { ...ctx.args.options, mode: engineMode } : ctx.args.options;
        const r = await ctx.job<PanReport>('pan13', { dir: join(ctx.corpora, 'pan13-train'), options, mode });
        byMode[engineMode === 'reuse' ? `${mode}-reuse` : mode] = { ...r.value, maxRss: r.maxRss };
      }
    }
    return byMode;
  },
  report: (byMode) =>
    Object.entries(byMode).map(([mode, r]) => ({
      title: `PAN13 train, ${r.mode === 'whole' ? 'whole corpus in one run' : 'one run per listed pair'}, ${mode.endsWith('-reuse') ? 'reuse' : 'default'} mode (${fmt.ms(r.wallMs)}), plagdet`,
      rows: Object.entries(r.byCategory).map(([cat, s]): [string, string, string] => [
        cat,
        fmt.num(s.plagdet),
        `P ${fmt.num(s.precision)} R ${fmt.num(s.recall)} G ${fmt.num(s.granularity)}; ${s.detectedCases}/${s.cases} cases, ${s.detections} detections`,
      ]),
    })),
  targets(byMode) {
    // Targets use the whole-corpus run when it ran.
    const main = byMode.whole ?? byMode.pairs;
    const reuse = byMode['whole-reuse'] ?? byMode['pairs-reuse'];
    const cat = (c: string) => main.byCategory[c];
    const rcat = (c: string) => reuse.byCategory[c];
    return [
      target('PAN13 02-no-obfuscation plagdet, reuse mode', rcat('02-no-obfuscation')?.plagdet, '>=', 0.95, '≥ 0.95', (x) => fmt.num(x), reuse.mode),
      target('PAN13 03-random-obfuscation plagdet, reuse mode', rcat('03-random-obfuscation')?.plagdet, '>=', 0.8, '≥ 0.80', (x) => fmt.num(x), reuse.mode),
      target('PAN13 01-no-plagiarism detections, reuse mode', rcat('01-no-plagiarism')?.detections, '==', 0, '0', (x) => String(x), reuse.mode),
      target('PAN13 02-no-obfuscation plagdet', cat('02-no-obfuscation')?.plagdet, '>=', 0.95, '≥ 0.95', (x) => fmt.num(x), main.mode),
      target('PAN13 03-random-obfuscation plagdet', cat('03-random-obfuscation')?.plagdet, '>=', 0.85, '≥ 0.85', (x) => fmt.num(x), main.mode),
      target('PAN13 01-no-plagiarism detections', cat('01-no-plagiarism')?.detections, '==', 0, '0', (x) => String(x), main.mode),
    ];
  },
});
