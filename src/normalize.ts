/**
 * Stage 1 (normalize) — normalization with an offset map.
 *
 * Each original code point is folded on its own (NFKC, case, Arabic rules, Latin diacritics,
 * separators), so every normalized UTF-16 unit knows the original code point it came from. Runs of
 * separators (punctuation, symbols, whitespace of every script) collapse to one space; leading and
 * trailing separators are dropped. Folding results are cached per rule set in a typed table, so the
 * hot loop (WebAssembly, `wasm/normalizer.wat`) is one table read per character.
 */
import { FOLD_RULES, isArabicBlock } from './folding-rules.js';
import { DEFAULT_RULES } from './options.js';
import type { NormalizationRules } from './types.js';
import { BYTES_BASE64 } from './wasm/normalizer-bytes.js';
import { aligned, type Kept, unitsWriter, WasmProgram, type WasmMemory } from './wasm-module.js';

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
  /** The normalizer `normalize` and `normalizeUnits` share for these rules (made at their first call). */
  shared?: Normalizer;
}

const folders = new Map<string, Folder>();

/** Which rules are on, as a string of 0s and 1s. */
function folderKey(rules: NormalizationRules): string {
  return Object.keys(DEFAULT_RULES)
    .map((k) => (rules[k as keyof NormalizationRules] ? '1' : '0'))
    .join('');
}

