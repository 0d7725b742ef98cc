/**
 * `reprints dedup` as a user runs it (the CLI's `main`, in-process): on SaudiNewsNet, documents kept and
 * removed and the time; on the synthetic corpus, precision and recall of removal against the planted
 * whole-article reprints, at the default and at looser coverage bars.
 *
 * Which planted reprints should go: the synthetic corpus reprints an article's body (trimmed of its last
 * and sometimes its first sentence, lightly edited) under a new headline and dateline. By the issue's
 * definition a copy is a document covered to at least `--min-coverage-copy` by another, so a planted
 * article reprint is a *whole-article reprint* at a bar when its reprinted body is at least that share
 * of its text (non-whitespace characters, from the ground truth, not from the engine); where the new
 * headline and dateline are more than the rest, it is a partial reprint and is not expected to go.
 * Recall is over the whole-article reprints; a removed document is right when it is any planted article
 * reprint (precision); an original of any planted reprint, article or quoted paragraph, must stay.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { cli } from '../built.js';
import { generateCorpus } from '../synthetic.js';
import { loadPool } from './synthetic.js';

export interface DedupRun {
  minCoverageCopy: number;
  documents: number;
  kept: number;
  removed: number;
  wallMs: number;
}

export interface SyntheticDedup extends DedupRun {
  /** Planted whole-article reprints (the copies that should go). */
  plantedArticles: number;
  /** Removed documents that are planted article copies. */
  removedArticles: number;
  /** Removed documents that are the original of a planted reprint (should be 0). */
  removedOriginals: number;
  /** Removed documents that quote one planted paragraph only. */
  removedParagraphQuotes: number;
  precision: number;
  /** Share of every planted article reprint removed, partial ones included (not a target: see the module comment). */
  recall: number;
  /** Whole-article reprints at this bar: planted article copies whose reprinted body is at least the bar of their text (non-whitespace). */
  eligibleArticles: number;
  /** Share of those removed: the recall of removal. */
  eligibleRecall: number;
}

const quiet = new Writable({ write: (_c, _e, done) => done() });

/** One `reprints dedup` run; the removed ids read back from `--removed`. */
async function dedup(input: string, minCoverageCopy: number, extra: string[] = []): Promise<DedupRun & { removedIds: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'reprints-bench-dedup-'));
  try {
    const kept = join(dir, 'kept.jsonl');
    const removed = join(dir, 'removed.jsonl');
    const stderr: string[] = [];
    const err = new Writable({
      write: (c, _e, done) => {
        stderr.push(String(c));
        done();
      },
    });
    const t0 = performance.now();
    const code = await cli.main(['dedup', input, '-o', kept, '--removed', removed, '--min-coverage-copy', String(minCoverageCopy), ...extra], {
      stdout: quiet,
      stderr: err,
      stderrIsTTY: false,
    });
    const wallMs = performance.now() - t0;
    if (code !== 0) throw new Error(`dedup exited ${code}: ${stderr.join('')}`);
    const removedIds = readFileSync(removed, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id);
    const keptCount = readFileSync(kept, 'utf8').split('\n').filter(Boolean).length;
    return { minCoverageCopy, documents: keptCount + removedIds.length, kept: keptCount, removed: removedIds.length, wallMs, removedIds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function dedupSaudiJob(args: { path: string }): Promise<DedupRun> {
  const { removedIds: _ids, ...run } = await dedup(args.path, 0.9);
  return run;
}

export async function dedupSyntheticJob(args: { docs: number; seed: number; saudiPath?: string; seedsDir: string; bars: number[] }): Promise<SyntheticDedup[]> {
  const { pool } = await loadPool(args.saudiPath, args.seedsDir);
  const corpus = generateCorpus({ docs: args.docs, seed: args.seed, pool });
  const dir = mkdtempSync(join(tmpdir(), 'reprints-bench-synthetic-'));
  try {
    const input = join(dir, 'synthetic.jsonl');
    const lines: string[] = [];
    const texts = new Map<string, string>();
    for (const d of corpus.documents) {
      lines.push(JSON.stringify(d));
      texts.set(d.id, d.text);
    }
    writeFileSync(input, `${lines.join('\n')}\n`);
    const articles = new Set(corpus.truth.filter((t) => t.kind === 'article').map((t) => t.thisRef));
    const content = (s: string) => s.replace(/\s+/g, '').length;
    // Share of each planted article copy that is the copied part (the rest: its new headline and dateline).
    const copiedShare = new Map(
      corpus.truth
        .filter((t) => t.kind === 'article')
        .map((t) => {
          const text = texts.get(t.thisRef)!;
          return [t.thisRef, content(text.slice(t.thisOffset, t.thisOffset + t.thisLength)) / content(text)];
        }),
    );
    const paragraphs = new Set(corpus.truth.filter((t) => t.kind === 'paragraph').map((t) => t.thisRef));
    const originals = new Set(corpus.truth.map((t) => t.sourceRef));
    const out: SyntheticDedup[] = [];
    for (const bar of args.bars) {
      const { removedIds, ...run } = await dedup(input, bar);
      const removedArticles = removedIds.filter((id) => articles.has(id)).length;
      const eligible = [...copiedShare].filter(([, share]) => share >= bar).map(([id]) => id);
      const removedSet = new Set(removedIds);
      out.push({
        ...run,
        plantedArticles: articles.size,
        removedArticles,
        removedOriginals: removedIds.filter((id) => originals.has(id)).length,
        removedParagraphQuotes: removedIds.filter((id) => paragraphs.has(id)).length,
        precision: removedIds.length ? removedArticles / removedIds.length : 1,
        recall: articles.size ? removedArticles / articles.size : 1,
        eligibleArticles: eligible.length,
        eligibleRecall: eligible.length ? eligible.filter((id) => removedSet.has(id)).length / eligible.length : 1,
      });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
