/** Flags → run configuration (in-process; the engine's own resolveOptions validates values). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, resolveOptions } from '../../src/index.js';
import { flagMessage, helpText, paramFlags, parseCliArgs, parseRules, shownDefault } from '../../src/cli/args.js';
import type { RunConfig } from '../../src/cli/args.js';
import { CliError } from '../../src/cli/cli-error.js';
import { DEFAULT_MAX_COPIES } from '../../src/cli/format/text.js';

function config(argv: string[]): RunConfig {
  const parsed = parseCliArgs(argv);
  if (parsed.kind !== 'run') throw new Error(`expected a run, got ${parsed.kind}`);
  return parsed.config;
}

function usage(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(2);
    return (e as CliError).message;
  }
  throw new Error('expected a usage error');
}

describe('parseCliArgs', () => {
  it('defaults: text format, stdout, id/text/series/date fields, no engine options (the engine fills them)', () => {
    expect(config(['corpus'])).toEqual({
      paths: ['corpus'],
      format: 'text',
      fields: { id: 'id', text: 'text', series: 'series', date: 'date' },
      options: {},
      skipBadLines: false,
      quiet: false,
      maxCopies: DEFAULT_MAX_COPIES,
    });
  });

  it('--max-copies takes a whole number, 0 for all', () => {
    expect(config(['x', '--max-copies', '0']).maxCopies).toBe(0);
    expect(config(['x', '--max-copies', '5']).maxCopies).toBe(5);
    expect(usage(['x', '--max-copies=-1'])).toBe('--max-copies: "-1" is not a whole number; use 0 (all) or more');
  });

  it('maps every parameter flag to its engine option', () => {
    const c = config([
      'x', '--threshold', '0.3', '--shingle-size', '5', '--bands', '16', '--rows', '4', '--min-length', '120',
      '--min-similarity', '0.8', '--seed', '42', '--same-series', '--no-normalize', 'alef,digits',
    ]);
    expect(c.options).toEqual({
      threshold: 0.3, shingleSize: 5, bands: 16, rows: 4, minLength: 120, minSimilarity: 0.8, seed: 42,
      sameSeries: true, normalization: { alef: false, digits: false },
    });
  });

  it('--mode reuse sets the engine mode; another value is a usage error naming both modes', () => {
    expect(config(['x', '--mode', 'reuse']).options).toEqual({ mode: 'reuse' });
    expect(config(['x', '--mode', 'default']).options).toEqual({ mode: 'default' });
    expect(usage(['x', '--mode', 'fast'])).toBe('--mode: "fast" is not a mode; use default or reuse');
  });

  it('offers a flag for every numeric engine default, so no parameter is unreachable', () => {
    const options = new Set(paramFlags().map((p) => p.option));
    for (const [key, value] of Object.entries(DEFAULT_OPTIONS)) if (typeof value === 'number') expect(options).toContain(key);
    expect(options).toContain('bands');
    expect(options).toContain('rows');
    expect(options).toContain('signatureSize');
  });

  it('reads inputs, format, output, fields and switches', () => {
    const c = config(['-f', 'csv', '-o', 'out.csv', '--id-field', 'url', '--text-field', 'content', '--series-field', 'source',
      '--date-field', 'date_extracted', '--skip-bad-lines', '-q', 'a', '-', 'b.jsonl']);
    expect(c).toMatchObject({
      paths: ['a', '-', 'b.jsonl'], format: 'csv', output: 'out.csv', skipBadLines: true, quiet: true,
      fields: { id: 'url', text: 'content', series: 'source', date: 'date_extracted' },
    });
  });

  it('--help and --version win over everything else', () => {
    expect(parseCliArgs(['--help', '--threshold', '7'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['--version'])).toEqual({ kind: 'version' });
  });

  it('an out-of-range value names the flag and the allowed range', () => {
    expect(usage(['x', '--threshold', '7'])).toBe('--threshold: 7 is out of range; use a number in (0, 1)');
    expect(usage(['x', '--shingle-size', '1'])).toBe('--shingle-size: 1 is out of range; use an integer from 2 to 32');
  });

  it('a value that is not a number names the flag and the allowed range', () => {
    expect(usage(['x', '--min-length', 'long'])).toBe('--min-length: "long" is not a number; use an integer from 20 to 1000000');
    expect(usage(['x', '--threshold', '0x1'])).toMatch(/^--threshold: "0x1" is not a number/);
  });

  it('bands × rows against the signature size names the flags', () => {
    expect(usage(['x', '--bands', '4', '--rows', '8', '--signature-size', '64'])).toBe(
      '--bands × --rows (4 × 8 = 32) must equal --signature-size (64); drop --signature-size or change --bands/--rows',
    );
  });

  it('unknown flags, formats, rules and missing inputs are usage errors', () => {
    expect(usage(['--treshold', '0.5', 'x'])).toBe('unknown option --treshold; see reprints --help');
    expect(usage(['-f', 'xml', 'x'])).toBe('--format: "xml" is not a format; use one of text, json, jsonl, csv, html');
    expect(usage(['--no-normalize', 'alif', 'x'])).toMatch(/^--no-normalize: unknown rule "alif"; use all or some of nfkc, case-fold/);
    expect(usage([])).toMatch(/^no input given/);
    expect(usage(['-', '-'])).toBe('- (stdin) is given more than once');
    expect(usage(['x', '--threshold'])).toMatch(/argument missing; see reprints --help$/);
  });
});

describe('parseRules', () => {
  it('accepts camelCase and kebab-case rule names and "all"', () => {
    expect(parseRules(['caseFold', 'teh-marbuta'])).toEqual({ caseFold: false, tehMarbuta: false });
    expect(Object.values(parseRules(['all'])).every((on) => on === false)).toBe(true);
    expect(Object.keys(parseRules(['all'])).sort()).toEqual(Object.keys(resolveOptions({}).normalization).sort());
  });
});

describe('flagMessage', () => {
  it('rewrites engine option names into flags', () => {
    expect(flagMessage('option bands: 100 exceeds signatureSize (64); give a smaller value or a larger signatureSize')).toBe(
      '--bands: 100 exceeds --signature-size (64); give a smaller value or a larger --signature-size',
    );
  });
});

describe('helpText', () => {
  it('shows every default as the engine resolves it, never retyped', () => {
    const help = helpText();
    for (const p of paramFlags()) expect(help).toContain(`--${p.flag} ${p.value}`);
    for (const p of paramFlags()) expect(help).toContain(`(default: ${shownDefault(p)})`);
    expect(help).toContain(`(default: ${DEFAULT_OPTIONS.threshold})`);
    expect(help).toContain(`from threshold: ${resolveOptions({}).bands}`);
  });

  it('shows four examples (one writes the html report) and the exit codes', () => {
    const examples = helpText().split('Examples:\n')[1].split('\n\n')[0].split('\n');
    expect(examples).toHaveLength(4);
    expect(examples[1]).toBe('  reprints examples/seeds -f html -o report.html');
    expect(examples.every((l) => l.trimStart().startsWith('reprints ') || l.includes('| reprints -'))).toBe(true);
    expect(helpText()).toContain('Exit codes: 0 success, 1 runtime failure');
  });
});

describe('parseCliArgs dedup', () => {
  it('defaults: earliest, 0.9, stdout, same-series on; shares the field and engine flags', () => {
    const parsed = parseCliArgs(['dedup', 'a.jsonl', '--id-field', 'url', '--min-length', '80']);
    expect(parsed).toEqual({
      kind: 'dedup',
      config: {
        paths: ['a.jsonl'],
        fields: { id: 'url', text: 'text', series: 'series', date: 'date' },
        options: { minLength: 80, sameSeries: true },
        skipBadLines: false,
        quiet: false,
        minCoverageCopy: 0.9,
        keep: 'earliest',
      },
    });
  });

  it('reads -o, --removed, --min-coverage-copy 1 and --keep', () => {
    const parsed = parseCliArgs(['dedup', '-', '-o', 'k.jsonl', '--removed', 'r.jsonl', '--min-coverage-copy', '1', '--keep', 'longest']);
    expect(parsed.kind === 'dedup' && parsed.config).toMatchObject({ paths: ['-'], output: 'k.jsonl', removed: 'r.jsonl', minCoverageCopy: 1, keep: 'longest' });
  });

  it('has its own help, and the main help points to it', () => {
    expect(parseCliArgs(['dedup', '--help'])).toEqual({ kind: 'help', command: 'dedup' });
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
  });
});
