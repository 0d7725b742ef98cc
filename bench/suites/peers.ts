/**
 * LSH recall against the exact window join on a SaudiNewsNet sample, brute force, and npm `minhash`'s
 * LSH (streaming and batch) on the same windows.
 */
import type { LshRecall } from '../jobs/saudinewsnet.js';
import { fmt, target } from '../report.js';
import { suite } from './suite.js';

export default suite<LshRecall & { maxRss: number }>({
  name: 'peers',
  summary: 'LSH recall vs the exact window join, brute force, npm minhash LSH (SaudiNewsNet sample)',
  needs: 'corpora',
  async job(ctx) {
    const r = await ctx.job<LshRecall>('lsh-recall', { path: ctx.saudi, sample: ctx.args.sample, options: ctx.args.options });
    return { ...r.value, maxRss: r.maxRss };
  },
  report: (l) => [
    {
      title: `LSH recall on the first ${l.sample} SaudiNewsNet articles (${l.windows} windows; t = ${l.threshold}, ${l.bands}×${l.rows})`,
      rows: [
        ['exact pairs (window Jaccard ≥ t, other series)', String(l.exactPairs), `exact join ${fmt.ms(l.exactMs)}`],
        ['LSH candidate recall', fmt.num(l.lshRecall), `${l.lshFound}/${l.exactPairs}; ${l.lshCandidates} candidate pairs`],
        ['end-to-end recall (same cluster)', fmt.num(l.clusterRecall), `${l.clusterFound}/${l.exactPairs}; engine ${fmt.ms(l.engineMs)}`],
        ['end-to-end recall (own aligned pair)', fmt.num(l.pairRecall), `${l.pairFound}/${l.exactPairs}`],
        [`  of pairs also sharing a verbatim run ≥ minLength`, fmt.num(l.verbatimClusterRecall), `${l.verbatimClusterFound}/${l.verbatimPairs} in one cluster`],
        [
          `brute force: doc Jaccard ≥ t, all pairs of ${l.bruteForce.docs} docs`,
          fmt.ms(l.bruteForce.ms),
          `${l.bruteForce.pairs} pairs; engine ${fmt.ms(l.bruteForce.engineMs)} (${fmt.ratio(l.bruteForce.ms / l.bruteForce.engineMs)} faster), finds ${fmt.num(l.bruteForce.engineRecall)} of them`,
        ],
        [
          `npm minhash LSH, streaming (${l.npmMinhash.docs} docs, ${l.npmMinhash.windows} windows)`,
          fmt.num(l.npmMinhash.streaming.recall),
          `recall of ${l.npmMinhash.truePairs} pairs; query crashed ${l.npmMinhash.streaming.crashes}/${l.npmMinhash.streaming.queries} times (unseen band)`,
        ],
        ['npm minhash LSH, insert all then query', fmt.num(l.npmMinhash.batch.recall), `${fmt.ms(l.npmMinhash.batch.ms)} incl. signatures`],
      ],
    },
  ],
  targets: (l) => [
    target('SaudiNewsNet LSH recall vs exact', l.lshRecall, '>=', 0.99, '≥ 0.99', (x) => fmt.num(x), `end to end: ${fmt.num(l.clusterRecall)} in one cluster; ${fmt.num(l.verbatimClusterRecall)} of pairs with a verbatim run ≥ minLength`),
  ],
});
