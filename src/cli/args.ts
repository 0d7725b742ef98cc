/**
 * Command-line flags → a run configuration. Every engine parameter has a flag; their defaults in `--help`
 * are read from `DEFAULT_OPTIONS` and `resolveOptions({})`, never retyped. Option values are checked here
 * by the engine's own `resolveOptions`, so a bad flag fails before any input is read.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { DEFAULT_RULES, ReprintsError, resolveOptions } from '../index.js';
import type { FindReprintsOptions, NormalizationRules, ResolvedParams } from '../index.js';
import type { DeferredExecutor } from '../executor.js';
import { deferredPool, POOL_MIN_CHARS } from '../node/pool.js';
import { usageError } from './cli-error.js';
import { FORMATS, type Format } from './format/index.js';
import { DEFAULT_MAX_COPIES } from './format/text.js';

/** Names of the JSON fields a record is read from. */
export interface FieldNames {
  id: string;
  text: string;
  series: string;
  date: string;
}

/** Worker threads when `--jobs` is not given: the machine's available parallelism. */
export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * The executor of a command that reads a whole corpus (the main command, `dedup`): without `--jobs`,
 * the machine's threads on a pool started only once the input is large enough to repay it
 * ({@link deferredPool}); with `--jobs N`, none (the engine makes its own pool of N). Close it when done.
 */
export function corpusExecutor(options: FindReprintsOptions): DeferredExecutor | undefined {
  const jobs = defaultJobs();
  return options.workers === undefined && options.executor === undefined && jobs > 1 ? deferredPool({ threads: jobs }) : undefined;
}

/** Everything a run needs, parsed and validated. */
export interface RunConfig {
  /** Input paths in the order given; `-` is JSON lines on stdin. */
  paths: string[];
  format: Format;
  /** Write here atomically instead of stdout. */
  output?: string;
  fields: FieldNames;
  /** Engine options (validated), without `onProgress`; `workers` when `--jobs` is given. */
  options: FindReprintsOptions;
  skipBadLines: boolean;
  quiet: boolean;
  /** Text format: most copies listed per cluster (0: all). */
  maxCopies: number;
  /** A subcommand's extra boolean flags ({@link ParseMode.booleans}). */
  flags?: Record<string, boolean>;
  /** A subcommand's extra flags with values ({@link ParseMode.strings}; `undefined`: not given). */
  values?: Record<string, string | undefined>;
}

/** How a subcommand parses the shared flags (`reprints index …`). */
export interface ParseMode {
  /** Whether input paths are expected (default true); false: none is allowed. */
  inputs?: boolean;
  /** Usage message when inputs are missing (or, with `inputs: false`, given). */
  noInput?: string;
  /** Extra boolean flags of the subcommand, returned in `flags`. */
  booleans?: string[];
  /** Extra flags of the subcommand that take a value, returned in `values` (checked by the subcommand). */
  strings?: string[];
}

export type ParsedArgs =
  | { kind: 'help'; command?: 'dedup' }
  | { kind: 'version' }
  | { kind: 'run'; config: RunConfig }
  | { kind: 'dedup'; config: DedupConfig };

/** A flag that sets one numeric engine parameter. */
export interface ParamFlag {
  flag: string;
  /** The `FindReprintsOptions` field it sets. */
  option: string;
  short?: string;
  /** Placeholder of the value in `--help`. */
  value: string;
  meaning: string;
  /** The default as shown in `--help`, from the engine's resolved defaults. */
  shownDefault?: (defaults: ResolvedParams) => string;
}

/**
 * Numeric engine parameters and their flags. A parameter the engine does not know (not in
 * `resolveOptions({})`) gets no flag, so the CLI never offers what the library would reject.
 */
const ALL_PARAM_FLAGS: ParamFlag[] = [
  { flag: 'threshold', short: 't', option: 'threshold', value: 'T', meaning: 'Jaccard similarity LSH should flag, in (0, 1)' },
  { flag: 'shingle-size', short: 'k', option: 'shingleSize', value: 'K', meaning: 'character shingle size' },
  { flag: 'signature-size', option: 'signatureSize', value: 'N', meaning: 'MinHash signature size (= bands × rows)' },
  { flag: 'bands', option: 'bands', value: 'B', meaning: 'LSH bands', shownDefault: (d) => `from threshold: ${d.bands}` },
  { flag: 'rows', option: 'rows', value: 'R', meaning: 'LSH rows per band', shownDefault: (d) => `from threshold: ${d.rows}` },
  { flag: 'min-length', option: 'minLength', value: 'N', meaning: 'shortest passage reported, normalized chars' },
  { flag: 'min-similarity', option: 'minSimilarity', value: 'S', meaning: 'lowest similarity of a reported pair, 0–1' },
  { flag: 'max-gap', option: 'maxGap', value: 'N', meaning: 'largest gap bridged in one passage, normalized chars' },
  { flag: 'min-coverage', option: 'minCoverage', value: 'C', meaning: 'least share of a passage in exact shared shingles, 0–1' },
  { flag: 'seed', option: 'seed', value: 'N', meaning: 'seed of the hash functions' },
];

