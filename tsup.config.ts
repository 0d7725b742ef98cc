import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      node: 'src/node/index.ts',
      'node-worker': 'src/node/worker.ts',
      'web-worker': 'src/web/worker.ts',
      cli: 'src/cli/main.ts',
    },
    format: ['esm'],
    target: 'node20',
    dts: { entry: { index: 'src/index.ts', node: 'src/node/index.ts' } },
    // dist/browser is the other build's, which runs at the same time.
    clean: ['**/*', '!browser/**'],
    sourcemap: true,
    splitting: true,
    // The on-disk index's database binding: optional, loaded only when an index is opened.
    external: ['better-sqlite3'],
  },
  // The engine for a page or a worker: one ES module with its dependencies (the xxhash WebAssembly is
  // inlined by xxhash-wasm itself, as base64), no `node:` import.
  {
    entry: { reprints: 'src/index.ts' },
    outDir: 'dist/browser',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    noExternal: [/.*/],
    minify: true,
    sourcemap: true,
    splitting: false,
    clean: true,
  },
]);
