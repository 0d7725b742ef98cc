/**
 * Exact truth of verbatim reuse, computed independently of the engine's pipeline, and the measures
 * of a result against it (issue 10):
 *  - `verbatimRuns`: every maximal verbatim run of at least `minRun` normalized characters shared by
 *    two documents (of different series). Winnowing `gram`-grams with a window of
 *    `minRun − gram + 1` grams guarantees that any shared run of `minRun` characters holds a
 *    `gram`-gram selected in both documents (Schleimer, Wilkerson & Aiken 2003); each pair of equal
 *    selected grams is extended character by character to its maximal run. Exact: no run is missed,
 *    none is invented (hash collisions fail the character comparison).
 *  - `scoreVerbatimTruth`: the share of those document pairs sharing a cluster, the share of the
 *    runs' characters covered by one cluster's passages in both documents, and clusters nested in a
 *    bigger cluster for the same text (all their documents in it, each passage at least half inside
 *    one of its passages).
 *  - `similarityViolations`: reported pairs whose stated similarity exceeds that of their two
 *    spans, normalized and compared by Levenshtein, by more than 0.01.
 */
import levenshtein from 'fast-levenshtein';
import { normalize, type Normalized } from '../src/normalize.js';
import { winnow } from '../src/passages.js';
import { shingleHashes } from '../src/shingle.js';
import type { Cluster, ReprintsResult, NormalizationRules } from '../src/index.js';

