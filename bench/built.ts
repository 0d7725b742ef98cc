/**
 * The package as it ships — `dist/`, which `npm run bench` builds first (`prebench`): timed runs go
 * through it, not through the TypeScript sources under tsx. tsx keeps function names by wrapping
 * every named function in a call where it is made, so a closure made on each call of hot code costs
 * a call and a property write each time; in `src/align.ts` that made SaudiNewsNet's alignment 11.0 s
 * under tsx against 8.5 s in the package (2026-11-24), which the benchmark then reported.
 */
async function built<T>(file: string): Promise<T> {
  const url = new URL(`../dist/${file}`, import.meta.url);
  try {
    return (await import(url.href)) as T;
  } catch (e) {
    throw new Error(`bench: cannot load the built package (${url.pathname}): ${(e as Error).message}; build it with npm run build (npm run bench does)`);
  }
}

/** The engine's runtime-neutral entry (`reprints`, as a browser or a worker imports it). */
export const engine = await built<typeof import('../src/index.js')>('index.js');
/** The Node entry (`reprints` in Node: workers, the on-disk index). */
export const node = await built<typeof import('../src/node/index.js')>('node.js');
/** The command line's `main`. */
export const cli = await built<typeof import('../src/cli/main.js')>('cli.js');