function folderFor(rules: NormalizationRules): Folder {
  const key = folderKey(rules);
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

/** Fold one original code point: '' to drop it, ' ' for a separator, else its normalized form (the table caches it). */
export function foldCodePoint(cp: number, rules: NormalizationRules): string {
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

/**
 * Write unit `c`, from the original span `[start, end)`, at `len` — after a space for the pending
 * run of separators from `sep` (when `sep` ≥ 0) — with its span when `starts` is given; returns the
 * new length.
 */
function put(codes: Uint16Array, starts: Int32Array | null, ends: Int32Array, len: number, sep: number, sepEnd: number, c: number, start: number, end: number): number {
  if (sep >= 0) {
    codes[len] = SPACE;
    if (starts) {
      starts[len] = sep;
      ends[len] = sepEnd;
    }
    len++;
  }
  codes[len] = c;
  if (starts) {
    starts[len] = start;
    ends[len] = end;
  }
  return len + 1;
}

/** Normalized units to a string (TextDecoder is native; our units are well-formed UTF-16). */
const utf16 = new TextDecoder('utf-16le');

interface Exports {
  run(text: number, from: number, n: number, table: number, codes: number, starts: number, ends: number, withMap: number): number;
}
const program = new WasmProgram<Exports>(BYTES_BASE64);

/** Byte offsets in a normalizer's memory: the loop's state (three i32), the table, then the text. */
const TABLE_AT = 16;
const TEXT_AT = TABLE_AT + 0x10000 * 4;
/** Units a normalizer's first memory has room for (in, and out with the offset map): 1.1 MB. */
const FIRST_ROOM = 1 << 16;

/**
 * A normalizer for one rule set, owning its output buffers (reused by every call): one per stage or
 * worker, so normalizers never share state.
 *
 * The loop runs in WebAssembly (`wasm/normalizer.wat`) on a memory of the normalizer's own, which
 * holds a copy of the rule set's table, the text's units and the output; the characters the table
 * does not settle alone (one not met before, an expansion into several units, a surrogate) are
 * folded here and the loop resumes after them.
 * @example
 * const n = new Normalizer({ punctuation: false });
 * n.normalize('أَهْلاً').text; // 'اهلا'
 */
export class Normalizer {
  private readonly folder: Folder;
  private memory: WasmMemory | undefined;
  private exports: Exports | undefined;
  private writeUnits: (text: string) => void = () => undefined;
  /** Units of text, and of output, the memory has room for. */
  private room = 0;
  private outRoom = 0;
  private codesAt = 0;
  private startsAt = 0;
  private endsAt = 0;
  private state = new Int32Array(0);
  private table = new Int32Array(0);
  private codes = new Uint16Array(0);
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);

  /** @param rules - rules to switch off or on; all on by default */
  constructor(rules: Partial<NormalizationRules> = {}) {
    this.folder = folderFor({ ...DEFAULT_RULES, ...rules });
  }

  /** Normalize `text` and keep the map back to original offsets (a fresh result, not a view). */
  normalize(text: string): Normalized {
    const len = this.run(text, true);
    return {
      text: utf16.decode(this.codes.subarray(0, len)),
      starts: this.starts.slice(0, len),
      ends: this.ends.slice(0, len),
    };
  }

  /**
   * Normalized UTF-16 units only, without the offset map: the fast path of the first pass, which
   * shingles and fingerprints every document. The returned view is overwritten by the next call.
   */
  units(text: string): Uint16Array {
    const len = this.run(text, false);
    return this.codes.subarray(0, len);
  }

  /**
   * Room for `textUnits` units of text and `outUnits` of output. A larger memory, when needed, is a
   * new one (see wasm-module.ts) with the rule set's table, the state and the first `keepText` units
   * of text and `keepOut` of output copied over.
   */
  private reserve(textUnits: number, outUnits: number, keepText: number, keepOut: number): void {
    if (textUnits <= this.room && outUnits <= this.outRoom) return;
    const room = textUnits <= this.room ? this.room : Math.max(textUnits, 2 * this.room, FIRST_ROOM);
    const outRoom = outUnits <= this.outRoom ? this.outRoom : Math.max(outUnits, 2 * this.outRoom, FIRST_ROOM);
    const codesAt = aligned(TEXT_AT + 2 * room);
    const startsAt = aligned(codesAt + 2 * outRoom);
    const endsAt = startsAt + 4 * outRoom;
    const { memory, exports } = program.instantiate(endsAt + 4 * outRoom);
    const { buffer } = memory;
    const state = new Int32Array(buffer, 0, 3);
    const table = new Int32Array(buffer, TABLE_AT, 0x10000);
    table.set(this.folder.table);
    const codes = new Uint16Array(buffer, codesAt, outRoom);
    const starts = new Int32Array(buffer, startsAt, outRoom);
    const ends = new Int32Array(buffer, endsAt, outRoom);
    if (this.memory) {
      state.set(this.state);
      new Uint16Array(buffer, TEXT_AT, keepText).set(new Uint16Array(this.memory.buffer, TEXT_AT, keepText));
      codes.set(this.codes.subarray(0, keepOut));
      starts.set(this.starts.subarray(0, keepOut));
      ends.set(this.ends.subarray(0, keepOut));
    }
    Object.assign(this, { memory, exports, room, outRoom, codesAt, startsAt, endsAt, state, table, codes, starts, ends });
    this.writeUnits = unitsWriter(buffer, TEXT_AT, room);
  }

  /**
   * The normalization loop: writes normalized UTF-16 units into `codes` (and, with `withMap`, their
   * original spans into `starts`/`ends`) and returns how many it wrote.
   */
  private run(text: string, withMap: boolean): number {
    const n = text.length;
    // Expansions (NFKC ligatures) can outgrow the input; capacity is re-checked for them.
    this.reserve(n, n + 2, 0, 0);
    this.writeUnits(text);
    // Nothing written; no pending run of separators, and a leading run is dropped (−2).
    this.state[0] = 0;
    this.state[1] = -2;
    this.state[2] = 0;
    for (let i = 0; ; ) {
      i = (this.exports as Exports).run(TEXT_AT, i, n, TABLE_AT, this.codesAt, this.startsAt, this.endsAt, withMap ? 1 : 0);
      if (i >= n) return this.state[0];
      i = this.fold(text, i, withMap);
    }
  }

  /**
   * Fold the code point at `i`, which the WebAssembly loop left (its table entry not computed yet,
   * an expansion, a surrogate); returns where the loop resumes.
   */
  private fold(text: string, i: number, withMap: boolean): number {
    const f = this.folder;
    const n = text.length;
    let cp = text.charCodeAt(i);
    let width = 1;
    let e: number;
    if ((cp & 0xfc00) === 0xd800 && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      cp = ((cp - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000;
      width = 2;
      e = entryFor(f, cp);
    } else {
      e = f.table[cp] || (f.table[cp] = entryFor(f, cp));
      this.table[cp] = e;
      // The loop takes a unit, a separator or a dropped unit from here, outside the surrogates.
      if (e !== MULTI && (cp & 0xf800) !== 0xd800) return i;
    }
    const { state } = this;
    let len = state[0];
    let sep = state[1];
    let sepEnd = state[2];
    // The units this code point becomes: one (from the table) or several (an expansion).
    let one = -1;
    let piece = '';
    if (e >= OFFSET) {
      one = e - OFFSET;
    } else if (e === MULTI) {
      piece = f.multi.get(cp) as string;
      this.reserve(n, len + piece.length + n - i + 2, n, len);
    } else {
      // A separator starts (or continues) a pending run; a dropped code point leaves no trace.
      if (e === SEPARATOR && sep === -1) {
        state[1] = i;
        state[2] = i + width;
      }
      return i + width;
    }
    const { codes, starts, ends } = this;
    const count = one >= 0 ? 1 : piece.length;
    for (let j = 0; j < count; j++) {
      const c = one >= 0 ? one : piece.charCodeAt(j);
      if (c === SPACE) {
        // A separator inside an expansion (NFKC '⑴' → '(1)') joins the pending run.
        if (sep === -1) {
          sep = i;
          sepEnd = i + width;
        }
        continue;
      }
      len = put(codes, withMap ? starts : null, ends, len, sep, sepEnd, c, i, i + width);
      sep = -1;
    }
    this.state[0] = len;
    this.state[1] = sep;
    this.state[2] = sepEnd;
    return i + width;
  }
}

/** The normalizer `kept` holds for these rules, or a new one kept instead (a new one unkept without `kept`). */
export function keptNormalizer(kept: Kept<Normalizer> | undefined, rules: Partial<NormalizationRules>): Normalizer {
  const make = (): Normalizer => new Normalizer(rules);
  return kept ? kept.get(folderKey({ ...DEFAULT_RULES, ...rules }), make) : make();
}

/** Normalized units as a string (`normalize(text).text` is `unitsText(normalizer.units(text))`). */
export function unitsText(units: Uint16Array): string {
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
  return sharedNormalizer(rules).normalize(text);
}

/**
 * Normalized UTF-16 units of one text, without the offset map (a fresh array; a stage that
 * normalizes many texts keeps a {@link Normalizer} instead, which reuses its buffer).
 */
export function normalizeUnits(text: string, rules: Partial<NormalizationRules> = {}): Uint16Array {
  return sharedNormalizer(rules).units(text).slice();
}

/** The functions above share one normalizer per rule set (and copy their results out of it). */
function sharedNormalizer(rules: Partial<NormalizationRules>): Normalizer {
  const folder = folderFor({ ...DEFAULT_RULES, ...rules });
  folder.shared ??= new Normalizer(rules);
  return folder.shared;
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