/** The engine's defaults, every derived parameter included. */
let defaults: ResolvedParams | undefined;
function engineDefaults(): ResolvedParams {
  defaults ??= resolveOptions({});
  return defaults;
}

/** The numeric parameter flags this engine supports, in `--help` order. */
export function paramFlags(): ParamFlag[] {
  const defaults = engineDefaults() as unknown as Record<string, unknown>;
  return ALL_PARAM_FLAGS.filter((p) => typeof defaults[p.option] === 'number');
}

/** The default of a parameter flag, as `--help` and the README show it. */
export function shownDefault(p: ParamFlag): string {
  const defaults = engineDefaults();
  return p.shownDefault ? p.shownDefault(defaults) : String((defaults as unknown as Record<string, unknown>)[p.option]);
}

type Option = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

function parseOptions(): Record<string, Option> {
  const options: Record<string, Option> = {
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    'max-copies': { type: 'string' },
    'id-field': { type: 'string' },
    'text-field': { type: 'string' },
    'series-field': { type: 'string' },
    'date-field': { type: 'string' },
    'same-series': { type: 'boolean' },
    mode: { type: 'string' },
    'no-normalize': { type: 'string', multiple: true },
    'skip-bad-lines': { type: 'boolean' },
    jobs: { type: 'string', short: 'j' },
    quiet: { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' },
  };
  for (const p of paramFlags()) options[p.flag] = { type: 'string', ...(p.short ? { short: p.short } : {}) };
  return options;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Engine option name → flag name, for error messages (`minLength` → `--min-length`). */
function flagOf(option: string): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Engine option names that may appear in its messages, and the flag for each. */
const OPTION_NAMES = [...ALL_PARAM_FLAGS.map((p) => p.option), 'sameSeries'];
const OPTION_WORD = new RegExp(`(?<![-\\w.])(${OPTION_NAMES.join('|')})\\b`, 'g');

/**
 * Rewrite an engine `INVALID_OPTION` message to name flags instead of options
 * (`option threshold: 7 is out of range; …` → `--threshold: 7 is out of range; …`).
 */
export function flagMessage(message: string): string {
  return message
    .replace(/^option normalization\.(\w+)/, (_m, rule: string) => `--no-normalize ${kebab(rule)}`)
    .replace(/^options? /, '')
    .replace(OPTION_WORD, (name) => flagOf(name));
}

/** Allowed range of a numeric option, as the engine words it (`a number in (0, 1)`). */
function rangeOf(option: string): string {
  try {
    resolveOptions({ [option]: Number.NaN });
  } catch (e) {
    const m = /; use (.*)$/.exec((e as Error).message);
    if (m) return m[1];
  }
  return 'a number';
}

function parseNumber(p: ParamFlag, raw: string): number {
  if (!DECIMAL.test(raw.trim())) {
    throw usageError(`--${p.flag}: ${JSON.stringify(raw)} is not a number; use ${rangeOf(p.option)}`);
  }
  return Number(raw);
}

/** `alef,digits` / `case-fold` / `all` → rule switches turned off. */
export function parseRules(lists: readonly string[]): Partial<NormalizationRules> {
  const known = Object.keys(DEFAULT_RULES) as (keyof NormalizationRules)[];
  const off: Partial<NormalizationRules> = {};
  for (const list of lists) {
    for (const raw of list.split(',')) {
      const name = raw.trim();
      if (name === '') continue;
      if (name === 'all') {
        for (const rule of known) off[rule] = false;
        continue;
      }
      const camel = name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
      const rule = known.find((r) => r.toLowerCase() === camel.toLowerCase());
      if (!rule) {
        throw usageError(`--no-normalize: unknown rule ${JSON.stringify(name)}; use all or some of ${known.map(kebab).join(', ')}`);
      }
      off[rule] = false;
    }
  }
  return off;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * Parse argv (without `node` and the script). Validates every engine option through `resolveOptions`.
 * @throws {CliError} exit code 2 for unknown flags, bad values, missing inputs.
 */
export function parseCliArgs(argv: readonly string[], mode: ParseMode = {}): ParsedArgs {
  if (argv[0] === 'dedup' && !mode.booleans && mode.inputs === undefined) return parseDedupArgs(argv.slice(1));
  const flagSpec = parseOptions();
  for (const flag of mode.booleans ?? []) flagSpec[flag] = { type: 'boolean' };
  for (const flag of mode.strings ?? []) flagSpec[flag] = { type: 'string' };
  const { values, positionals } = parseFlags(argv, flagSpec, 'reprints --help');
  const str = (name: string) => values[name] as string | undefined;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const format = (str('format') ?? 'text') as Format;
  if (!FORMATS.includes(format)) {
    throw usageError(`--format: ${JSON.stringify(str('format'))} is not a format; use one of ${FORMATS.join(', ')}`);
  }
  if (mode.inputs === false) {
    if (positionals.length > 0) {
      throw usageError(`unexpected argument ${JSON.stringify(positionals[0])}${mode.noInput ? `; ${mode.noInput}` : ''}`);
    }
  } else if (positionals.length === 0 && mode.noInput) {
    throw usageError(mode.noInput);
  } else checkInputs(positionals, 'reprints --help');
  const output = fileFlag(values, 'output');

  const rawMax = str('max-copies');
  let maxCopies = DEFAULT_MAX_COPIES;
  if (rawMax !== undefined) {
    if (!/^\d+$/.test(rawMax.trim())) throw usageError(`--max-copies: ${JSON.stringify(rawMax)} is not a whole number; use 0 (all) or more`);
    maxCopies = Number(rawMax);
  }

  const { options, fields } = engineSettings(values);
  return {
    kind: 'run',
    config: {
      paths: positionals,
      format,
      ...(output !== undefined ? { output } : {}),
      fields,
      options,
      skipBadLines: values['skip-bad-lines'] === true,
      quiet: values.quiet === true,
      maxCopies,
      ...(mode.booleans ? { flags: Object.fromEntries(mode.booleans.map((f) => [f, values[f] === true])) } : {}),
      ...(mode.strings ? { values: Object.fromEntries(mode.strings.map((f) => [f, str(f)])) } : {}),
    },
  };
}

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** Run `node:util` parseArgs, turning its errors into usage errors that point at `help`. */
function parseFlags(argv: readonly string[], options: Record<string, Option>, help: string): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true }) as { values: Values; positionals: string[] };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const m = /^Unknown option '([^']+)'/.exec(err.message);
    if (m) throw usageError(`unknown option ${m[1]}; see ${help}`);
    throw usageError(`${err.message.replace(/\.$/, '')}; see ${help}`);
  }
}

