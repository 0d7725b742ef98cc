/**
 * Stage 1 — normalization with an offset map.
 *
 * Each original code point is folded on its own (NFKC, case, Arabic rules, Latin diacritics,
 * separators), so every normalized UTF-16 unit knows the original code point it came from. Runs of
 * separators (punctuation, symbols, whitespace of every script) collapse to one space; leading and
 * trailing separators are dropped. Folding results are cached per rule set in a typed table, so the
 * hot loop is one array read per character.
 */
import { FOLD_RULES, isArabicBlock } from './folding-rules.js';
import { DEFAULT_RULES } from './options.js';
import type { NormalizationRules } from './types.js';

/**
 * Normalized text with its map back to the original: normalized unit `i` came from the original
 * code point at `[starts[i], ends[i])` (UTF-16 offsets, end exclusive).
 */
export interface Normalized {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
}

const SPACE = 0x20;
/** Table entries: 0 = not computed yet, DROP, SEPARATOR, MULTI (look in `multi`), else code + OFFSET. */
const DROP = 1;
const SEPARATOR = 2;
const MULTI = 3;
const OFFSET = 4;

const SEPARATOR_CLASS = /^[\p{P}\p{S}]$/u;
const SPACE_CLASS = /^[\s\p{Z}\p{Cc}]$/u;
const FORMAT_CLASS = /^\p{Cf}$/u;
const MARK_CLASS = /^\p{M}$/u;

interface Folder {
  /** Entry per BMP code unit. */
  table: Int32Array;
  /** Results longer than one unit (and every astral code point). */
  multi: Map<number, string>;
  rules: NormalizationRules;
}

const folders = new Map<string, Folder>();

function folderFor(rules: NormalizationRules): Folder {
  const key = Object.keys(DEFAULT_RULES)
    .map((k) => (rules[k as keyof NormalizationRules] ? '1' : '0'))
    .join('');
  let f = folders.get(key);
  if (!f) {
    f = { table: new Int32Array(0x10000), multi: new Map(), rules };
    folders.set(key, f);
  }
  return f;
}

/** Apply the data-table rules to one code point: the replacement, -1 to drop, or the code point. */
function applyRules(cp: number, rules: NormalizationRules): number {
  for (const r of FOLD_RULES) {
    if (!rules[r.rule]) continue;
    for (const [lo, hi] of r.ranges) {
      if (cp >= lo && cp <= hi) {
        if (r.to === null) return -1;
        return typeof r.to === 'number' ? r.to : r.to(cp);
      }
    }
  }
  return cp;
}

/** Fold one original code point: '' to drop it, ' ' for a separator, else its normalized form. */
function foldCodePoint(cp: number, rules: NormalizationRules): string {
  // A lone surrogate is not text: it separates.
  if (cp >= 0xd800 && cp <= 0xdfff) return ' ';
  let s = String.fromCodePoint(cp);
  if (rules.nfkc) s = s.normalize('NFKC');
  if (rules.caseFold) s = s.toLowerCase();
  let out = '';
  for (const ch of s) {
    let c = ch.codePointAt(0) as number;
    c = applyRules(c, rules);
    if (c < 0) continue;
    let piece = String.fromCodePoint(c);
    if (rules.latinDiacritics && !isArabicBlock(c)) {
      piece = [...piece.normalize('NFD')].filter((x) => !MARK_CLASS.test(x)).join('');
    }
    for (const x of piece) {
      if (SPACE_CLASS.test(x) || (rules.punctuation && SEPARATOR_CLASS.test(x))) out += ' ';
      else if (FORMAT_CLASS.test(x)) continue; // bidi marks, ZWJ/ZWNJ, soft hyphen: invisible
      else out += x;
    }
  }
  // Separators inside an expansion collapse like any other run.
  return out.replace(/ +/g, ' ');
}

/** The table entry of a code point; astral ones are cached (as strings) in `multi` only. */
function entryFor(f: Folder, cp: number): number {
  let s = f.multi.get(cp);
  if (s === undefined) {
    s = foldCodePoint(cp, f.rules);
    if (s.length > 1 || cp >= 0x10000) f.multi.set(cp, s);
  }
  if (s.length === 0) return DROP;
  if (s === ' ') return SEPARATOR;
  if (s.length === 1 && cp < 0x10000) return s.charCodeAt(0) + OFFSET;
  return MULTI;
}

/** Scratch buffers reused across calls (the engine is single-threaded per module instance). */
let codes = new Uint16Array(1 << 16);
let starts = new Int32Array(1 << 16);
let ends = new Int32Array(1 << 16);

function ensureCapacity(cap: number, withMap: boolean): void {
  if (codes.length < cap) {
    const c = new Uint16Array(Math.max(cap, codes.length * 2));
    c.set(codes);
    codes = c;
  }
  if (withMap && starts.length < codes.length) {
    const s = new Int32Array(codes.length);
    s.set(starts);
    starts = s;
    const e = new Int32Array(codes.length);
    e.set(ends);
    ends = e;
  }
}

