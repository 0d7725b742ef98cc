/** `--corpus PATH`: a user's JSON-lines corpus, end to end against its read floor. */
import type { EndToEnd } from '../jobs/saudinewsnet.js';
import { fmt } from '../report.js';
import { stageRows } from './stages.js';
import { suite } from './suite.js';

interface CorpusRun {
  path: string;
  readFloor: { docs: number; chars: number; ms: number };
  endToEnd: EndToEnd & { maxRss: number };
}

export default suite<CorpusRun>({
  name: 'corpus',
  summary: 'the corpus given with --corpus PATH (.jsonl or .jsonl.gz), end to end vs its read floor',
  needs: 'nothing',
  async job(ctx) {
    const path = ctx.args.corpus;
    if (!path) return null;
    const floor = await ctx.job<CorpusRun['readFloor']>('read-floor', { path });
    const e2e = await ctx.job<EndToEnd>('saudinewsnet-e2e', { path, options: ctx.args.options });
    return { path, readFloor: floor.value, endToEnd: { ...e2e.value, maxRss: e2e.maxRss } };
  },
  report: (r) => [
    {
      title: `Corpus ${r.path} (${r.endToEnd.documents} docs)`,
      rows: [
        ['read floor', fmt.ms(r.readFloor.ms)],
        ['end to end', fmt.ms(r.endToEnd.wallMs), `${fmt.ratio(r.endToEnd.wallMs / r.readFloor.ms)} the read floor; peak RSS ${fmt.mb(r.endToEnd.maxRss)}`],
        ...stageRows('  ', r.endToEnd),
        ['clusters / aligned pairs', `${r.endToEnd.clusters} / ${r.endToEnd.pairs}`],
      ],
    },
  ],
  targets: () => [],
});
