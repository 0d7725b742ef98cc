/**
 * Growable typed arrays, for every stage: the engine keeps its per-document and per-window tables in
 * typed arrays (no object per entry) and grows them by doubling.
 */

/** `buf` if it holds `size` values, else a copy of it with room for at least `size` (and at least twice as many). */
export function withRoom<T extends Uint8Array | Int32Array | Uint32Array | BigUint64Array>(buf: T, size: number): T {
  if (buf.length >= size) return buf;
  const grown = new (buf.constructor as new (length: number) => T)(Math.max(size, 2 * buf.length));
  grown.set(buf as never);
  return grown;
}