/** One maximal verbatim run of documents `a` < `b`, in normalized offsets. */
export interface VerbatimRun {
  a: number;
  b: number;
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * Every maximal verbatim run of ≥ `minRun` normalized characters between two accepted documents.
 * @param texts - normalized texts
 * @param accept - whether a document pair counts (a < b), e.g. different series
 */
export function verbatimRuns(
  texts: readonly string[],
  minRun: number,
  accept: (a: number, b: number) => boolean,
  gram = 50,
): VerbatimRun[] {
  const w = Math.max(1, minRun - gram + 1);
  const hash: number[] = [];
  const doc: number[] = [];
  const pos: number[] = [];
  texts.forEach((t, d) => {
    if (t.length < minRun) return;
    const h = shingleHashes(t, gram);
    for (const p of winnow(h, w)) {
      hash.push(h[p]);
      doc.push(d);
      pos.push(p);
    }
  });
  const order = Int32Array.from(hash.keys()).sort((x, y) => hash[x] - hash[y] || doc[x] - doc[y] || pos[x] - pos[y]);
  const seen = new Set<string>();
  const runs: VerbatimRun[] = [];
  for (let lo = 0; lo < order.length; ) {
    let hi = lo + 1;
    while (hi < order.length && hash[order[hi]] === hash[order[lo]]) hi++;
    for (let x = lo; x < hi; x++) {
      for (let y = x + 1; y < hi; y++) {
        const i = order[x];
        const j = order[y];
        const a = doc[i];
        const b = doc[j];
        if (a === b || !accept(a, b)) continue;
        const ta = texts[a];
        const tb = texts[b];
        let s = 0;
        while (pos[i] - s > 0 && pos[j] - s > 0 && ta.charCodeAt(pos[i] - s - 1) === tb.charCodeAt(pos[j] - s - 1)) s++;
        let e = 0;
        while (pos[i] + e < ta.length && pos[j] + e < tb.length && ta.charCodeAt(pos[i] + e) === tb.charCodeAt(pos[j] + e)) e++;
        if (s + e < minRun) continue;
        const key = `${a},${b},${pos[i] - s},${pos[j] - s}`;
        if (seen.has(key)) continue;
        seen.add(key);
        runs.push({ a, b, aStart: pos[i] - s, aEnd: pos[i] + e, bStart: pos[j] - s, bEnd: pos[j] + e });
      }
    }
    lo = hi;
  }
  runs.sort((x, y) => x.a - y.a || x.b - y.b || x.aStart - y.aStart || x.bStart - y.bStart);
  return runs;
}

export interface VerbatimScore {
  runs: number;
  pairs: number;
  /** Document pairs with a run that share a cluster. */
  pairsTogether: number;
  pairRecall: number;
  /** Of the runs' non-space characters (both documents), those covered by one cluster's passages. */
  coverage: number;
  /** Clusters whose documents all sit in one bigger cluster, a passage half inside one of its in each. */
  nestedClusters: number;
  missedExamples: Array<{ a: string; b: string; run: number }>;
  nestedExamples: Array<{ cluster: number; inside: number; docs: number }>;
}

/** Score a result against the verbatim runs (document indices as in `docIds`). */
export function scoreVerbatimTruth(
  runs: readonly VerbatimRun[],
  docIds: readonly string[],
  norms: ReadonlyMap<number, Normalized>,
  result: ReprintsResult,
): VerbatimScore {
  const indexOf = new Map(docIds.map((id, i) => [id, i]));
  // Per document: cluster id → its passages there.
  const byDoc = new Map<number, Map<number, Array<[number, number]>>>();
  for (const c of result.clusters) {
    for (const p of c.passages) {
      const d = indexOf.get(p.doc)!;
      let m = byDoc.get(d);
      if (!m) byDoc.set(d, (m = new Map()));
      let list = m.get(c.id);
      if (!list) m.set(c.id, (list = []));
      list.push([p.start, p.end]);
    }
  }
  const covered = (d: number, start: number, end: number, passages: Array<[number, number]>): [number, number] => {
    const n = norms.get(d)!;
    let total = 0;
    let hit = 0;
    for (let i = start; i < end; i++) {
      if (n.text.charCodeAt(i) === 0x20) continue;
      total++;
      if (passages.some(([s, e]) => n.starts[i] >= s && n.ends[i] <= e)) hit++;
    }
    return [hit, total];
  };
  const together = new Map<string, boolean>();
  let coveredChars = 0;
  let totalChars = 0;
  const missedExamples: VerbatimScore['missedExamples'] = [];
  for (const r of runs) {
    const key = `${r.a},${r.b}`;
    const ca = byDoc.get(r.a);
    const cb = byDoc.get(r.b);
    let best = 0;
    let total = 0;
    let shared = false;
    if (ca && cb) {
      for (const [id, pa] of ca) {
        const pb = cb.get(id);
        if (!pb) continue;
        shared = true;
        const [ha, na] = covered(r.a, r.aStart, r.aEnd, pa);
        const [hb, nb] = covered(r.b, r.bStart, r.bEnd, pb);
        total = na + nb;
        best = Math.max(best, ha + hb);
      }
    }
    if (!shared) {
      total = covered(r.a, r.aStart, r.aEnd, [])[1] + covered(r.b, r.bStart, r.bEnd, [])[1];
    }
    coveredChars += best;
    totalChars += total;
    together.set(key, (together.get(key) ?? false) || shared);
    if (!shared && missedExamples.length < 8) missedExamples.push({ a: docIds[r.a], b: docIds[r.b], run: r.aEnd - r.aStart });
  }
  const pairsTogether = [...together.values()].filter(Boolean).length;

  const nested = nestedClusters(result.clusters);
  return {
    runs: runs.length,
    pairs: together.size,
    pairsTogether,
    pairRecall: together.size ? pairsTogether / together.size : 1,
    coverage: totalChars ? coveredChars / totalChars : 1,
    nestedClusters: nested.count,
    missedExamples,
    nestedExamples: nested.examples,
  };
}

/**
 * Clusters nested in a bigger cluster for the same text: every document of C holds a passage of D
 * (D has more documents, or as many and more characters), and in each, one of C's passages lies at
 * least half inside one of D's. Issue 10's "one family, one cluster" counts them (target 0).
 */
export function nestedClusters(clusters: readonly Pick<Cluster, 'id' | 'passages'>[]): {
  count: number;
  examples: VerbatimScore['nestedExamples'];
} {
  const docsOf = clusters.map((c) => {
    const m = new Map<string, Array<[number, number]>>();
    for (const p of c.passages) {
      let l = m.get(p.doc);
      if (!l) m.set(p.doc, (l = []));
      l.push([p.start, p.end]);
    }
    return m;
  });
  const clustersOfDoc = new Map<string, number[]>();
  clusters.forEach((c, ci) => {
    for (const d of docsOf[ci].keys()) {
      let l = clustersOfDoc.get(d);
      if (!l) clustersOfDoc.set(d, (l = []));
      l.push(ci);
    }
  });
  let count = 0;
  const examples: VerbatimScore['nestedExamples'] = [];
  const size = (ci: number) => clusters[ci].passages.reduce((t, p) => t + p.end - p.start, 0);
  clusters.forEach((_, ci) => {
    const mine = docsOf[ci];
    const [first] = mine.keys();
    for (const di of clustersOfDoc.get(first) ?? []) {
      if (di === ci) continue;
      const other = docsOf[di];
      if (other.size < mine.size || (other.size === mine.size && size(di) <= size(ci))) continue;
      let inside = true;
      for (const [d, ps] of mine) {
        const os = other.get(d);
        if (!os || !ps.some(([s, e]) => os.some(([t, u]) => Math.min(e, u) - Math.max(s, t) >= 0.5 * (e - s)))) {
          inside = false;
          break;
        }
      }
      if (inside) {
        count++;
        if (examples.length < 8) examples.push({ cluster: clusters[ci].id, inside: clusters[di].id, docs: mine.size });
        break;
      }
    }
  });
  return { count, examples };
}

export interface SimilarityCheck {
  checked: number;
  /** Pairs left out: a span longer than `maxLength` (Levenshtein is quadratic). */
  skipped: number;
  violations: number;
  worst: Array<{ a: string; b: string; reported: number; exact: number }>;
}

/**
 * Reported pairs whose similarity exceeds 1 − Levenshtein(normalized a, normalized b) / longer
 * length of their two spans by more than `tolerance`.
 */
export function similarityViolations(
  result: ReprintsResult,
  textOf: (id: string) => string,
  rules: NormalizationRules,
  limit = Infinity,
  maxLength = 4000,
  tolerance = 0.01,
): SimilarityCheck {
  let checked = 0;
  let skipped = 0;
  let violations = 0;
  const worst: SimilarityCheck['worst'] = [];
  for (const p of result.pairs) {
    if (checked >= limit) break;
    const x = normalize(textOf(p.a.doc).slice(p.a.start, p.a.end), rules).text;
    const y = normalize(textOf(p.b.doc).slice(p.b.start, p.b.end), rules).text;
    const longer = Math.max(x.length, y.length);
    if (longer > maxLength) {
      skipped++;
      continue;
    }
    checked++;
    const exact = longer ? 1 - levenshtein.get(x, y) / longer : 1;
    if (exact < p.similarity - tolerance) {
      violations++;
      worst.push({ a: `${p.a.doc}:${p.a.start}-${p.a.end}`, b: `${p.b.doc}:${p.b.start}-${p.b.end}`, reported: p.similarity, exact });
    }
  }
  worst.sort((u, v) => u.exact - u.reported - (v.exact - v.reported));
  return { checked, skipped, violations, worst: worst.slice(0, 8) };
}
