/**
 * `reprints index VERB INDEX [PATH…]`: the persistent index from the command line, with the main
 * command's input readers, field flags, output formats and exit codes.
 *
 *   add    INDEX PATH…   add documents (creating the index with the given parameters); print what is new
 *   query  INDEX PATH…   the same, storing nothing
 *   stats  INDEX         counts and parameters
 *   export INDEX         the whole index as one result
 *   check  INDEX         verify the index; exit 1 and say what is wrong
 *   backup INDEX COPY    copy the index as of its last completed add, while adds go on
 */
import type { Readable, Writable } from 'node:stream';
import { openIndex } from '../node/index.js';
import type { ClusterMerge, IndexStats, ReprintIndex, ReprintsResult } from '../index.js';
import { corpusExecutor, parseCliArgs, type ParseMode, type RunConfig } from './args.js';
import { keepTexts } from './main.js';
import { usageError } from './cli-error.js';
import { counted, formatCount } from './format/count.js';
import { formatResult } from './format/index.js';
import { summaryLine } from './format/text.js';
import type { Messages } from './messages.js';
import { atomicFileSink, streamSink, type Sink } from './output.js';
import { planInputs } from './readers/plan.js';
import { readWithProgress } from './readers/read-inputs.js';

const VERBS = ['add', 'query', 'stats', 'export', 'check', 'backup'] as const;
type Verb = (typeof VERBS)[number];

/** Merges shown before the line says how many more there are. */
const MERGES_SHOWN = 5;

/**
 * One line for the clusters an add merged (absorbed ids → the surviving one); a day of news merges
 * dozens, all listed under `merges` in the JSON result. Silent under `--quiet`, like the summary.
 */
export function mergesLine(merges: readonly ClusterMerge[]): string {
  const absorbed = merges.reduce((n, m) => n + m.absorbed.length, 0);
  const shown = merges.slice(0, MERGES_SHOWN).map((m) => `${m.absorbed.join(', ')} → ${m.id}`);
  if (merges.length > MERGES_SHOWN) shown.push(`… (${merges.length - MERGES_SHOWN} more under merges in -f json)`);
  return `${counted(absorbed, 'cluster')} merged into ${merges.length === 1 ? 'another' : `${formatCount(merges.length)} others`} (absorbed → kept): ${shown.join('; ')}`;
}

/** The summary line of an add, a query or an export: the run's own, then what the index holds. */
export function indexSummaryLine(run: string, path: string, documents: number, unchanged: boolean): string {
  return `${run}; ${path} holds ${counted(documents, 'document')}${unchanged ? ' (unchanged)' : ''}`;
}

/** The summary line of a check that found nothing wrong. */
export function checkedLine(path: string, stats: Pick<IndexStats, 'documents' | 'pairs' | 'clusters'>): string {
  return `${path}: ok — ${counted(stats.documents, 'document')}, ${counted(stats.pairs, 'pair')}, ${counted(stats.clusters, 'cluster')}`;
}

/** The `reprints index --help` text. */
export function indexHelpText(): string {
  return `Usage: reprints index <verb> INDEX [options] [path...]

A persistent index of reprints in one file: add each day's documents, get back what
they reprint from the archive and among themselves, without re-reading the archive.

Verbs:
  add INDEX PATH...       add documents (the index is created on the first add, with the
                          matching options given); print the new pairs and the clusters
                          they touched, with all their passages
  query INDEX PATH...     the same as add, storing nothing
  stats INDEX             counts and the parameters the index was built with
  export INDEX            the whole index as one result (all clusters, stable ids)
  check INDEX             verify the index; exit 1 and list what is wrong
  backup INDEX COPY       copy the index as of its last completed add to the file COPY
                          (replaced if it exists), while adds and reads go on; the copy
                          is checked before it takes its name

Options: the inputs, JSON fields, output formats and matching options of reprints
(see reprints --help). Matching options must equal the index's: leave them out after
the first add. Also:
      --skip-existing     add/query: skip documents whose id the index already holds
                          (counted in a warning) instead of failing
      --wait SECONDS      add: how long to wait for another process's add to the same
                          index to finish before failing (exit 1; default 30). Readers
                          (query, stats, export, check) never wait for an add

Examples:
  reprints index add news.reprints 2015-07-21.jsonl.gz
  reprints index add news.reprints 2015-07-22.jsonl.gz -f jsonl -o today.jsonl
  reprints index stats news.reprints

Exit codes: 0 success, 1 runtime failure or a failed check, 2 usage error.
`;
}

/** Parse `index VERB INDEX …` (argv after `index`). */
export function parseIndexArgs(
  argv: readonly string[],
): { verb: Verb; path: string; config: RunConfig; busyTimeoutMs?: number; copy?: string } | { kind: 'help' } {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') return { kind: 'help' };
  const verb = argv[0] as Verb;
  if (!VERBS.includes(verb)) throw usageError(`index: unknown verb ${JSON.stringify(argv[0])}; use one of ${VERBS.join(', ')}`);
  const path = argv[1];
  if (path === undefined || path.startsWith('-')) throw usageError(`index ${verb}: give the index file first (reprints index ${verb} INDEX${verb === 'add' || verb === 'query' ? ' PATH…' : ''})`);
  const withInputs = verb === 'add' || verb === 'query';
  if (verb === 'backup') {
    const copy = argv[2];
    if (copy === undefined || copy.startsWith('-')) throw usageError('index backup: give the index, then the file to copy it to (reprints index backup INDEX COPY)');
    const parsed = parseCliArgs(argv.slice(3), { inputs: false, noInput: 'index backup takes the index and the copy only' });
    if (parsed.kind !== 'run') return { kind: 'help' };
    return { verb, path, config: parsed.config, copy };
  }
  const mode: ParseMode = withInputs
    ? {
        booleans: ['skip-existing'],
        ...(verb === 'add' ? { strings: ['wait'] } : {}),
        noInput: `index ${verb}: no input given; name folders, files, or - for JSON lines on stdin`,
      }
    : { inputs: false, noInput: `index ${verb} takes only the index` };
  const parsed = parseCliArgs(argv.slice(2), mode);
  if (parsed.kind !== 'run') return { kind: 'help' };
  const wait = parsed.config.values?.wait;
  if (wait !== undefined && !/^\s*\d+(\.\d+)?\s*$/.test(wait)) throw usageError(`--wait: ${JSON.stringify(wait)} is not a number of seconds; use 0 or more`);
  return { verb, path, config: parsed.config, ...(wait !== undefined ? { busyTimeoutMs: Number(wait) * 1000 } : {}) };
}

