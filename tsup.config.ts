import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node/index.ts', cli: 'src/cli/main.ts' },
  format: ['esm'],
  target: 'node20',
  dts: { entry: { index: 'src/index.ts', node: 'src/node/index.ts' } },
  clean: true,
  sourcemap: true,
  splitting: true,
  // The on-disk index's database binding: optional, loaded only by `reprints/node` and the CLI.
  external: ['better-sqlite3'],
});
