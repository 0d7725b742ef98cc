/**
 * Stage 2 (sign) — exact-duplicate fingerprints: xxHash64 (xxhash-wasm) of a whole normalized document.
 *
 * One WebAssembly call per document (not per shingle, where the crossing would dominate): identical
 * normalized documents get one fingerprint, so 10,000 copies of one text cost 10,000 hashes, not
 * 50 million pairs.
 */
import xxhash from 'xxhash-wasm';

type Fingerprint = (units: Uint16Array) => bigint;

let ready: Promise<Fingerprint> | undefined;

/** The fingerprint function, once WebAssembly has initialized (once per process). */
export function fingerprinter(): Promise<Fingerprint> {
  ready ??= xxhash().then(({ h64Raw }) => (units: Uint16Array) =>
    h64Raw(new Uint8Array(units.buffer, units.byteOffset, units.byteLength)),
  );
  return ready;
}
