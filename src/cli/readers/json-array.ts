/**
 * Stream the elements of a top-level JSON array without holding the whole file: a byte scanner finds
 * where each element starts and ends (tracking strings, escapes and nesting), and only that element's
 * bytes are kept and handed on to `JSON.parse`. JSON's structural characters are ASCII, and UTF-8
 * multi-byte sequences never contain ASCII bytes, so scanning bytes is exact.
 */

/** The file is not a JSON array at all (or is cut short); `line` is where the scanner stopped. */
export class ArraySyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.name = 'ArraySyntaxError';
    this.line = line;
  }
}

/** One element's bytes and the line it starts on. */
export interface Element {
  bytes: Buffer;
  line: number;
}

/** Scanner states. */
const START = 0; // before `[`
const BEFORE_ELEMENT = 1; // after `[` or `,`
const IN_ELEMENT = 2;
const END = 3; // after the closing `]`

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Elements of the array in order.
 * @throws {ArraySyntaxError} when the text is not `[ … ]` or ends inside the array.
 */
export async function* arrayElements(chunks: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<Element> {
  let state = START;
  let line = 1;
  let first = true; // no element seen yet (so `]` closes an empty array)
  let depth = 0;
  let inString = false;
  let escaped = false;
  let pieces: Buffer[] = [];
  let elementLine = 1;

  for await (const raw of chunks) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let start = state === IN_ELEMENT ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 0x0a) line++;
      if (state === IN_ELEMENT) {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === 0x5c /* \ */) escaped = true;
          else if (b === 0x22 /* " */) inString = false;
        } else if (b === 0x22) {
          inString = true;
        } else if (b === 0x7b /* { */ || b === 0x5b /* [ */) {
          depth++;
        } else if ((b === 0x7d /* } */ || b === 0x5d /* ] */) && depth > 0) {
          depth--;
        } else if (depth === 0 && (b === 0x2c /* , */ || b === 0x5d)) {
          pieces.push(chunk.subarray(start, i));
          yield { bytes: Buffer.concat(pieces), line: elementLine };
          pieces = [];
          start = -1;
          first = false;
          state = b === 0x2c ? BEFORE_ELEMENT : END;
        }
      } else if (isSpace(b)) {
        continue;
      } else if (state === START) {
        if (b !== 0x5b) throw new ArraySyntaxError(line, 'expected a JSON array of objects ([ … ]); name JSON lines files .jsonl');
        state = BEFORE_ELEMENT;
      } else if (state === BEFORE_ELEMENT) {
        if (b === 0x5d && first) {
          state = END;
        } else if (b === 0x5d || b === 0x2c) {
          throw new ArraySyntaxError(line, b === 0x5d ? 'trailing comma before ]' : 'missing array element before ,');
        } else {
          // this byte starts an element
          state = IN_ELEMENT;
          start = i;
          elementLine = line;
          depth = b === 0x7b || b === 0x5b ? 1 : 0;
          inString = b === 0x22;
          escaped = false;
        }
      } else {
        throw new ArraySyntaxError(line, 'unexpected text after the closing ] of the array');
      }
    }
    if (state === IN_ELEMENT) pieces.push(chunk.subarray(start));
  }
  if (state !== END) {
    throw new ArraySyntaxError(line, state === START ? 'empty file; expected a JSON array' : 'unexpected end of file inside the array (missing ])');
  }
}
