/**
 * Degenerate corpora (issue 7): syndicated copies that quote each other, periodic and repeated-
 * character documents, odd Unicode. Each run goes through `runEngine`, so every span of every result
 * is checked (a broken one fails the job).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FindReprintsOptions, ReprintDocument } from '../../src/index.js';
import { runEngine, type StageTiming } from '../engine.js';
import { splitmix32 } from '../prng.js';

/**
 * The copies-plus-quotes corpus: `n` identical documents (400 distinct words
 * `"word" + ((i * 7919) % 1000)`, i < 400, joined by spaces) plus two documents holding the first
 * 300 of those words, prefixed `"x "` and `"y "`.
 */
export function copiesPlusQuotes(n: number): ReprintDocument[] {
  const words = Array.from({ length: 400 }, (_, i) => `word${(i * 7919) % 1000}`);
  const text = words.join(' ');
  const quote = words.slice(0, 300).join(' ');
  const docs: ReprintDocument[] = Array.from({ length: n }, (_, i) => ({ id: `copy${i}`, text }));
  docs.push({ id: 'quote-x', text: `x ${quote}` }, { id: 'quote-y', text: `y ${quote}` });
  return docs;
}

/** Paragraphs of the seed articles (real Arabic news text). */
function seedParagraphs(seedsDir: string): string[] {
  return readdirSync(seedsDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .flatMap((f) => readFileSync(join(seedsDir, f), 'utf8').split(/\n+/))
    .filter((p) => p.trim().length > 80);
}

/** One paragraph (the first seed paragraph of 300+ characters) repeated to `chars` characters. */
export function periodicDocument(seedsDir: string, chars: number): string {
  const paragraph = seedParagraphs(seedsDir).find((p) => p.length >= 300) as string;
  return `${paragraph}\n`.repeat(Math.ceil(chars / (paragraph.length + 1))).slice(0, chars);
}

/** Ordinary text of `chars` characters: seed words in a seeded random order (the cost baseline). */
export function ordinaryDocument(seedsDir: string, chars: number, seed = 1): string {
  const words = seedParagraphs(seedsDir).join(' ').split(/\s+/).filter(Boolean);
  const rng = splitmix32(seed);
  const out: string[] = [];
  let len = 0;
  while (len < chars) {
    const w = rng.pick(words);
    out.push(w);
    len += w.length + 1;
  }
  return out.join(' ').slice(0, chars);
}

const ODD = ['😀', '👍🏽', '👨‍👩‍👧', '𝐀𝐁', '\uD800', '\uDFFF', '\u200F', '\u200E', '\u202B', '\u202E', '\u2067', '\uFEFF', '\u00AD', 'ﷺ', '⑴', 'ﬁ', 'مُحَمَّد', 'ـــ', '«', '»', '\u0000', '\r\n'];

/**
 * Odd-Unicode documents: seed paragraphs with emoji, lone surrogates, bidi controls, combining marks
 * and NUL sprinkled in; every 20th quotes the copies' text (so they join the copies' cluster).
 */
export function oddUnicodeDocuments(seedsDir: string, count: number, copyText: string): ReprintDocument[] {
  const paragraphs = seedParagraphs(seedsDir);
  const rng = splitmix32(7);
  const docs: ReprintDocument[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    for (let p = 0; p < 3; p++) {
      const words = rng.pick(paragraphs).split(' ');
      for (let k = 0; k < 6; k++) words.splice(rng.int(words.length), 0, rng.pick(ODD));
      parts.push(words.join(' '));
    }
    if (i % 20 === 0) parts.splice(1, 0, `${ODD[i % ODD.length]}${copyText.slice(0, 1200)}${ODD[(i + 3) % ODD.length]}`);
    docs.push({ id: `odd${i}`, text: parts.join('\n') });
  }
  docs.push({ id: 'odd-empty', text: '' }, { id: 'odd-surrogates', text: '\uD800'.repeat(5000) }, { id: 'odd-emoji', text: '😀'.repeat(5000) });
  return docs;
}

export type ReliabilityCorpus =
  | { kind: 'copies'; n: number }
  | { kind: 'periodic'; chars: number }
  | { kind: 'repeated-char'; chars: number }
  | { kind: 'ordinary'; chars: number }
  | { kind: 'combined'; n: number; periodicChars: number; odd: number };

export interface ReliabilityReport {
  corpus: ReliabilityCorpus;
  documents: number;
  chars: number;
  wallMs: number;
  stages: Partial<Record<string, StageTiming>>;
  sampledPeakRss: number;
  clusters: number;
  pairs: number;
  /** Documents in the largest cluster. */
  largestCluster: number;
  /** Pairs that involve a periodic or repeated-character document (spurious: there is nothing to find). */
  pairsWithRepetitive: number;
}

export async function reliabilityJob(args: { corpus: ReliabilityCorpus; seedsDir: string; options: FindReprintsOptions }): Promise<ReliabilityReport> {
  const c = args.corpus;
  let docs: ReprintDocument[];
  const repetitive = new Set<string>();
  if (c.kind === 'copies') docs = copiesPlusQuotes(c.n);
  else if (c.kind === 'periodic') docs = [{ id: 'periodic', text: periodicDocument(args.seedsDir, c.chars) }];
  else if (c.kind === 'repeated-char') docs = [{ id: 'alef', text: 'ا'.repeat(c.chars) }];
  else if (c.kind === 'ordinary') docs = [{ id: 'ordinary', text: ordinaryDocument(args.seedsDir, c.chars) }];
  else {
    docs = copiesPlusQuotes(c.n);
    docs.push({ id: 'periodic', text: periodicDocument(args.seedsDir, c.periodicChars) });
    docs.push(...oddUnicodeDocuments(args.seedsDir, c.odd, docs[0].text));
  }
  if (c.kind === 'periodic' || c.kind === 'repeated-char' || c.kind === 'combined') repetitive.add(c.kind === 'repeated-char' ? 'alef' : 'periodic');
  const chars = docs.reduce((s, d) => s + d.text.length, 0);
  global.gc?.();
  const run = await runEngine(docs, args.options, `reliability corpus ${JSON.stringify(c)}`);
  const sizes = run.result.clusters.map((cl) => new Set(cl.passages.map((p) => p.doc)).size);
  return {
    corpus: c,
    documents: docs.length,
    chars,
    wallMs: run.wallMs,
    stages: run.stages,
    sampledPeakRss: run.sampledPeakRss,
    clusters: run.result.clusters.length,
    pairs: run.result.pairs.length,
    largestCluster: sizes.length ? Math.max(...sizes) : 0,
    pairsWithRepetitive: run.result.pairs.filter((p) => repetitive.has(p.a.doc) || repetitive.has(p.b.doc)).length,
  };
}
