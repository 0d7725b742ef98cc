import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateRanks, parseDate } from '../src/dates.js';
import { findReprints } from '../src/pipeline.js';
import { prng, vocabulary } from './helpers/prng.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => Date.UTC(y, mo - 1, d, h, mi, s, ms);

describe('parseDate', () => {
  it('reads ISO 8601 dates and date-times, with or without offset (none: UTC), extended and basic', () => {
    const t = utc(2018, 4, 6, 20, 55, 22);
    for (const s of [
      '2018-04-06T20:55:22Z',
      '2018-04-06T20:55:22.000Z',
      '2018-04-06 20:55:22',
      '2018-04-06T23:55:22+03:00',
      '2018-04-06T23:55:22+0300',
      '2018-04-06T22:55:22+02',
      '2018-04-06T15:25:22-05:30',
      '20180406T205522Z',
      '20180406T235522+0300',
      '  2018-04-06t20:55:22z ',
    ]) {
      expect(parseDate(s), s).toBe(t);
    }
    expect(parseDate('2018-04-06')).toBe(utc(2018, 4, 6));
    expect(parseDate('20180406')).toBe(utc(2018, 4, 6));
    expect(parseDate('2018-04')).toBe(utc(2018, 4, 1));
    expect(parseDate('2018')).toBe(utc(2018, 1, 1));
    expect(parseDate('2018-04-06T20:55')).toBe(utc(2018, 4, 6, 20, 55));
    expect(parseDate('2018-04-06T20:55:22.1234Z')).toBe(utc(2018, 4, 6, 20, 55, 22, 123));
    expect(parseDate('2016-12-31T23:59:60Z')).toBe(utc(2016, 12, 31, 23, 59, 59, 999)); // leap second
    expect(parseDate('2018-04-06T24:00:00Z')).toBe(utc(2018, 4, 7));
    expect(parseDate('0099-01-01')).toBe(new Date('0099-01-01T00:00:00Z').getTime()); // not 1999
  });

  it('reads RFC 2822 dates: day name optional, seconds optional, numeric and named zones, comments', () => {
    const t = utc(2018, 4, 6, 20, 55, 22);
    for (const s of [
      'Fri, 06 Apr 2018 20:55:22 GMT',
      'Fri, 6 Apr 2018 20:55:22 +0000',
      '06 Apr 2018 20:55:22 UT',
      'Fri, 06 Apr 2018 23:55:22 +0300',
      'Fri, 06 Apr 2018 16:55:22 EDT',
      'Fri, 06 Apr 2018 13:55:22 PDT',
      'Friday, 06 April 2018 20:55:22 Z',
      'Fri, 06 Apr 2018 20:55:22 +0000 (UTC)',
      'Fri, 06 Apr 18 20:55:22 GMT',
      'Fri, 06 Apr 2018 20:55:22',
    ]) {
      expect(parseDate(s), s).toBe(t);
    }
    expect(parseDate('Fri, 06 Apr 2018 20:55 GMT')).toBe(utc(2018, 4, 6, 20, 55));
    expect(parseDate('Tue, 01 Jan 99 00:00:00 GMT')).toBe(utc(1999, 1, 1));
  });

  it('reads epoch seconds and milliseconds from strings of digits', () => {
    expect(parseDate('1523048122')).toBe(utc(2018, 4, 6, 20, 55, 22));
    expect(parseDate('1523048122000')).toBe(utc(2018, 4, 6, 20, 55, 22));
    expect(parseDate('1523048122.5')).toBe(utc(2018, 4, 6, 20, 55, 22, 500));
    expect(parseDate('0')).toBe(0);
    expect(parseDate('-86400')).toBe(-86_400_000);
  });

  it('gives NaN for anything else and for fields out of range', () => {
    for (const s of [
      '', ' ', 'yesterday', 'n/a', '2018-13-01', '2018-04-31', '2018-02-29', '2018-04-06T25:00:00Z', '2018-04-06T20:61',
      '2018-04-06T20:55:22+25:00', '31 Apr 2018 10:00:00 GMT', 'Fri, 06 Foo 2018 20:55:22 GMT', 'Fre, 06 Apr 2018 20:55:22 GMT',
      'Fri, 06 Apr 2018 20:55:22 XYZ', '06/04/2018', '2018-4-6', '1e12', '99999999999999999999', 'NaN', 'Infinity',
    ]) {
      expect(parseDate(s), s).toBeNaN();
    }
    expect(parseDate('2020-02-29')).toBe(utc(2020, 2, 29));
  });

  it('agrees with Date for every instant, as ISO, as RFC 2822 (toUTCString), with an offset, and as epoch (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000_000, max: 4_000_000_000_000 }), fc.integer({ min: -14 * 60, max: 14 * 60 }), (ms, offset) => {
        const d = new Date(ms);
        expect(parseDate(d.toISOString())).toBe(ms);
        expect(parseDate(d.toUTCString())).toBe(ms - (ms % 1000 + 1000) % 1000);
        expect(parseDate(String(ms))).toBe(Math.abs(ms) < 1e11 ? ms * 1000 : ms);
        // The same instant written in another zone.
        const off = Math.round(offset / 15) * 15;
        const local = new Date(ms + off * 60_000).toISOString().slice(0, 23);
        const sign = off < 0 ? '-' : '+';
        const hhmm = `${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`;
        expect(parseDate(`${local}${sign}${hhmm}`)).toBe(ms);
      }),
      { numRuns: 500, seed: 21 },
    );
  });
});