function checkInputs(positionals: readonly string[], help: string): void {
  if (positionals.length === 0) {
    throw usageError(`no input given; name folders, files, or - for JSON lines on stdin (see ${help})`);
  }
  if (positionals.filter((p) => p === '-').length > 1) {
    throw usageError('- (stdin) is given more than once');
  }
}

/** The value of a flag naming an output file, checked not to be empty. */
function fileFlag(values: Values, flag: string): string | undefined {
  const file = values[flag] as string | undefined;
  if (file !== undefined && file.trim() === '') throw usageError(`--${flag}: give a file name`);
  return file;
}

/** Engine options (validated by the engine) and JSON field names from the flags both commands share. */
function engineSettings(values: Values): { options: FindReprintsOptions; fields: FieldNames } {
  const str = (name: string) => values[name] as string | undefined;
  const rawJobs = str('jobs');
  let workers: number | undefined;
  if (rawJobs !== undefined) {
    if (!/^\d+$/.test(rawJobs.trim()) || Number(rawJobs) < 1 || Number(rawJobs) > 1024) {
      throw usageError(`--jobs: ${JSON.stringify(rawJobs)} is not a whole number from 1 to 1024`);
    }
    workers = Number(rawJobs);
  }

  const options: FindReprintsOptions = workers !== undefined ? { workers } : {};
  for (const p of paramFlags()) {
    const raw = str(p.flag);
    if (raw !== undefined) (options as Record<string, unknown>)[p.option] = parseNumber(p, raw);
  }
  if (values['same-series']) options.sameSeries = true;
  const mode = str('mode');
  if (mode !== undefined) {
    if (mode !== 'default' && mode !== 'reuse') throw usageError(`--mode: ${JSON.stringify(mode)} is not a mode; use default or reuse`);
    options.mode = mode;
  }
  if (values['no-normalize']) options.normalization = parseRules(values['no-normalize'] as string[]);
  try {
    resolveOptions(options);
  } catch (e) {
    if (e instanceof ReprintsError) throw usageError(flagMessage(e.message));
    throw e;
  }

  const fields: FieldNames = {
    id: str('id-field') ?? 'id',
    text: str('text-field') ?? 'text',
    series: str('series-field') ?? 'series',
    date: str('date-field') ?? 'date',
  };
  for (const [flag, name] of Object.entries(fields)) {
    if (name === '') throw usageError(`--${flag}-field: give a field name`);
  }
  return { options, fields };
}