/** Write one normalized unit at `at` (and its original span, with the map); returns `at + 1`. */
function put(at: number, code: number, withMap: boolean, from: number, to: number): number {
  codes[at] = code;
  if (withMap) {
    starts[at] = from;
    ends[at] = to;
  }
  return at + 1;
}

/**
 * The normalization loop: writes normalized UTF-16 units into the scratch `codes` (and, with
 * `withMap`, their original spans into `starts`/`ends`) and returns how many it wrote.
 */
function normalizeInto(text: string, f: Folder, withMap: boolean): number {
  const { table, multi } = f;
  const n = text.length;
  // Expansions (NFKC ligatures) can outgrow the input; capacity is re-checked for them.
  ensureCapacity(n + 2, withMap);
  let len = 0;
  // Start of a pending run of separators, or -1; -2 before the first character (leading run dropped).
  let sep = -2;
  let sepEnd = 0;
  for (let i = 0; i < n; ) {
    let cp = text.charCodeAt(i);
    let width = 1;
    let e: number;
    if ((cp & 0xfc00) === 0xd800 && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      cp = ((cp - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000;
      width = 2;
      e = entryFor(f, cp);
    } else {
      e = table[cp];
      if (e === 0) e = table[cp] = entryFor(f, cp);
    }
    if (e >= OFFSET) {
      if (sep >= 0) len = put(len, SPACE, withMap, sep, sepEnd);
      len = put(len, e - OFFSET, withMap, i, i + width);
      sep = -1;
    } else if (e === SEPARATOR) {
      if (sep === -1) {
        sep = i;
        sepEnd = i + width;
      }
    } else if (e === MULTI) {
      const piece = multi.get(cp) as string;
      ensureCapacity(len + piece.length + n - i + 2, withMap);
      for (let j = 0; j < piece.length; j++) {
        const c = piece.charCodeAt(j);
        if (c === SPACE) {
          // A separator inside an expansion (NFKC '⑴' → '(1)') joins the pending run.
          if (sep === -1) {
            sep = i;
            sepEnd = i + width;
          }
          continue;
        }
        if (sep >= 0) len = put(len, SPACE, withMap, sep, sepEnd);
        len = put(len, c, withMap, i, i + width);
        sep = -1;
      }
    }
    i += width;
  }
  return len;
}

const utf16 = new TextDecoder('utf-16le');

/** A string of normalized units (TextDecoder is native; our units are well-formed UTF-16). */
function unitsToString(units: Uint16Array): string {
  return utf16.decode(units);
}

/**
 * Normalize `text` for matching and keep the map back to original offsets.
 *
 * @param text - original text (any string, lone surrogates included)
 * @param rules - rules to switch off or on; all on by default
 * @returns the normalized text and, per normalized unit, its original span
 * @example
 * const text = 'أَهْلاً،  World!';
 * const n = normalize(text);
 * n.text; // 'اهلا world'
 * text.slice(n.starts[5], n.ends[9]); // 'World'
 */
export function normalize(text: string, rules: Partial<NormalizationRules> = {}): Normalized {
  const len = normalizeInto(text, folderFor({ ...DEFAULT_RULES, ...rules }), true);
  return { text: unitsToString(codes.subarray(0, len)), starts: starts.slice(0, len), ends: ends.slice(0, len) };
}

/**
 * Normalized UTF-16 units only, without the offset map: the fast path of the first pass, which
 * shingles and fingerprints every document. The returned view is overwritten by the next call.
 */
export function normalizeUnits(text: string, rules: NormalizationRules): Uint16Array {
  const len = normalizeInto(text, folderFor(rules), false);
  return codes.subarray(0, len);
}

/**
 * Map a span of normalized text back to the original text: `[start, end)` of normalized units to
 * `[originalStart, originalEnd)` in UTF-16 offsets. Separators at either end of the span are left
 * out; a span of nothing but separators maps to an empty span.
 */
export function toOriginal(n: Normalized, start: number, end: number): [number, number] {
  while (start < end && n.text.charCodeAt(start) === SPACE) start++;
  while (end > start && n.text.charCodeAt(end - 1) === SPACE) end--;
  if (end <= start) {
    const at = start < n.starts.length ? n.starts[start] : n.ends.length ? n.ends[n.ends.length - 1] : 0;
    return [at, at];
  }
  return [n.starts[start], n.ends[end - 1]];
}

const OPENING = /[\p{Ps}\p{Pi}\p{Pf}"'«]/u;
const CLOSING = /[\p{Pe}\p{Pf}\p{Pi}\p{Po}"'»]/u;

/**
 * Widen an original span over the punctuation that touches it (opening quotes and brackets before,
 * closing quotes, brackets and stops after), so a reported quote keeps its quotation marks.
 */
export function widenToPunctuation(text: string, start: number, end: number): [number, number] {
  while (start > 0 && OPENING.test(text[start - 1])) start--;
  while (end < text.length && CLOSING.test(text[end])) end++;
  return [start, end];
}
