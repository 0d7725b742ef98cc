/**
 * PAN 2013 text-alignment training corpus: `susp/`, `src/`, and one folder per category with a `pairs`
 * file (`suspicious-documentX.txt source-documentY.txt` a line) and one XML of cases per pair.
 * Only the listed pairs are judged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JudgedPair, PanCorpus } from './pan-corpus.js';
import { toCase } from './pan-corpus.js';
import { parseAnnotationXml } from './pan-xml.js';

/** Categories in the training corpus, in order. */
export const PAN13_CATEGORIES = ['01-no-plagiarism', '02-no-obfuscation', '03-random-obfuscation'] as const;

/** Load the corpus rooted at `dir`; `categories` restricts it (and the documents read) to some folders. */
export function loadPan13(dir: string, categories: readonly string[] = PAN13_CATEGORIES): PanCorpus {
  const suspicious = new Map<string, string>();
  const sources = new Map<string, string>();
  const judged: JudgedPair[] = [];
  const cases: PanCorpus['cases'] = [];
  const read = (cache: Map<string, string>, sub: string, name: string): string => {
    let text = cache.get(name);
    if (text === undefined) {
      text = readFileSync(join(dir, sub, name), 'utf8');
      cache.set(name, text);
    }
    return text;
  };
  for (const category of categories) {
    const folder = join(dir, category);
    if (!existsSync(folder)) continue;
    const lines = readFileSync(join(folder, 'pairs'), 'utf8').split('\n');
    for (const line of lines) {
      const [susp, src] = line.trim().split(/\s+/);
      if (!susp || !src) continue;
      const suspText = read(suspicious, 'susp', susp);
      const srcText = read(sources, 'src', src);
      judged.push({ suspicious: susp, source: src, category });
      const xmlPath = join(folder, `${susp.replace(/\.txt$/, '')}-${src.replace(/\.txt$/, '')}.xml`);
      if (!existsSync(xmlPath)) continue;
      const file = parseAnnotationXml(readFileSync(xmlPath, 'utf8'));
      for (const f of file.features) {
        if (f.sourceReference !== src) continue;
        cases.push(toCase(susp, suspText, srcText, f, category));
      }
    }
  }
  return { name: 'pan13-train', suspicious, sources, judged, cases };
}
