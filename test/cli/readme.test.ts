/** The CLI options table in the README states the defaults the engine really uses. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paramFlags, shownDefault } from '../../src/cli/args.js';
import { DEFAULT_MAX_COPIES } from '../../src/cli/format/text.js';
import { ROOT } from './helpers.js';

/** README.cli.md until it is merged into README.md; whichever holds the options table. */
const readme = ['README.cli.md', 'README.md']
  .map((f) => join(ROOT, f))
  .filter((f) => existsSync(f))
  .map((f) => readFileSync(f, 'utf8'))
  .find((text) => text.includes('`--threshold T`'));

/** The default cell of the table row documenting `flag`. */
function defaultCell(flag: string): string | undefined {
  const row = readme?.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${flag}`));
  return row?.split('|')[2]?.trim();
}

describe.skipIf(readme === undefined)('README options table', () => {
  it('shows every parameter flag with the default the engine resolves', () => {
    for (const p of paramFlags()) expect([`--${p.flag}`, defaultCell(`--${p.flag} ${p.value}`)]).toEqual([`--${p.flag}`, shownDefault(p)]);
  });

  it('shows the --max-copies default', () => {
    expect(defaultCell('--max-copies N')).toBe(String(DEFAULT_MAX_COPIES));
  });
});
