/**
 * Stage 1 (normalize) — a compact, exact byte code for the original texts: one byte a unit for text
 * in one small alphabet.
 *
 * Non-Latin text takes two bytes a unit as a JavaScript string and two or three in UTF-8; a corpus
 * is mostly one script, whose letters lie in one block of 128 units (Arabic U+0600–U+067F,
 * Cyrillic, Greek, Hebrew …). After SCSU (Unicode Technical Standard #6, "A Standard Compression
 * Scheme for Unicode"), a window onto one such block makes them one byte each:
 *
 * - `0x00–0x7F`: that ASCII unit;
 * - `0x80–0xFE`: the unit `window + (byte − 0x80)`;
 * - `0xFF hi lo`: the unit `hi·256 + lo`; a non-ASCII unit also moves the window to its 128-unit block.
 *
 * Each text starts with no window, so any text decodes on its own. Exact for any string, lone
 * surrogates included. Used to hold a corpus's texts in memory (`TextStore`) and, deflated, to store
 * them in the persistent index.
 */

import { BYTES_BASE64 } from './wasm/text-coder-bytes.js';
import { unitsWriter, WasmProgram, type WasmMemory } from './wasm-module.js';

const ESCAPE = 0xff;
/** Code units decoded per slice (one `TextDecoder` or `String.fromCharCode` call each). */
export const DECODE_SLICE = 4096;

/** Most bytes `encodeInto` writes for a text of `units` UTF-16 units. */
export function maxEncodedLength(units: number): number {
  return 3 * units;
}

interface Exports {
  encode(units: number, n: number, out: number): number;
}
const program = new WasmProgram<Exports>(BYTES_BASE64);

/**
 * The thread's encoder (`wasm/text-coder.wat`: 1.9 ns a unit on Arabic news, copies in and out
 * included, against 4.5 as JavaScript): its memory holds a text's units, then their code.
 */
class Encoder {
  private room = 0;
  private memory: WasmMemory | undefined;
  private exports: Exports | undefined;
  private writeUnits: (text: string) => void = () => undefined;

  encodeInto(text: string, out: Uint8Array, at: number): number {
    const n = text.length;
    if (n > this.room || !this.memory) {
      // A larger memory and a new instance, not a grown memory (see wasm-module.ts).
      this.room = Math.max(n, 2 * this.room, 1 << 16);
      ({ memory: this.memory, exports: this.exports } = program.instantiate(5 * this.room));
      this.writeUnits = unitsWriter(this.memory.buffer, 0, this.room);
    }
    this.writeUnits(text);
    const written = (this.exports as Exports).encode(0, n, 2 * this.room);
    out.set(new Uint8Array((this.memory as WasmMemory).buffer, 2 * this.room, written), at);
    return at + written;
  }
}
let encoder: Encoder | undefined;

/** Encode `text` into `out` from byte `at` (room for {@link maxEncodedLength}); returns the end. */
export function encodeInto(text: string, out: Uint8Array, at: number): number {
  encoder ??= new Encoder();
  return encoder.encodeInto(text, out, at);
}

/** `text` encoded (a new array of its exact length). */
export function encodeText(text: string): Uint8Array {
  const out = new Uint8Array(maxEncodedLength(text.length));
  return out.slice(0, encodeInto(text, out, 0));
}

/**
 * Decode the text encoded in `bytes[at, end)`.
 * @param scratch - units decoded per slice (reused by a caller that decodes many)
 */
export function decodeFrom(bytes: Uint8Array, at: number, end: number, scratch = new Uint16Array(DECODE_SLICE)): string {
  return decodeRun(bytes, at, end, -1, Infinity, scratch);
}

/**
 * Units `start .. end` of the text whose code begins at byte `at`, as a string of their own (the
 * units before `start` are read for the window, not built).
 */
export function decodeUnits(
  bytes: Uint8Array,
  at: number,
  start: number,
  end: number,
  scratch = new Uint16Array(DECODE_SLICE),
): string {
  // Skip `start` units: one byte each, but an escape's three (found by the native indexOf).
  let window = -1;
  for (let left = start; left > 0; ) {
    const run = bytes.subarray(at, at + left).indexOf(ESCAPE);
    if (run < 0) {
      at += left;
      break;
    }
    at += run;
    window = ((bytes[at + 1] << 8) | bytes[at + 2]) & 0xff80;
    at += 3;
    left -= run + 1;
  }
  return decodeRun(bytes, at, bytes.length, window, end - start, scratch);
}

/** Decodes a slice of units with no surrogate (TextDecoder would replace a lone one by U+FFFD). */
const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });

/** Decode from byte `at`, in window `window`, until byte `end` or `units` units, whichever first. */
function decodeRun(bytes: Uint8Array, at: number, end: number, window: number, units: number, scratch: Uint16Array): string {
  let s = '';
  while (at < end && units > 0) {
    let j = 0;
    // A window on a surrogate block makes surrogates without an escape.
    let surrogates = (window & 0xf800) === 0xd800 ? 1 : 0;
    for (; j < scratch.length && at < end && j < units; j++) {
      const byte = bytes[at++];
      if (byte < 0x80) {
        scratch[j] = byte;
      } else if (byte !== ESCAPE) {
        scratch[j] = window + (byte - 0x80);
      } else {
        if (at + 2 > end) throw new Error(`encoded text cut short at byte ${at - 1}`);
        const u = (bytes[at] << 8) | bytes[at + 1];
        at += 2;
        scratch[j] = u;
        window = u & 0xff80;
        if ((u & 0xf800) === 0xd800) surrogates++;
      }
    }
    units -= j;
    const slice = j === scratch.length ? scratch : scratch.subarray(0, j);
    s += surrogates === 0 ? utf16.decode(slice) : String.fromCharCode.apply(null, slice as unknown as number[]);
  }
  return s;
}

/** The text {@link encodeText} encoded. */
export function decodeText(bytes: Uint8Array): string {
  return decodeFrom(bytes, 0, bytes.length);
}
