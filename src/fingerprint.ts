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

/**
 * The first document seen with each (fingerprint, series): an open-addressing table of typed
 * arrays, not a map of a million strings built from bigints.
 */
export class FirstCopies {
  private lo: Uint32Array = new Uint32Array(1024);
  private hi: Uint32Array = new Uint32Array(1024);
  private series: Int32Array = new Int32Array(1024);
  /** Document of each slot, -1 when empty. */
  private doc: Int32Array = new Int32Array(1024).fill(-1);
  private count = 0;

  /**
   * The first document with fingerprint `fp` in series `series`; when there is none, `doc`
   * becomes that first document and -1 is returned.
   */
  firstOrAdd(fp: bigint, series: number, doc: number): number {
    if (this.count * 2 >= this.doc.length) this.rehash();
    return this.insert(Number(fp & 0xffffffffn), Number(fp >> 32n), series, doc);
  }

  /** {@link firstOrAdd} on the fingerprint's low and high 32 bits. */
  private insert(lo: number, hi: number, series: number, doc: number): number {
    const mask = this.doc.length - 1;
    let slot = (Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) ^ series) & mask;
    for (;;) {
      const d = this.doc[slot];
      if (d === -1) {
        this.put(slot, lo, hi, series, doc);
        return -1;
      }
      if (this.lo[slot] === lo && this.hi[slot] === hi && this.series[slot] === series) return d;
      slot = (slot + 1) & mask;
    }
  }

  private put(slot: number, lo: number, hi: number, series: number, doc: number): void {
    this.lo[slot] = lo;
    this.hi[slot] = hi;
    this.series[slot] = series;
    this.doc[slot] = doc;
    this.count++;
  }

  private rehash(): void {
    const { lo, hi, series, doc } = this;
    const size = doc.length * 2;
    this.lo = new Uint32Array(size);
    this.hi = new Uint32Array(size);
    this.series = new Int32Array(size);
    this.doc = new Int32Array(size).fill(-1);
    this.count = 0;
    for (let i = 0; i < doc.length; i++) {
      if (doc[i] !== -1) this.insert(lo[i], hi[i], series[i], doc[i]);
    }
  }
}
