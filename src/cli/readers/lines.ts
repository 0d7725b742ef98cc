/**
 * Split a byte stream into lines without ever joining the whole stream: only the current line is held.
 * Splitting on the byte 0x0A is safe in UTF-8 (it never occurs inside a multi-byte sequence); a trailing
 * `\r` is dropped so CRLF files read the same.
 */

/** One line's bytes and its 1-based line number. */
export interface Line {
  bytes: Buffer;
  line: number;
}

function withoutCR(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes;
}

/** Lines of a stream of byte chunks, in order. A last line without a newline is still yielded. */
export async function* splitLines(chunks: AsyncIterable<Buffer | Uint8Array>): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let line = 1;
  for await (const raw of chunks) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let from = 0;
    for (let nl = chunk.indexOf(0x0a, from); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
      const part = chunk.subarray(from, nl);
      const bytes = pending.length > 0 ? Buffer.concat([...pending, part]) : part;
      pending = [];
      yield { bytes: withoutCR(bytes), line: line++ };
      from = nl + 1;
    }
    if (from < chunk.length) pending.push(chunk.subarray(from));
  }
  if (pending.length > 0) yield { bytes: withoutCR(Buffer.concat(pending)), line };
}

/** True when the bytes are only spaces, tabs and carriage returns (a blank line). */
export function isBlank(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}