/** Which copy of a family `dedup` keeps. */
export const KEEP = ['earliest', 'first', 'longest'] as const;

/** Default of `dedup --min-coverage-copy`. */
export const DEFAULT_MIN_COVERAGE_COPY = 0.9;

/** Everything a `dedup` run needs, parsed and validated. */
export interface DedupConfig {
  paths: string[];
  /** Kept records go here atomically (default: stdout). */
  output?: string;
  /** One line per removed document goes here atomically. */
  removed?: string;
  fields: FieldNames;
  /** Engine options (validated); `sameSeries` is always on: a copy inside one series is a copy too. */
  options: FindReprintsOptions;
  skipBadLines: boolean;
  quiet: boolean;
  /** Least share of a document covered by one kept document for it to be removed, in (0, 1]. */
  minCoverageCopy: number;
  keep: (typeof KEEP)[number];
}

/**
 * Parse `reprints dedup …` argv (after `dedup`).
 * @throws {CliError} exit code 2 for unknown flags, bad values, missing inputs.
 */
export function parseDedupArgs(argv: readonly string[]): ParsedArgs {
  const flags = parseOptions();
  delete flags.format;
  delete flags['max-copies'];
  delete flags['same-series'];
  flags.removed = { type: 'string' };
  flags['min-coverage-copy'] = { type: 'string' };
  flags.keep = { type: 'string' };
  const { values, positionals } = parseFlags(argv, flags, 'reprints dedup --help');
  if (values.help) return { kind: 'help', command: 'dedup' };
  if (values.version) return { kind: 'version' };
  checkInputs(positionals, 'reprints dedup --help');
  const output = fileFlag(values, 'output');
  const removed = fileFlag(values, 'removed');
  if (output !== undefined && removed !== undefined && output === removed) {
    throw usageError(`--output and --removed name the same file ${output}; give two files`);
  }
  const rawCoverage = values['min-coverage-copy'] as string | undefined;
  let minCoverageCopy = DEFAULT_MIN_COVERAGE_COPY;
  if (rawCoverage !== undefined) {
    minCoverageCopy = Number(rawCoverage);
    if (!DECIMAL.test(rawCoverage.trim()) || !(minCoverageCopy > 0 && minCoverageCopy <= 1)) {
      throw usageError(`--min-coverage-copy: ${JSON.stringify(rawCoverage)} is not a share; use a number in (0, 1]`);
    }
  }
  const keep = (values.keep as string | undefined) ?? 'earliest';
  if (!(KEEP as readonly string[]).includes(keep)) {
    throw usageError(`--keep: ${JSON.stringify(keep)} is not a rule; use one of ${KEEP.join(', ')}`);
  }
  const { options, fields } = engineSettings(values);
  options.sameSeries = true;
  return {
    kind: 'dedup',
    config: {
      paths: positionals,
      ...(output !== undefined ? { output } : {}),
      ...(removed !== undefined ? { removed } : {}),
      fields,
      options,
      skipBadLines: values['skip-bad-lines'] === true,
      quiet: values.quiet === true,
      minCoverageCopy,
      keep: keep as DedupConfig['keep'],
    },
  };
}

