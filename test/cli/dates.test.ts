/** Dates in the CLI: copies ordered by instant across formats, one warning for dates that do not parse. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { collector } from './helpers.js';

async function run(argv: string[], stdin: string) {
  const stdout = collector();
  const stderr = collector();
  const code = await main(argv, { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr, stderrIsTTY: false });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const story =
  'افتتح وزير الثقافة والإعلام اليوم معرض الرياض الدولي للكتاب بمشاركة أكثر من خمسمائة دار نشر عربية وأجنبية، ويستمر المعرض عشرة أيام وسط إقبال كبير من الزوار والمثقفين من داخل المملكة وخارجها.';

describe('reprints: dates', () => {
  it('orders copies by instant (RFC 2822 August after RFC 2822 April, epoch, ISO with offset), keeps the strings, warns once for unparseable dates', async () => {
    const records = [
      { id: 'aug', series: 'a', date: 'Fri, 10 Aug 2018 09:00:00 GMT', text: `الرياض - ${story}` },
      { id: 'bad1', series: 'b', date: 'قبل ساعة', text: `جدة - ${story}` },
      { id: 'apr', series: 'c', date: 'Mon, 02 Apr 2018 12:00:00 +0300', text: `مكة - ${story}` },
      { id: 'epoch', series: 'd', date: 1525132800, text: `الدمام - ${story}` },
      { id: 'bad2', series: 'e', date: '32/13/2018', text: `أبها - ${story}` },
      { id: 'iso', series: 'f', date: '2018-04-02T10:00:00+02:00', text: `تبوك - ${story}` },
    ];
    const stdin = records.map((r) => JSON.stringify(r)).join('\n');
    const r = await run(['-f', 'jsonl', '--min-length', '60', '-q', '-'], stdin);
    expect(r.code).toBe(0);
    const clusters = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(clusters.length).toBe(1);
    expect(clusters[0].passages.map((p: { doc: string }) => p.doc)).toEqual(['iso', 'apr', 'epoch', 'aug', 'bad1', 'bad2']);
    expect(clusters[0].passages.map((p: { date?: string }) => p.date)).toEqual([
      '2018-04-02T10:00:00+02:00', 'Mon, 02 Apr 2018 12:00:00 +0300', '1525132800', 'Fri, 10 Aug 2018 09:00:00 GMT', 'قبل ساعة', '32/13/2018',
    ]);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('date'));
    expect(warnings).toEqual([
      'reprints: warning: 2 documents have dates that could not be read (first: <stdin>:2: "قبل ساعة"); they sort after the dated copies, as undated. Dates are read as ISO 8601, RFC 2822 or epoch seconds/milliseconds (see --date-field)',
    ]);
  });

  it('says nothing about dates when they all parse', async () => {
    const stdin = [
      { id: 'x', date: '2018-04-02', text: `الرياض - ${story}` },
      { id: 'y', date: 'Mon, 02 Apr 2018 12:00:00 GMT', text: `جدة - ${story}` },
    ].map((r) => JSON.stringify(r)).join('\n');
    const r = await run(['-f', 'json', '--min-length', '60', '-q', '-'], stdin);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
