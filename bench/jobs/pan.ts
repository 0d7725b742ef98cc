/**
 * Accuracy on the PAN-layout corpora. The engine sees suspicious documents in series `susp` and
 * sources in series `src` (so, with `sameSeries` off, it only pairs a suspicious document with a
 * source); each aligned pair between a suspicious and a source document is one detection
 * `(this_offset, this_length, source_offset, source_length)`, scored with the PAN measures.
 *  - AraPlagDet: the external-detection task over the whole collection; every pair is judged.
 *  - PAN13: only the listed pairs of each category are judged. `whole`: one run over all documents;
 *    `pairs`: one run per listed pair with just its two documents (the PAN text-alignment setting).
 */
import type { AlignedPair, FindReprintsOptions, ReprintDocument } from '../../src/index.js';
import { runEngine } from '../engine.js';
import { loadAraPlagDet } from '../loaders/araplagdet.js';
import type { PanCorpus } from '../loaders/pan-corpus.js';
import { loadPan13, PAN13_CATEGORIES } from '../loaders/pan13.js';
import { panScores, recallByObfuscation, type Annotation, type PanScores } from '../pan-measures.js';

const SUSP = 'susp/';
const SRC = 'src/';

function documentsOf(corpus: PanCorpus, only?: { suspicious: Set<string>; sources: Set<string> }): ReprintDocument[] {
  const docs: ReprintDocument[] = [];
  for (const [name, text] of corpus.suspicious) {
    if (!only || only.suspicious.has(name)) docs.push({ id: SUSP + name, text, series: 'susp' });
  }
  for (const [name, text] of corpus.sources) {
    if (!only || only.sources.has(name)) docs.push({ id: SRC + name, text, series: 'src' });
  }
  return docs;
}

/** Aligned pairs between a suspicious and a source document, as PAN detections. */
export function detectionsOf(pairs: readonly AlignedPair[]): Annotation[] {
  const out: Annotation[] = [];
  for (const p of pairs) {
    const [susp, src] = p.a.doc.startsWith(SUSP) ? [p.a, p.b] : [p.b, p.a];
    if (!susp.doc.startsWith(SUSP) || !src.doc.startsWith(SRC)) continue;
    out.push({
      thisRef: susp.doc.slice(SUSP.length),
      thisOffset: susp.start,
      thisLength: susp.end - susp.start,
      sourceRef: src.doc.slice(SRC.length),
      sourceOffset: src.start,
      sourceLength: src.end - src.start,
    });
  }
  return out;
}

export interface PanReport {
  corpus: string;
  mode: 'whole' | 'pairs';
  wallMs: number;
  documents: number;
  chars: number;
  overall: PanScores;
  byCategory: Record<string, PanScores & { recallByObfuscation: Record<string, { cases: number; recall: number }> }>;
  recallByObfuscation: Record<string, { cases: number; recall: number }>;
}

function score(
  corpus: PanCorpus,
  detections: Annotation[],
  mode: 'whole' | 'pairs',
  wallMs: number,
  documents: number,
  chars: number,
): PanReport {
  const byCategory: PanReport['byCategory'] = {};
  let judgedDetections = detections;
  if (corpus.judged) {
    const categoryOf = new Map(corpus.judged.map((j) => [`${j.suspicious}\u0000${j.source}`, j.category]));
    judgedDetections = detections.filter((d) => categoryOf.has(`${d.thisRef}\u0000${d.sourceRef}`));
    for (const category of [...new Set(corpus.judged.map((j) => j.category))].sort()) {
      const cases = corpus.cases.filter((c) => c.category === category);
      const dets = judgedDetections.filter((d) => categoryOf.get(`${d.thisRef}\u0000${d.sourceRef}`) === category);
      byCategory[category] = { ...panScores(cases, dets), recallByObfuscation: recallByObfuscation(cases, dets) };
    }
  }
  return {
    corpus: corpus.name,
    mode,
    wallMs,
    documents,
    chars,
    overall: panScores(corpus.cases, judgedDetections),
    byCategory,
    recallByObfuscation: recallByObfuscation(corpus.cases, judgedDetections),
  };
}

/** AraPlagDet, whole collection in one run. */
export async function araplagdetJob(args: { dir: string; options: FindReprintsOptions }): Promise<PanReport> {
  const corpus = loadAraPlagDet(args.dir);
  const docs = documentsOf(corpus);
  const run = await runEngine(docs, args.options, `AraPlagDet ${args.dir}`);
  const chars = docs.reduce((n, d) => n + d.text.length, 0);
  return score(corpus, detectionsOf(run.result.pairs), 'whole', run.wallMs, docs.length, chars);
}

/** PAN13, whole corpus in one run or one run per listed pair. */
export async function pan13Job(args: {
  dir: string;
  options: FindReprintsOptions;
  mode: 'whole' | 'pairs';
  categories?: string[];
}): Promise<PanReport> {
  const corpus = loadPan13(args.dir, args.categories ?? [...PAN13_CATEGORIES]);
  const t0 = performance.now();
  const detections: Annotation[] = [];
  let documents = 0;
  let chars = 0;
  if (args.mode === 'whole') {
    const docs = documentsOf(corpus);
    documents = docs.length;
    chars = docs.reduce((n, d) => n + d.text.length, 0);
    detections.push(...detectionsOf((await runEngine(docs, args.options, `PAN13 whole ${args.dir}`)).result.pairs));
  } else {
    for (const j of corpus.judged ?? []) {
      const docs = documentsOf(corpus, { suspicious: new Set([j.suspicious]), sources: new Set([j.source]) });
      documents += docs.length;
      chars += docs.reduce((n, d) => n + d.text.length, 0);
      detections.push(...detectionsOf((await runEngine(docs, args.options, `PAN13 pair ${j.suspicious} / ${j.source}`)).result.pairs));
    }
  }
  return score(corpus, detections, args.mode, performance.now() - t0, documents, chars);
}
