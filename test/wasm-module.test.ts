import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Kept } from '../src/wasm-module.js';
// @ts-expect-error: a plain ES module of the build scripts, without types
import { wasmModuleSource } from '../scripts/wasm-source.mjs';

const dir = fileURLToPath(new URL('../src/wasm/', import.meta.url));
const sources = readdirSync(dir).filter((f) => f.endsWith('.wat'));

describe('WebAssembly modules', () => {
  it('has the engine modules', () => {
    expect(sources.sort()).toEqual(['band-encoder.wat', 'band-sorter.wat', 'normalizer.wat', 'seed-index.wat', 'text-coder.wat', 'window-signer.wat']);
  });

  for (const name of sources) {
    it(`holds the bytes that ${name} assembles to (npm run build:wasm after editing it)`, async () => {
      const expected = (await wasmModuleSource(`${dir}${name}`)) as string;
      const committed = readFileSync(`${dir}${name.replace(/\.wat$/, '-bytes.ts')}`, 'utf8');
      expect(committed).toBe(expected);
    });
  }
});

describe('Kept', () => {
  it('keeps one object per key: made again only when the key changes', () => {
    const kept = new Kept<{ key: string }>();
    let made = 0;
    const make = (key: string) => () => ({ key: `${key}${++made}` });
    const a = kept.get('a', make('a'));
    expect(kept.get('a', make('a'))).toBe(a);
    const b = kept.get('b', make('b'));
    expect(b).toEqual({ key: 'b2' });
    expect(kept.get('a', make('a'))).toEqual({ key: 'a3' });
    expect(made).toBe(3);
  });
});