describe('dateRanks', () => {
  it('orders by instant across formats — Fri, 10 Aug 2018 after Mon, 02 Apr 2018 — undated and unparseable last, ties in input order', () => {
    const dates = [
      'Fri, 10 Aug 2018 09:00:00 GMT', // 0
      undefined, // 1
      'Mon, 02 Apr 2018 12:00:00 +0300', // 2
      '2018-05-01', // 3
      'not a date', // 4
      '1525132800', // 5: 2018-05-01T00:00:00Z, same instant as 3
      '2018-04-02T08:59:59Z', // 6: one second before 2
    ];
    const rank = dateRanks(dates);
    const order = Array.from(rank).map((_, i) => i).sort((x, y) => rank[x] - rank[y]);
    expect(order).toEqual([6, 2, 3, 5, 0, 1, 4]);
  });
});

describe('findReprints orders copies by the instant of their dates', () => {
  const r = prng(41);
  const vocab = vocabulary(r);
  const story = Array.from({ length: 120 }, () => vocab[Math.floor(r() * vocab.length)]).join(' ');
  const intro = (n: number) => Array.from({ length: 15 }, () => vocab[Math.floor(r() * vocab.length)]).join(' ') + ` ${n}.\n`;

  it('earliest copy first whatever the date format; the original strings are kept; unparseable and undated last', async () => {
    const docs = [
      { id: 'aug', text: intro(1) + story, date: 'Fri, 10 Aug 2018 09:00:00 GMT' },
      { id: 'bad', text: intro(2) + story, date: 'sometime in 2018' },
      { id: 'apr', text: intro(3) + story, date: 'Mon, 02 Apr 2018 12:00:00 +0300' },
      { id: 'none', text: intro(4) + story },
      { id: 'may-epoch', text: intro(5) + story, date: '1525132800000' },
      { id: 'apr-iso', text: intro(6) + story, date: '2018-04-02T10:00:00+02:00' }, // 08:00Z, before apr's 09:00Z
    ];
    const res = await findReprints(docs);
    expect(res.clusters.length).toBe(1);
    expect(res.clusters[0].passages.map((p) => p.doc)).toEqual(['apr-iso', 'apr', 'may-epoch', 'aug', 'bad', 'none']);
    expect(res.documents.map((d) => d.date)).toEqual(docs.map((d) => d.date));
    const rank = new Map(res.clusters[0].passages.map((p, i) => [p.doc, i]));
    for (const p of res.pairs) expect(rank.get(p.a.doc)!).toBeLessThan(rank.get(p.b.doc)!);
  });
});
