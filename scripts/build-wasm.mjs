#!/usr/bin/env node
// Assemble the WebAssembly text sources of the engine (src/wasm/*.wat) into TypeScript modules that
// hold their bytes (src/wasm/*-bytes.ts), so that the engine loads them the same way in Node, in a
// worker and in a browser, with no file to fetch. Run after editing a .wat: npm run build:wasm (a
// test fails while a module is out of date).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmModuleSource } from './wasm-source.mjs';

const dir = fileURLToPath(new URL('../src/wasm/', import.meta.url));
for (const name of readdirSync(dir).filter((f) => f.endsWith('.wat'))) {
  const target = join(dir, name.replace(/\.wat$/, '-bytes.ts'));
  const source = await wasmModuleSource(join(dir, name));
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // not built yet
  }
  if (current === source) continue;
  writeFileSync(target, source);
  console.log(`wrote ${target}`);
}
