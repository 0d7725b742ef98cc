/**
 * Stage 5 (cluster) — dates as instants, so the copies of a cluster are ordered by when they were published, not by how
 * their dates are spelled (`Fri, 10 Aug 2018` sorts before `Mon, 02 Apr 2018` as a string).
 *
 * Accepted forms (surrounding whitespace ignored):
 * - ISO 8601 / RFC 3339, extended or basic: `2018-04-06`, `2018-04`, `2018`, `20180406`,
 *   `2018-04-06T20:55:22Z`, `2018-04-06 20:55:22.5+03:00`, `20180406T205522+0300`; hours and minutes
 *   may come alone (`T20:55`, `T20`), fractions of a second are kept to the millisecond. A date or
 *   time without an offset is taken as UTC (the engine cannot know the publisher's zone, and the
 *   same string must give the same order on every machine).
 * - RFC 2822 / RFC 5322 (e-mail and RSS): `Fri, 06 Apr 2018 20:55:22 GMT`, day name optional,
 *   seconds optional, zones `+hhmm`/`-hhmm`, `UT`, `GMT`, `Z`, the US zones (`EST`, `EDT`, `CST`,
 *   `CDT`, `MST`, `MDT`, `PST`, `PDT`), other military letters as UTC (as RFC 5322 says); a
 *   trailing comment such as `(UTC)` is ignored; two- and three-digit years as RFC 5322 reads them.
 * - Epoch time, a string of digits (optionally signed, with a fraction): seconds when its absolute
 *   value is below 10^11 (before the year 5138), milliseconds otherwise. Exactly four digits are an
 *   ISO year and exactly eight an ISO basic date (`20180406`), not epoch time.
 * Anything else — and a field out of range (month 13, 31 April, 25:00) — is unparseable: `NaN`.
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

const DAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

/** RFC 5322 zone names and their offsets from UTC in minutes. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0,
  edt: -4 * 60, est: -5 * 60, cdt: -5 * 60, cst: -6 * 60, mdt: -6 * 60, mst: -7 * 60, pdt: -7 * 60, pst: -8 * 60,
};

const ISO_EXTENDED =
  /^([+-]\d{6}|\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?(Z|[+-]\d{2}(?:\d{2})?)?)?$/i;
const RFC_2822 =
  /^(?:([a-z]{3})[a-z]*\s*,?\s*)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[a-z]{1,5})?\s*(?:\([^()]*\))?$/i;
const EPOCH = /^[+-]?\d+(?:\.\d+)?$/;

function daysIn(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0); // day 0 of the next month: the last day of this one
  return d.getUTCDate();
}

/** Instant of the given UTC fields less an offset (minutes), or NaN when a field is out of range. */
function instant(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number,
): number {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return NaN;
  if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0 || ms > 0))) return NaN;
  // A leap second (:60) is read as the last millisecond of its minute, so it still sorts in place.
  const leap = second === 60;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, leap ? 59 : second, leap ? 999 : ms);
  return d.getTime() - offsetMinutes * 60_000;
}

/** `Z`, `+hh`, `+hhmm` or `+hh:mm` as minutes east of UTC; NaN when out of range. */
function isoOffset(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const h = Number(digits.slice(0, 2));
  const m = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (h > 23 || m > 59) return NaN;
  return sign * (h * 60 + m);
}

const fraction = (f: string | undefined): number => (f ? Math.floor(Number(`0.${f}`) * 1000) : 0);

/** Fields of an ISO match: year, month, day, hour, minute, second, fraction, zone (from index 1). */
function parseIso(m: ReadonlyArray<string | undefined>): number {
  const offset = isoOffset(m[8]);
  if (Number.isNaN(offset)) return NaN;
  return instant(
    Number(m[1] as string),
    m[2] ? Number(m[2]) : 1,
    m[3] ? Number(m[3]) : 1,
    m[4] ? Number(m[4]) : 0,
    m[5] ? Number(m[5]) : 0,
    m[6] ? Number(m[6]) : 0,
    fraction(m[7]),
    offset,
  );
}

