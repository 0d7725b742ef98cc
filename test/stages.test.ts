/**
 * The stages are numbered once: the README's "How it works" table, each module's header and the
 * progress stage names (`StageName`) agree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findReprints } from '../src/index.js';
import type { StageName } from '../src/index.js';

const ROOT = join(import.meta.dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## How it works'), readme.indexOf('Where this departs'));
/** Module → [number, stage name], from the table rows `| n | \`stage\` | \`a.ts\`, \`b.ts\` | … |`. */
const table = new Map<string, [number, string]>();
for (const line of section.split('\n')) {
  const m = /^\| (\d) \| `(\w+)` \| ([^|]+) \|/.exec(line);
  if (!m) continue;
  for (const mod of m[3].matchAll(/`([\w-]+\.ts)`/g)) table.set(mod[1], [Number(m[1]), m[2]]);
}
/** Modules that serve every stage or none (composition — the batch pipeline and the persistent index —, storage, options, types, errors, timing, tasks, growable typed arrays, exports). */
const UNSTAGED = new Set(['pipeline.ts', 'reprint-index.ts', 'index-store.ts', 'segment-codec.ts', 'options.ts', 'types.ts', 'errors.ts', 'stopwatch.ts', 'index.ts', 'executor.ts', 'tasks.ts', 'typed-arrays.ts', 'wasm-module.ts']);

describe('stage numbering', () => {
  const modules = readdirSync(join(ROOT, 'src')).filter((f) => f.endsWith('.ts') && !UNSTAGED.has(f));

  it('lists every engine module in the README table', () => {
    expect(modules.filter((f) => !table.has(f))).toEqual([]);
    expect([...table.keys()].filter((f) => !modules.includes(f))).toEqual([]);
  });

  it("gives each module's header the README's number and stage name", () => {
    for (const f of modules) {
      const header = /^\/\*\*\n \* Stage (\d) \((\w+)\) — /.exec(readFileSync(join(ROOT, 'src', f), 'utf8'));
      expect(header ? [Number(header[1]), header[2]] : f, f).toEqual(table.get(f));
    }
  });

  it('numbers the stages in the order the engine reports progress', async () => {
    const seen: StageName[] = [];
    const text = 'the same long agency statement, reprinted word for word by two outlets. '.repeat(6);
    await findReprints([{ id: 'a', text }, { id: 'b', text: `Headline. ${text}` }], {
      onProgress: (e) => {
        if (!seen.includes(e.stage)) seen.push(e.stage);
      },
    });
    const numbered = [...new Set([...table.values()].sort((x, y) => x[0] - y[0]).map(([, s]) => s))];
    expect(seen).toEqual(numbered);
  });
});
