/** Signature throughput per core and on every core, against npm `minhash`. */
import type { SignatureReport } from '../jobs/signatures.js';
import { fmt, target } from '../report.js';
import { suite } from './suite.js';

export default suite<SignatureReport>({
  name: 'signatures',
  summary: 'shingling + MinHash throughput, 1 core and all cores, vs npm minhash',
  needs: 'nothing',
  job: async (ctx) =>
    (await ctx.job<SignatureReport>('signatures', { saudiPath: ctx.present ? ctx.saudi : undefined, seedsDir: ctx.seedsDir, options: ctx.args.options })).value,
  report: (s) => [
    {
      title: `Signatures on ${s.documents} documents of ${s.docLength} chars (${s.source}), chars/s, best of 3`,
      rows: [
        ['shingle + 1 signature per document, 1 core', fmt.rate(s.document.oneCore)],
        [`shingle + 1 signature per document, ${s.threads} threads`, fmt.rate(s.document.allCores), fmt.ratio(s.document.allCores / s.document.oneCore) + ' of 1 core'],
        ['shingle + winnow + every passage window, 1 core', fmt.rate(s.passages.oneCore), "the engine's sign stage"],
        [`shingle + winnow + every passage window, ${s.threads} threads`, fmt.rate(s.passages.allCores)],
        ['normalize (units only), 1 core', fmt.rate(s.normalize.oneCore)],
        ['npm minhash, 1 signature per document, 1 core', fmt.rate(s.npmMinhash.oneCore)],
        ['ratio reprints / npm minhash (per document)', fmt.ratio(s.document.oneCore / s.npmMinhash.oneCore)],
      ],
    },
  ],
  targets: (s) => [
    target('signatures per core (2,000-char docs)', s.document.oneCore, '>=', 1e8, '≥ 100 M chars/s', (v) => `${fmt.rate(v)} chars/s`),
    target('signatures vs npm minhash', s.document.oneCore / s.npmMinhash.oneCore, '>=', 100, '≥ 100×', fmt.ratio),
  ],
});