/** The `--help` text. Defaults come from the engine. */
export function helpText(): string {
  const d = engineDefaults();
  const rules = Object.keys(DEFAULT_RULES).map(kebab).join(', ');
  const row = (left: string, meaning: string) => `  ${left.padEnd(24)}${meaning}`;
  const params = paramFlags().map((p) =>
    row(`${p.short ? `-${p.short}, ` : '    '}--${p.flag} ${p.value}`, `${p.meaning} (default: ${shownDefault(p)})`),
  );
  return `Usage: reprints [options] <path>...
       reprints dedup [options] <path>...   (the corpus without its copies: reprints dedup --help)

Find passages reprinted across a corpus of texts and print each cluster of copies
with the exact spans (UTF-16 offsets into the original text).

Inputs (any mix, read in the order given):
  folder                  every .txt and .md file below it; id = path relative to the folder
  file.txt                any other single file is read as text; id = the path as given
  file.jsonl              JSON lines (also .ndjson, .jsonl.gz, .ndjson.gz), one document a line
  file.json               a JSON array of document objects (also .json.gz)
  -                       JSON lines on stdin

Output:
  -f, --format F          text (default), json (the library result), jsonl (a cluster a line),
                          csv (an aligned pair a row), html (one self-contained page to read in a
                          browser: clusters, copies by date, side-by-side differences)
  -o, --output FILE       write to FILE atomically (temp file, then rename) instead of stdout
      --max-copies N      text format: list at most N copies per cluster, 0 for all (default: ${DEFAULT_MAX_COPIES})

JSON fields:
      --id-field NAME     field holding the document id (default: id)
      --text-field NAME   field holding the text (default: text)
      --series-field NAME field holding the outlet or series (default: series)
      --date-field NAME   field holding the date: ISO 8601, RFC 2822 or epoch s/ms (default: date)

Matching:
      --mode M            default (reprints, near-duplicates: same words in the same order) or
                          reuse (also reordered and reworded reuse: shuffled words or phrases,
                          synonyms; slower) (default: ${d.mode})
${params.join('\n')}
      --same-series       also pair documents of the same series (default: ${d.sameSeries ? 'on' : 'off'})
      --no-normalize LIST switch normalization rules off: all, or some of
                          ${rules}

Bad input:
      --skip-bad-lines    skip malformed JSON lines with a warning instead of failing

General:
  -j, --jobs N            worker threads for signing, LSH and alignment; the output is the same
                          for any N (default: the available parallelism, here ${defaultJobs()}, started
                          once the input passes ${POOL_MIN_CHARS / 1e6} M characters; a smaller one runs on one thread)
  -q, --quiet             no progress line and no summary (warnings are still shown)
  -h, --help              show this help
      --version           show the version

Examples:
  reprints examples/seeds
  reprints examples/seeds -f html -o report.html
  reprints articles.jsonl.gz --series-field series -f jsonl | jq -c '[.passages[].doc]'
  zcat dump.jsonl.gz | reprints - --id-field url --text-field content --series-field source -f csv -o pairs.csv

Persistent index (add each day's documents, get what they reprint from the archive):
  reprints index add|query|stats|export|check INDEX [path...]   (see reprints index --help)

Exit codes: 0 success, 1 runtime failure (bad data, I/O), 2 usage error (bad flag, missing path).
`;
}

/** The `dedup --help` text. */
export function dedupHelpText(): string {
  return `Usage: reprints dedup [options] <path>... [-o kept.jsonl] [--removed removed.jsonl]

Write the input records back, unchanged and in input order, without the documents that are
copies of another. A document is a copy when aligned passages of one kept document cover at
least --min-coverage-copy of its text (non-whitespace characters). A document goes only in
favour of one --keep prefers, of a copy of it in turn, or of one it is at least half of: a
short original that a later article quotes stays (under --keep earliest). In a family of
copies the fewest documents that stand for all the others are kept, --keep breaking ties;
every removed document names the kept one it copies. Documents of one series are compared too.

Inputs, JSON fields, matching and bad-input flags are those of reprints (see reprints --help).
A JSON record is written as read (an array element on one line); a text file as {"id","text"}.

Output:
  -o, --output FILE       kept records, written atomically (default: stdout)
      --removed FILE      one JSON line per removed document, written atomically:
                          {"id", "kept", "coverage", "similarity"}
      --min-coverage-copy C  least share of a document covered by one kept document for it to
                          be removed, in (0, 1] (default: ${DEFAULT_MIN_COVERAGE_COPY})
      --keep RULE         which copy stands for its family, and in whose favour a contained
                          text may go: earliest (by date, then input order; the default),
                          first (input order), longest (most text)

Example:
  reprints dedup articles.jsonl.gz -o kept.jsonl --removed removed.jsonl

Exit codes: 0 success, 1 runtime failure (bad data, I/O), 2 usage error (bad flag, missing path).
`;
}

/** The package version, read from the package.json above this module (src/cli or dist). */
export async function version(): Promise<string> {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(await readFile(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'reprints' && pkg.version) return pkg.version;
    } catch {
      // not here; try one folder up
    }
  }
  return 'unknown';
}
