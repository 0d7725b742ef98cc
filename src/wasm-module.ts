/**
 * The engine's WebAssembly modules (`wasm/*.wat`, assembled into `wasm/*-bytes.ts`): compiled once
 * per thread, each instance on a memory of its own that is replaced, never grown.
 *
 * Growing a memory detaches its old `ArrayBuffer`, and in V8 the first detached buffer of a thread
 * makes every typed-array access of optimized JavaScript check for detachment from then on (about
 * 8 % slower engine-wide): a user that needs more memory makes a larger one and a new instance.
 */

/**
 * The part of the WebAssembly JavaScript API used here, typed locally: the engine's declarations
 * are built with neither the DOM's types nor Node's, and it runs in both.
 */
interface WasmModule {
  readonly wasmModule: unique symbol;
}
/** A WebAssembly memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Instance: new (module: WasmModule, imports: { env: { memory: WasmMemory } }) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65536;

/** Bytes from `at` rounded up to a multiple of 8: where an array of a memory's layout starts. */
export function aligned(at: number): number {
  return (at + 7) & ~7;
}

/** A module's instances, each with a memory of its own. */
export class WasmProgram<Exports> {
  private compiled: WasmModule | undefined;

  /** @param base64 - the module's bytes (a `wasm/*-bytes.ts` module's `BYTES_BASE64`) */
  constructor(private readonly base64: string) {}

  /**
   * A memory of at least `bytes` and an instance on it. The module is compiled at the first call,
   * synchronously: the engine's modules are far below the 4 KB up to which a browser's main thread
   * allows that, and their users are synchronous.
   */
  instantiate(bytes: number): { memory: WasmMemory; exports: Exports } {
    this.compiled ??= new wasm.Module(Uint8Array.from(atob(this.base64), (c) => c.charCodeAt(0)));
    const memory = new wasm.Memory({ initial: Math.ceil(bytes / PAGE) });
    return { memory, exports: new wasm.Instance(this.compiled, { env: { memory } }).exports as Exports };
  }
}

/**
 * A WebAssembly-backed object a thread keeps from one task to the next (a window signer, a
 * normalizer): one instance and memory for the thread's life per set of parameters, not a new one
 * for every batch.
 */
export class Kept<T> {
  private key = '';
  private value: T | undefined;

  /** The kept object if it was made for `key`, else a new one from `make`, kept instead. */
  get(key: string, make: () => T): T {
    if (key !== this.key || this.value === undefined) {
      this.key = key;
      this.value = make();
    }
    return this.value;
  }
}

/** Node's `Buffer`, where there is one: it writes a string's UTF-16 units natively (~0.1 ns a unit). */
interface NodeBuffer {
  write(text: string, offset: number, length: number, encoding: 'utf16le'): number;
}
const nodeBuffer = (globalThis as unknown as { Buffer?: { from(buffer: ArrayBuffer): NodeBuffer } }).Buffer;

/**
 * A function that writes a text's UTF-16 units into `buffer` (a memory's) from byte `at`, with room
 * for `room` units: by Node's `Buffer`, else (in a browser) a loop.
 */
export function unitsWriter(buffer: ArrayBuffer, at: number, room: number): (text: string) => void {
  if (nodeBuffer) {
    const bytes = nodeBuffer.from(buffer);
    return (text) => void bytes.write(text, at, 2 * text.length, 'utf16le');
  }
  const units = new Uint16Array(buffer, at, room);
  return (text) => {
    for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  };
}
