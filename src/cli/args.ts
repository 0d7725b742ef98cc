/**
 * Command-line flags → a run configuration. Every engine parameter has a flag; their defaults in `--help`
 * are read from `DEFAULT_OPTIONS` and `resolveOptions({})`, never retyped. Option values are checked here
 * by the engine's own `resolveOptions`, so a bad flag fails before any input is read.
 */
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { DEFAULT_RULES, ReprintsError, resolveOptions } from '../index.js';
import type { FindReprintsOptions, NormalizationRules, ResolvedParams } from '../index.js';
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

/** Everything a run needs, parsed and validated. */
export interface RunConfig {
  /** Input paths in the order given; `-` is JSON lines on stdin. */
  paths: string[];
  format: Format;
  /** Write here atomically instead of stdout. */
  output?: string;
  fields: FieldNames;
  /** Engine options (validated), without `onProgress`. */
  options: FindReprintsOptions;
  skipBadLines: boolean;
  quiet: boolean;
  /** Text format: most copies listed per cluster (0: all). */
  maxCopies: number;
}

export type ParsedArgs = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; config: RunConfig };

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
    'no-normalize': { type: 'string', multiple: true },
    'skip-bad-lines': { type: 'boolean' },
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
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: parseOptions(), allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const m = /^Unknown option '([^']+)'/.exec(err.message);
    if (m) throw usageError(`unknown option ${m[1]}; see reprints --help`);
    throw usageError(`${err.message.replace(/\.$/, '')}; see reprints --help`);
  }
  const { values, positionals } = parsed;
  const str = (name: string) => values[name] as string | undefined;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const format = (str('format') ?? 'text') as Format;
  if (!FORMATS.includes(format)) {
    throw usageError(`--format: ${JSON.stringify(str('format'))} is not a format; use one of ${FORMATS.join(', ')}`);
  }
  if (positionals.length === 0) {
    throw usageError('no input given; name folders, files, or - for JSON lines on stdin (see reprints --help)');
  }
  if (positionals.filter((p) => p === '-').length > 1) {
    throw usageError('- (stdin) is given more than once');
  }
  const output = str('output');
  if (output !== undefined && output.trim() === '') {
    throw usageError('--output: give a file name');
  }

  const rawMax = str('max-copies');
  let maxCopies = DEFAULT_MAX_COPIES;
  if (rawMax !== undefined) {
    if (!/^\d+$/.test(rawMax.trim())) throw usageError(`--max-copies: ${JSON.stringify(rawMax)} is not a whole number; use 0 (all) or more`);
    maxCopies = Number(rawMax);
  }

  const options: FindReprintsOptions = {};
  for (const p of paramFlags()) {
    const raw = str(p.flag);
    if (raw !== undefined) (options as Record<string, unknown>)[p.option] = parseNumber(p, raw);
  }
  if (values['same-series']) options.sameSeries = true;
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
                          csv (an aligned pair a row)
  -o, --output FILE       write to FILE atomically (temp file, then rename) instead of stdout
      --max-copies N      text format: list at most N copies per cluster, 0 for all (default: ${DEFAULT_MAX_COPIES})

JSON fields:
      --id-field NAME     field holding the document id (default: id)
      --text-field NAME   field holding the text (default: text)
      --series-field NAME field holding the outlet or series (default: series)
      --date-field NAME   field holding the date: ISO 8601, RFC 2822 or epoch s/ms (default: date)

Matching:
${params.join('\n')}
      --same-series       also pair documents of the same series (default: ${d.sameSeries ? 'on' : 'off'})
      --no-normalize LIST switch normalization rules off: all, or some of
                          ${rules}

Bad input:
      --skip-bad-lines    skip malformed JSON lines with a warning instead of failing

General:
  -q, --quiet             no progress line and no summary (warnings are still shown)
  -h, --help              show this help
      --version           show the version

Examples:
  reprints examples/seeds
  reprints articles.jsonl.gz --series-field series -f jsonl | jq -c '[.passages[].doc]'
  zcat dump.jsonl.gz | reprints - --id-field url --text-field content --series-field source -f csv -o pairs.csv

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
