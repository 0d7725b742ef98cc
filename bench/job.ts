/**
 * Child-process entry of one measured job, so that peak RSS (`resourceUsage().maxRSS`) is the job's
 * own. The parent forks this file with the job name and JSON arguments, and gets back
 * `{ ok, value, maxRss }` over IPC.
 */
import { dedupSaudiJob, dedupSyntheticJob } from './jobs/dedup.js';
import { indexArchiveAddJob, indexArchiveBuildJob, indexSideJob } from './jobs/index.js';
import { araplagdetJob, pan13Job } from './jobs/pan.js';
import { reliabilityJob } from './jobs/reliability.js';
import { reportJob } from './jobs/report.js';
import { endToEndJob, lshRecallJob, readFloorJob, verbatimTruthJob } from './jobs/saudinewsnet.js';
import { signaturesJob } from './jobs/signatures.js';
import { syntheticJob } from './jobs/synthetic.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const JOBS: Record<string, (args: any) => Promise<unknown>> = {
  'saudinewsnet-e2e': endToEndJob,
  'read-floor': readFloorJob,
  'lsh-recall': lshRecallJob,
  'verbatim-truth': verbatimTruthJob,
  araplagdet: araplagdetJob,
  pan13: pan13Job,
  synthetic: syntheticJob,
  signatures: signaturesJob,
  'dedup-saudinewsnet': dedupSaudiJob,
  'dedup-synthetic': dedupSyntheticJob,
  'report-saudinewsnet': reportJob,
  reliability: reliabilityJob,
  'index-side': indexSideJob,
  'index-archive-build': indexArchiveBuildJob,
  'index-archive-add': indexArchiveAddJob,
};

const [name, json] = process.argv.slice(2);
const job = JOBS[name];
try {
  if (!job) throw new Error(`unknown job ${name}; known: ${Object.keys(JOBS).join(', ')}`);
  const value = await job(JSON.parse(json ?? '{}'));
  process.send!({ ok: true, value, maxRss: process.resourceUsage().maxRSS * 1024 });
} catch (e) {
  process.send!({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exitCode = 1;
}
