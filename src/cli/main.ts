/**
 * The `reprints` command: flags → inputs → `findReprints` → formatted output. Takes argv and its I/O as
 * parameters (tests run it in-process) and returns the exit code: 0 success, 1 runtime failure,
 * 2 usage error. Only `bin/reprints.js` sets the process's exit code.
 */
import type { Readable, Writable } from 'node:stream';
import { findReprints, ReprintsError } from '../node/index.js';
import type { FindReprintsOptions, ReprintDocument, ReprintsResult } from '../node/index.js';
import { corpusExecutor, dedupHelpText, helpText, parseCliArgs, version } from './args.js';
import { runDedup } from './dedup/run.js';
import type { RunConfig } from './args.js';
import { CliError } from './cli-error.js';
import { formatResult } from './format/index.js';
import { runIndex } from './index-command.js';
import { summaryLine } from './format/text.js';
import { Messages } from './messages.js';
import { atomicFileSink, streamSink } from './output.js';
import type { Sink } from './output.js';
import { planInputs } from './readers/plan.js';
import { readWithProgress } from './readers/read-inputs.js';

/** The streams a run uses; defaults are the process's own. */
export interface CliIO {
  stdin: Readable | AsyncIterable<Buffer | Uint8Array>;
  stdout: Writable;
  stderr: Writable;
  /** Draw the progress line (default: stderr is a TTY). */
  stderrIsTTY: boolean;
}

/**
 * Run the CLI.
 * @param argv arguments after the program name
 * @param io streams to use instead of the process's
 * @returns the exit code
 * @example process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: string[], io: Partial<CliIO> = {}): Promise<number> {
  const stderr = io.stderr ?? process.stderr;
  const stdout = io.stdout ?? process.stdout;
  let messages = new Messages(stderr, { progress: false, quiet: false });
  try {
    if (argv[0] === 'index') {
      const isTTY = io.stderrIsTTY ?? (process.stderr.isTTY === true && stderr === process.stderr);
      const quiet = argv.includes('-q') || argv.includes('--quiet');
      messages = new Messages(stderr, { progress: isTTY && !quiet, quiet });
      return await runIndex(argv.slice(1), { stdin: io.stdin ?? process.stdin, stdout }, messages);
    }
    const parsed = parseCliArgs(argv);
    if (parsed.kind === 'help') {
      await streamSink(stdout).write(parsed.command === 'dedup' ? dedupHelpText() : helpText());
      return 0;
    }
    if (parsed.kind === 'version') {
      await streamSink(stdout).write(`reprints ${await version()}\n`);
      return 0;
    }
    const { config } = parsed;
    const isTTY = io.stderrIsTTY ?? (process.stderr.isTTY === true && stderr === process.stderr);
    messages = new Messages(stderr, { progress: isTTY && !config.quiet, quiet: config.quiet });
    if (parsed.kind === 'dedup') await runDedup(parsed.config, io.stdin ?? process.stdin, stdout, messages);
    else await run(parsed.config, io.stdin ?? process.stdin, stdout, messages);
    return 0;
  } catch (e) {
    messages.clearProgress();
    if (e instanceof CliError) {
      messages.error(e.message);
      return e.exitCode;
    }
    if (e instanceof ReprintsError) {
      messages.error(e.message);
      return e.code === 'INVALID_OPTION' || e.code === 'INDEX_PARAMS' || e.code === 'INDEX_MISSING' ? 2 : 1;
    }
    messages.error(`unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}

async function run(config: RunConfig, stdin: AsyncIterable<Buffer | Uint8Array>, stdout: Writable, messages: Messages): Promise<void> {
  const started = Date.now();
  const plan = await planInputs(config.paths);
  const sink: Sink = config.output !== undefined ? await atomicFileSink(config.output) : streamSink(stdout);
  const executor = corpusExecutor(config.options);
  try {
    const { reader, progress } = readWithProgress(plan, { fields: config.fields, skipBadLines: config.skipBadLines, stdin, messages });
    const options: FindReprintsOptions = { ...config.options, executor, onProgress: progress.onEvent };
    // The html report shows context around each span, so it keeps every text (the result holds passages only).
    const texts = config.format === 'html' ? new Map<string, string>() : undefined;
    const documents = texts ? keepTexts(reader.documents(), texts) : reader.documents();
    const result: ReprintsResult = await findReprints(documents, options);
    messages.clearProgress();
    reader.reportSkipped();
    const formatOptions = { text: { maxCopies: config.maxCopies }, html: { text: (id: string) => texts?.get(id) } };
    for (const chunk of formatResult(config.format, result, formatOptions)) await sink.write(chunk);
    await sink.commit();
    messages.summary(() => summaryLine(result, Date.now() - started));
  } catch (e) {
    await sink.abort();
    throw e;
  } finally {
    await executor?.close();
  }
}

/** Pass documents through, keeping each text by id. */
export async function* keepTexts(documents: AsyncIterable<ReprintDocument>, texts: Map<string, string>): AsyncGenerator<ReprintDocument> {
  for await (const d of documents) {
    texts.set(d.id, d.text);
    yield d;
  }
}