function parseRfc2822(m: RegExpExecArray): number {
  const [, dayName, day, monthName, yearText, hour, minute, second, zone] = m;
  if (dayName && !DAYS.has(dayName.toLowerCase())) return NaN;
  const month = MONTHS[monthName.toLowerCase()];
  if (!month) return NaN;
  let year = Number(yearText);
  // RFC 5322 4.3: a two-digit year is 1950–2049; a three-digit one is 1900 + it.
  if (yearText.length === 2) year += year < 50 ? 2000 : 1900;
  else if (yearText.length === 3) year += 1900;
  let offset = 0;
  if (zone) {
    if (zone[0] === '+' || zone[0] === '-') {
      const h = Number(zone.slice(1, 3));
      const mm = Number(zone.slice(3, 5));
      if (mm > 59) return NaN;
      offset = (zone[0] === '-' ? -1 : 1) * (h * 60 + mm);
    } else {
      const z = zone.toLowerCase();
      if (z in ZONES) offset = ZONES[z];
      else if (z.length === 1 && z !== 'j') offset = 0; // military zones: RFC 5322 reads them as -0000
      else return NaN;
    }
  }
  return instant(year, month, Number(day), Number(hour), Number(minute), second ? Number(second) : 0, 0, offset);
}

/**
 * The instant a date string names, in milliseconds since 1970-01-01T00:00:00Z.
 *
 * @param date - an ISO 8601 date or date-time (with or without offset; without one, UTC), an
 *   RFC 2822 date, or epoch seconds or milliseconds as a string of digits (see the module comment)
 * @returns milliseconds since the epoch, or `NaN` when the string is none of these
 * @example
 * parseDate('2018-04-06T23:55:22+03:00') === parseDate('Fri, 06 Apr 2018 20:55:22 GMT'); // true
 * parseDate('1523048122'); // 1523048122000 (epoch seconds)
 * parseDate('yesterday');  // NaN
 */
export function parseDate(date: string): number {
  const s = date.trim();
  if (s.length === 0 || s.length > 80) return NaN;
  if (EPOCH.test(s) && !/^\d{4}$|^\d{8}$/.test(s)) {
    const n = Number(s);
    const ms = Math.abs(n) < 1e11 ? n * 1000 : n;
    // The range of a JavaScript Date: ±8.64e15 ms.
    return Math.abs(ms) <= 8.64e15 ? Math.floor(ms) : NaN;
  }
  let m = ISO_EXTENDED.exec(s);
  if (m) return parseIso(m);
  m = ISO_BASIC.exec(s);
  if (m) return parseIso(m);
  m = RFC_2822.exec(s);
  if (m) return parseRfc2822(m);
  return NaN;
}

/**
 * Each document's instant for ordering copies: milliseconds since the epoch, `Infinity` when it is
 * undated or its date does not parse (see {@link parseDate}).
 */
export function dateInstants(dates: ReadonlyArray<string | undefined>): Float64Array {
  const at = new Float64Array(dates.length);
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i];
    const t = d === undefined ? NaN : parseDate(d);
    at[i] = Number.isNaN(t) ? Infinity : t;
  }
  return at;
}

/**
 * Rank of each document for ordering copies, from its instant ({@link dateInstants}): earliest first,
 * ties (and the undated, last) in input order.
 * @returns rank[i] = position of document i in that order
 */
export function instantRanks(at: Float64Array): Int32Array {
  return ranksByInstant(Array.from({ length: at.length }, (_, i) => i), (d) => at[d], at.length);
}

/**
 * {@link instantRanks} of the documents `docs` only (their instants `at(d)`), in an array of
 * `length`: each is ranked among them as among all documents; the others are left 0. Sorts `docs`
 * in place.
 */
export function ranksByInstant(docs: number[], at: (d: number) => number, length: number): Int32Array {
  docs.sort((x, y) => (at(x) < at(y) ? -1 : at(x) > at(y) ? 1 : x - y));
  const rank = new Int32Array(length);
  docs.forEach((doc, r) => (rank[doc] = r));
  return rank;
}

/**
 * Rank of each document for ordering copies: earliest instant first, then undated documents and
 * those whose date does not parse, each group in input order.
 * @param dates - each document's date string, or undefined
 * @returns rank[i] = position of document i in that order
 */
export function dateRanks(dates: ReadonlyArray<string | undefined>): Int32Array {
  return instantRanks(dateInstants(dates));
}
