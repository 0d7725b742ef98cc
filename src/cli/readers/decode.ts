/**
 * Bytes → text: UTF-8, a leading byte-order mark dropped, invalid sequences replaced by U+FFFD
 * (and reported, so the caller can warn). NUL bytes mark a file as binary.
 */
const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8', { fatal: false });

/** Decode UTF-8; `invalid` is true when some bytes had to be replaced. */
export function decodeUtf8(bytes: Uint8Array): { text: string; invalid: boolean } {
  try {
    return { text: strict.decode(bytes), invalid: false };
  } catch {
    return { text: lenient.decode(bytes), invalid: true };
  }
}

/** A file holding a NUL byte is binary (the test git and grep use). */
export function isBinary(bytes: Uint8Array): boolean {
  return bytes.includes(0);
}