function statsText(path: string, s: IndexStats): string {
  const p = s.params;
  return [
    `index ${path} (format ${s.format})`,
    `  documents     ${formatCount(s.documents)} (${formatCount(s.exactCopies)} exact copies)`,
    `  windows       ${formatCount(s.windows)} in ${formatCount(s.segments)} segments`,
    `  pairs         ${formatCount(s.pairs)}`,
    `  clusters      ${formatCount(s.clusters)}`,
    `  adds          ${formatCount(s.adds)}`,
    `  parameters    shingle ${p.shingleSize}, signature ${p.signatureSize} (${p.bands} bands × ${p.rows} rows), threshold ${p.threshold}, min length ${p.minLength}, min similarity ${p.minSimilarity}, max gap ${p.maxGap}, min coverage ${p.minCoverage}, same series ${p.sameSeries ? 'on' : 'off'}, seed ${p.seed}`,
    `  normalization ${Object.entries(p.normalization).filter(([, on]) => !on).map(([r]) => r).join(', ') || 'all rules on'}${Object.values(p.normalization).some((on) => !on) ? ' off' : ''}`,
    '',
  ].join('\n');
}

/** Run `reprints index …`. Throws CliError / ReprintsError like the main command. */
export async function runIndex(
  argv: readonly string[],
  io: { stdin: Readable | AsyncIterable<Buffer | Uint8Array>; stdout: Writable },
  messages: Messages,
): Promise<number> {
  const parsed = parseIndexArgs(argv);
  if ('kind' in parsed) {
    await streamSink(io.stdout).write(indexHelpText());
    return 0;
  }
  const { verb, path, config, busyTimeoutMs, copy } = parsed;
  const started = Date.now();
  const withInputs = verb === 'add' || verb === 'query';
  const plan = withInputs ? await planInputs(config.paths) : undefined;
  // As the main command: without --jobs, a pool starts only once the new documents are large enough
  // to repay it (a day of news is not); stats, check and export start none.
  const executor = withInputs ? corpusExecutor(config.options) : undefined;
  let index: ReprintIndex;
  try {
    index = await openIndex(path, { ...config.options, executor, create: verb === 'add', ...(busyTimeoutMs !== undefined ? { busyTimeoutMs } : {}) });
  } catch (e) {
    await executor?.close();
    throw e;
  }
  // The html report shows context around the new documents' spans (archived texts stay in the index).
  const texts = config.format === 'html' ? new Map<string, string>() : undefined;
  let sink: Sink | undefined;
  try {
    sink = config.output !== undefined ? await atomicFileSink(config.output) : streamSink(io.stdout);
    if (verb === 'check') {
      const { ok, problems, counts } = await index.check();
      for (const p of problems) messages.error(`${path}: ${p}`);
      await sink.commit();
      if (ok && counts) messages.summary(() => checkedLine(path, counts));
      return ok ? 0 : 1;
    }
    if (verb === 'backup') {
      const { bytes, documents, adds } = await index.backup(copy as string);
      await sink.commit();
      messages.summary(() => `${path}: copied to ${copy} (${(bytes / 1e6).toFixed(1)} MB; ${counted(documents, 'document')}, ${counted(adds, 'add')})`);
      return 0;
    }
    if (verb === 'stats') {
      const stats = await index.stats();
      await sink.write(config.format === 'json' || config.format === 'jsonl' ? `${JSON.stringify(stats)}\n` : statsText(path, stats));
      await sink.commit();
      return 0;
    }
    let result: ReprintsResult;
    if (verb === 'export') {
      result = await index.export();
    } else {
      const { reader, progress } = readWithProgress(plan!, { fields: config.fields, skipBadLines: config.skipBadLines, stdin: io.stdin, messages });
      const options = { skipExisting: config.flags?.['skip-existing'] === true, onProgress: progress.onEvent };
      const documents = texts ? keepTexts(reader.documents(), texts) : reader.documents();
      const r = verb === 'add' ? await index.add(documents, options) : await index.query(documents, options);
      messages.clearProgress();
      reader.reportSkipped();
      if (r.skipped.length > 0) {
        messages.warn(`${counted(r.skipped.length, 'document')} skipped: already in ${path} (first: ${JSON.stringify(r.skipped[0])})`);
      }
      if (r.merges.length > 0) messages.summary(() => mergesLine(r.merges));
      result = r;
    }
    for (const chunk of formatResult(config.format, result, { text: { maxCopies: config.maxCopies }, html: { text: (id: string) => texts?.get(id) } })) await sink.write(chunk);
    await sink.commit();
    const documents = await index.documentCount();
    messages.summary(() => indexSummaryLine(summaryLine(result, Date.now() - started), path, documents, verb === 'query'));
    return 0;
  } catch (e) {
    await sink?.abort();
    throw e;
  } finally {
    try {
      await index.close();
    } finally {
      await executor?.close();
    }
  }
}
