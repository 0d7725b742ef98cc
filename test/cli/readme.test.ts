/** What the README states that the code determines: the CLI options and dedup defaults, the browser build's size. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_COVERAGE_COPY, paramFlags, shownDefault } from '../../src/cli/args.js';
import { DEFAULT_MAX_COPIES } from '../../src/cli/format/text.js';
import { ROOT } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The default cell of the table row documenting `flag`. */
function defaultCell(flag: string): string | undefined {
  const row = readme.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${flag}`));
  return row?.split('|')[2]?.trim();
}

describe('README options table', () => {
  it('is in the README', () => {
    expect(readme).toContain('`--threshold T`');
  });

  it('shows every parameter flag with the default the engine resolves', () => {
    for (const p of paramFlags()) expect([`--${p.flag}`, defaultCell(`--${p.flag} ${p.value}`)]).toEqual([`--${p.flag}`, shownDefault(p)]);
  });

  it('shows the --max-copies default', () => {
    expect(defaultCell('--max-copies N')).toBe(String(DEFAULT_MAX_COPIES));
  });
});

describe('README dedup table', () => {
  it('shows the defaults dedup uses', () => {
    expect(defaultCell('--min-coverage-copy C')).toBe(String(DEFAULT_MIN_COVERAGE_COPY));
    expect(defaultCell('--keep RULE')).toBe('`earliest`');
    expect(readme).toContain(`\`--min-coverage-copy\` (default ${DEFAULT_MIN_COVERAGE_COPY})`);
  });
});

describe('README browser build', () => {
  it('bug (the README gave 111 KB and 39 KB gzipped for a build grown to 125 KB and 44 KB): states its size within 5 %', () => {
    const bundle = join(ROOT, 'dist', 'browser', 'reprints.js');
    expect(existsSync(bundle), 'npm test builds dist first (pretest)').toBe(true);
    const stated = /— (\d+) KB minified, (\d+) KB\s+gzipped/.exec(readme);
    expect(stated, 'the size sentence of "In a browser"').not.toBeNull();
    const bytes = readFileSync(bundle);
    const kb = (n: number) => n / 1024;
    expect(Math.abs(Number(stated![1]) - kb(bytes.length)) / kb(bytes.length)).toBeLessThan(0.05);
    expect(Math.abs(Number(stated![2]) - kb(gzipSync(bytes).length)) / kb(gzipSync(bytes).length)).toBeLessThan(0.05);
  });
});
