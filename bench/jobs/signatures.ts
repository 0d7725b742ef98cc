/** Signature throughput job: the engine on 1 and on all cores, and npm minhash, on 2,000-char documents. */
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveOptions, type FindReprintsOptions } from '../../src/index.js';
import { readJsonl } from '../loaders/jsonl.js';
import { npmSignatureThroughput } from '../peers/minhash-npm.js';
import { normalizeAll, piecesOf, signThroughput, signThroughputParallel } from '../signatures.js';

export interface SignatureReport {
  documents: number;
  docLength: number;
  source: string;
  signatureSize: number;
  shingleSize: number;
  threads: number;
  /** Best of `trials`, characters/s. */
  document: { oneCore: number; allCores: number };
  passages: { oneCore: number; allCores: number };
  normalize: { oneCore: number };
  npmMinhash: { oneCore: number };
}

const best = async (trials: number, f: () => Promise<number> | number): Promise<number> => {
  let b = 0;
  for (let i = 0; i < trials; i++) b = Math.max(b, await f());
  return b;
};

export async function signaturesJob(args: {
  saudiPath?: string;
  seedsDir: string;
  options: FindReprintsOptions;
  ms?: number;
  trials?: number;
}): Promise<SignatureReport> {
  const texts: string[] = [];
  let source = 'examples/seeds';
  if (args.saudiPath && existsSync(args.saudiPath)) {
    for await (const d of readJsonl(args.saudiPath, 4000)) texts.push(d.text);
    source = 'saudinewsnet';
  } else {
    // The seeds are short: repeat them with a varying prefix so 2,000-character pieces exist.
    const seeds = readdirSync(args.seedsDir).sort().map((f) => readFileSync(join(args.seedsDir, f), 'utf8'));
    for (let i = 0; i < 400; i++) texts.push(`${i} ` + seeds.join('\n'));
  }
  const pieces = piecesOf(texts, 2000, 2000);
  const ms = args.ms ?? 1500;
  const trials = args.trials ?? 3;
  const p = resolveOptions(args.options);
  const units = normalizeAll(pieces, args.options);
  signThroughput(units, 2000, 'document', 300, args.options); // warm-up
  const threads = availableParallelism();
  const normalizeRate = await best(trials, () => {
    const t = performance.now();
    let chars = 0;
    while (performance.now() - t < ms / 3) {
      normalizeAll(pieces.slice(0, 200), args.options);
      chars += 200 * 2000;
    }
    return (chars / (performance.now() - t)) * 1000;
  });
  const norm = new TextDecoder('utf-16le');
  const npmTexts = units.slice(0, 50).map((u) => norm.decode(u));
  return {
    documents: pieces.length,
    docLength: 2000,
    source,
    signatureSize: p.signatureSize,
    shingleSize: p.shingleSize,
    threads,
    document: {
      oneCore: await best(trials, () => signThroughput(units, 2000, 'document', ms, args.options).charsPerSecond),
      allCores: await best(trials, () => signThroughputParallel(pieces, 'document', threads, ms, args.options)),
    },
    passages: {
      oneCore: await best(trials, () => signThroughput(units, 2000, 'passages', ms, args.options).charsPerSecond),
      allCores: await best(trials, () => signThroughputParallel(pieces, 'passages', threads, ms, args.options)),
    },
    normalize: { oneCore: normalizeRate },
    npmMinhash: { oneCore: await best(trials, () => npmSignatureThroughput(npmTexts, p.shingleSize, p.signatureSize, ms)) },
  };
}
