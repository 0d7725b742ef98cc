/** main() in-process, with its I/O passed in: exit codes, stdin, progress only on a terminal. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findReprints } from '../../src/index.js';
import { main } from '../../src/cli/main.js';
import { Messages } from '../../src/cli/messages.js';
import { progressLine } from '../../src/cli/progress.js';
import { collector } from './helpers.js';

async function run(argv: string[], stdin = '', stderrIsTTY = false) {
  const stdout = collector();
  const stderr = collector();
  const code = await main(argv, { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr, stderrIsTTY });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const lines = [
  { id: 'a', series: 's1', text: 'الرياض (واس) - افتتح وزير الثقافة والإعلام اليوم معرض الرياض الدولي للكتاب بمشاركة أكثر من خمسمائة دار نشر عربية وأجنبية.' },
  { id: 'b', series: 's2', text: 'افتتح وزير الثقافة والإعلام اليوم معرض الرياض الدولي للكتاب بمشاركة أكثر من خمسمائة دار نشر عربية وأجنبية، بحسب ما ذكرت الوكالة.' },
];
const stdin = lines.map((l) => JSON.stringify(l)).join('\n');

describe('main', () => {
  it('reads stdin and prints exactly the library result as json', async () => {
    const r = await run(['-f', 'json', '--min-length', '40', '-'], stdin);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${JSON.stringify(await findReprints(lines, { minLength: 40 }))}\n`);
  });

  it('returns 2 for a usage error and 1 for bad data, with messages prefixed reprints:', async () => {
    expect(await run(['--threshold', '7', '-'])).toEqual({ code: 2, stdout: '', stderr: 'reprints: --threshold: 7 is out of range; use a number in (0, 1)\n' });
    const bad = await run(['-'], '{"id":');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^reprints: <stdin>:1: invalid JSON: /);
  });

  it('draws a progress line on a terminal stderr, and clears it before the summary', async () => {
    const r = await run(['-'], stdin, true);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('\r\x1b[Kreprints: ');
    expect(r.stderr).toMatch(/\r\x1b\[Kreprints: 2 documents read, \d+ clusters?, \d+ aligned pairs? in \d+\.\d s\n$/);
  });

  it('--quiet draws no progress even on a terminal', async () => {
    const r = await run(['-q', '-'], stdin, true);
    expect(r.stderr).toBe('');
  });
});

describe('progressLine', () => {
  it('shows documents read, the stage count with an ETA when the total is known, and elapsed time', () => {
    expect(progressLine(1200, { stage: 'align', done: 25, total: 100, ms: 1000 }, 4000)).toBe(
      '1,200 documents read · 25/100 candidate pairs aligned, ETA 3.0 s · 4.0 s',
    );
    expect(progressLine(3, { stage: 'sign', done: 2, ms: 10, chars: 1_250_000 }, 500)).toBe('3 documents read · 2 documents signed (1.3 M chars) · 0.5 s');
    expect(progressLine(0, undefined, 0)).toBe('0 documents read · 0.0 s');
  });
});

describe('Messages.progress', () => {
  it('bug (the progress line was built for every document read, even under --quiet or off a terminal): the line is made only when it is drawn', () => {
    let made = 0;
    const line = (): string => `${++made} documents read`;
    const off = collector();
    const quiet = new Messages(off, { progress: false, quiet: true });
    for (let i = 0; i < 1000; i++) quiet.progress(line);
    quiet.progress(line, true);
    expect(made).toBe(0);
    expect(off.text()).toBe('');
    const tty = collector();
    const drawn = new Messages(tty, { progress: true, quiet: false });
    for (let i = 0; i < 1000; i++) drawn.progress(line);
    // The first draws; the rest fall inside the 100 ms throttle (1,000 calls take far less), unless forced.
    expect(made).toBeGreaterThanOrEqual(1);
    expect(made).toBeLessThanOrEqual(3);
    const before = made;
    drawn.progress(line, true);
    expect(made).toBe(before + 1);
    expect(tty.text().endsWith(`reprints: ${made} documents read`)).toBe(true);
  });

  it('the closing summary is made only when it is said (not under --quiet)', () => {
    let made = 0;
    const summary = (): string => `summary ${++made}`;
    new Messages(collector(), { progress: false, quiet: true }).summary(summary);
    expect(made).toBe(0);
    const out = collector();
    new Messages(out, { progress: false, quiet: false }).summary(summary);
    expect(out.text()).toBe('reprints: summary 1\n');
  });
});
