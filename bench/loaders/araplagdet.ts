/**
 * AraPlagDet (PAN@FIRE 2015) training corpus: `suspicious-documents/`, `source-documents/`,
 * `plagiarism-annotation/suspicious-documentNNNN.xml`. The task is external plagiarism detection over
 * the whole collection, so every suspicious × source pair is judged.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PanCorpus } from './pan-corpus.js';
import { toCase } from './pan-corpus.js';
import { parseAnnotationXml } from './pan-xml.js';

function readTexts(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) {
    out.set(name, readFileSync(join(dir, name), 'utf8'));
  }
  return out;
}

/** Load the corpus rooted at `dir` (e.g. `../shared/corpora/araplagdet-train`). */
export function loadAraPlagDet(dir: string): PanCorpus {
  const suspicious = readTexts(join(dir, 'suspicious-documents'));
  const sources = readTexts(join(dir, 'source-documents'));
  const cases: PanCorpus['cases'] = [];
  const annotationDir = join(dir, 'plagiarism-annotation');
  for (const name of readdirSync(annotationDir).filter((n) => n.endsWith('.xml')).sort()) {
    const file = parseAnnotationXml(readFileSync(join(annotationDir, name), 'utf8'));
    const id = file.reference || name.replace(/\.xml$/, '.txt');
    const text = suspicious.get(id);
    if (text === undefined) throw new Error(`araplagdet: ${name} refers to missing ${id}`);
    for (const f of file.features) {
      const sourceText = sources.get(f.sourceReference);
      if (sourceText === undefined) throw new Error(`araplagdet: ${name} refers to missing ${f.sourceReference}`);
      cases.push(toCase(id, text, sourceText, f, 'all'));
    }
  }
  return { name: 'araplagdet-train', suspicious, sources, cases };
}
