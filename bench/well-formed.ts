/**
 * Well-formedness of a result: every span a user gets must be usable as `text.slice(start, end)`.
 * Run by the benchmark on every real corpus it processes (a broken span fails the job, loudly) and by
 * the property tests on generated corpora.
 */
import type { ReprintsResult } from '../src/index.js';

/** A span must be `0 ≤ start < end ≤ length`, integers. */
function spanProblem(span: { start?: unknown; end?: unknown }, length: number): string | undefined {
  const { start, end } = span;
  if (!Number.isInteger(start)) return `start ${JSON.stringify(start)} is not an integer`;
  if (!Number.isInteger(end)) return `end ${JSON.stringify(end)} is not an integer`;
  const s = start as number;
  const e = end as number;
  if (s < 0 || s >= e || e > length) return `[${s}, ${e}) is not within 0 ≤ start < end ≤ length ${length}`;
  return undefined;
}

/**
 * Every problem of `result` against the original texts (empty when it is well-formed): documents'
 * lengths, each pair's two spans and similarity, each cluster passage's span and `text`.
 * @param texts - original text of each document id
 */
export function resultProblems(result: ReprintsResult, texts: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const length = new Map<string, number>();
  for (const d of result.documents) {
    const text = texts.get(d.id);
    if (text === undefined) problems.push(`document ${JSON.stringify(d.id)}: not in the input`);
    else if (d.length !== text.length) problems.push(`document ${JSON.stringify(d.id)}: length ${d.length}, text has ${text.length}`);
    length.set(d.id, d.length);
  }
  const clusterIds = new Set(result.clusters.map((c) => c.id));
  result.pairs.forEach((p, i) => {
    for (const side of ['a', 'b'] as const) {
      const span = p[side];
      const len = length.get(span.doc);
      const problem = len === undefined ? `unknown document ${JSON.stringify(span.doc)}` : spanProblem(span, len);
      if (problem) problems.push(`pair ${i} (cluster ${p.cluster}) ${side} ${JSON.stringify(span.doc)}: ${problem}`);
    }
    if (p.a.doc === p.b.doc) problems.push(`pair ${i}: both sides are document ${JSON.stringify(p.a.doc)}`);
    if (!(p.similarity >= 0 && p.similarity <= 1)) problems.push(`pair ${i}: similarity ${p.similarity} is not in [0, 1]`);
    if (!clusterIds.has(p.cluster)) problems.push(`pair ${i}: cluster ${p.cluster} does not exist`);
  });
  for (const c of result.clusters) {
    c.passages.forEach((q, i) => {
      const text = texts.get(q.doc);
      const problem = text === undefined ? `unknown document ${JSON.stringify(q.doc)}` : spanProblem(q, text.length);
      if (problem) problems.push(`cluster ${c.id} passage ${i} ${JSON.stringify(q.doc)}: ${problem}`);
      else if (q.text !== (text as string).slice(q.start, q.end)) {
        problems.push(`cluster ${c.id} passage ${i} ${JSON.stringify(q.doc)}: text is not original.slice(${q.start}, ${q.end})`);
      }
    });
  }
  return problems;
}

/**
 * Throw when `result` holds any malformed span, naming the run, the count and the first problems.
 * @param what - the run, for the message (e.g. "SaudiNewsNet end to end")
 */
export function assertWellFormed(result: ReprintsResult, texts: ReadonlyMap<string, string>, what: string): void {
  const problems = resultProblems(result, texts);
  if (problems.length > 0) {
    throw new Error(
      `${what}: ${problems.length} malformed span${problems.length === 1 ? '' : 's'} in the result (end must be an integer, start < end ≤ length, text = original.slice(start, end)):\n  ${problems.slice(0, 10).join('\n  ')}`,
    );
  }
}
