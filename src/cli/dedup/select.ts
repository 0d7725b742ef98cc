/**
 * Which documents `reprints dedup` removes. A document is a *copy* of another when the aligned passages
 * between the two cover at least `minCoverageCopy` of its text (non-whitespace characters, so a trailing
 * newline or indentation never decides). The words between the first passage and the start of its line
 * (paragraph), and between the last passage and the end of its line, count as covered when they are the
 * other document's words at the same place with at most one substituted: the aligner bridges a
 * substituted word inside a passage but cannot at an edge, where no shared text follows to chain to, so
 * a reprint whose last (or first) word was changed would otherwise fall short.
 *
 * A document is removed only in favour of one that the `--keep` order prefers, of one that is in turn a
 * copy of it, or of one it is at least half of (`VERSION_SHARE`: another version of it, a few sentences
 * longer or rewritten), never of a text that merely quotes it: an earlier, short original that a later
 * article quotes is that article's source, not its copy, and stays (under `--keep earliest`, as under a
 * MinHash near-duplicate filter, to which the two are far apart); under `--keep longest` the excerpt goes.
 * Copies form families (connected by that relation); in each family the documents to keep are chosen so
 * that:
 *
 * - every removed document is a copy of a kept one (a family is never dropped whole, and nothing is
 *   removed in favour of a document that is itself removed);
 * - as few as possible are kept: documents that are a copy of nothing are kept first, then, repeatedly,
 *   the undecided document that stands for most undecided ones (itself and its copies), the `--keep` order
 *   breaking ties; so A~B~C, where B covers both A and C but A and C not each other, keeps B alone;
 * - a kept document that is a copy of another kept one is then removed too, when every document removed
 *   in its favour is also a copy of another kept one;
 * - the outcome depends only on the copy relation and the `--keep` order, never on the order the pairs
 *   or documents are visited in.
 */
import type { AlignedPair, NormalizationRules } from '../../index.js';
import { Normalizer } from '../../normalize.js';
import { UnionFind } from '../../union-find.js';

/**
 * `copy` is covered to `coverage` by aligned passages of `of`, with their length-weighted `similarity`;
 * those passages cover `reverse` of `of` (0–1).
 */
export interface CopyEdge {
  copy: number;
  of: number;
  coverage: number;
  similarity: number;
  reverse: number;
}

/** Least share of a text another one covers for it to be a version of that one rather than quote it. */
export const VERSION_SHARE = 0.5;

/** JavaScript's `\s`, by code unit. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Non-whitespace characters before each offset of `text` (length + 1 entries). */
export function contentPrefix(text: string): Int32Array {
  const prefix = new Int32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) prefix[i + 1] = prefix[i] + (isSpace(text.charCodeAt(i)) ? 0 : 1);
  return prefix;
}

/** Non-whitespace characters covered by the union of `[start, end)` intervals (sorted in place). */
function coveredContent(intervals: Array<[number, number]>, prefix: Int32Array): number {
  intervals.sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let from = -1;
  let to = -1;
  for (const [s, e] of intervals) {
    if (s > to) {
      if (to > from) covered += prefix[to] - prefix[from];
      from = s;
      to = e;
    } else if (e > to) to = e;
  }
  if (to > from) covered += prefix[to] - prefix[from];
  return covered;
}

/**
 * The engine's normalization of a text, as a string (one normalizer reused for every call, without
 * the offset map): what `copyEdges` compares the words at a copy's edges with.
 */
export function folder(rules: Partial<NormalizationRules> = {}): (text: string) => string {
  const normalizer = new Normalizer(rules);
  const decoder = new TextDecoder('utf-16le');
  return (text) => decoder.decode(normalizer.units(text));
}

/** Spans of one document (`copy`) aligned with another (`of`), with the passages nearest its edges. */
interface Side {
  copy: number;
  of: number;
  spans: Array<[number, number]>;
  weighted: number;
  length: number;
  /** The passage reaching furthest into `copy`: its end there and in `of`. */
  lastEnd: number;
  lastEndOf: number;
  /** The passage starting first in `copy`: its start there and in `of`. */
  firstStart: number;
  firstStartOf: number;
}

/**
 * The words of `text` nearest one end (its start when `fromStart`, else its end), nearest first, once
 * normalized (the engine's folding; punctuation is a separator): those of its first (last) `size`
 * characters at most, a word the window cuts left out; `whole` when the window is the whole text.
 */
function wordsNear(text: string, size: number, fromStart: boolean, fold: (text: string) => string): { words: string[]; whole: boolean } {
  const whole = size >= text.length;
  const piece = whole ? text : fromStart ? text.slice(0, size) : text.slice(text.length - size);
  const words = fold(piece).split(' ').filter(Boolean);
  if (!whole) {
    if (fromStart) words.pop();
    else words.shift();
  }
  if (!fromStart) words.reverse();
  return { words, whole };
}

/**
 * Whether the words `edge` of a copy, between a passage and its start or end, are the other document's
 * words at the same place (`beyond`: its text past the passage on the same side) with at most one
 * substituted. An edge of separators only always closes. The texts are read outwards from the passage
 * in growing windows, so a long edge that differs costs little.
 * @param atEnd `edge` follows the passage (compare with the first words of `beyond`), else it precedes it
 */
export function edgeCloses(edge: string, beyond: string, atEnd: boolean, fold: (text: string) => string): boolean {
  for (let size = 48; ; size *= 4) {
    const mine = wordsNear(edge, size, atEnd, fold);
    const theirs = wordsNear(beyond, 2 * size, atEnd, fold);
    const n = Math.min(mine.words.length, theirs.words.length);
    let substituted = 0;
    for (let i = 0; i < n; i++) if (mine.words[i] !== theirs.words[i] && ++substituted > 1) return false;
    if (mine.whole && mine.words.length <= theirs.words.length) return true;
    if (mine.whole && theirs.whole) return false;
  }
}

/**
 * The copy relation: for every two documents with aligned pairs, how much of each the other covers
 * (with the edge rule of the module comment); an edge where that reaches `minCoverage`.
 * @param pairs the engine's aligned pairs
 * @param index document id → its number (input order)
 * @param text a document's original text, by number
 * @param minCoverage least share of a document's non-whitespace characters covered by the other, 0–1
 * @param fold the engine's normalization, to compare the words at a copy's edges
 * @returns the edges, ordered by copy then by the document it copies
 */
export function copyEdges(
  pairs: readonly AlignedPair[],
  index: ReadonlyMap<string, number>,
  text: (doc: number) => string,
  minCoverage: number,
  fold: (text: string) => string = folder(),
): CopyEdge[] {
  // Spans of each document by the document on the other side: key copy * n + of.
  const n = index.size;
  const sides = new Map<number, Side>();
  const add = (copy: number, of: number, start: number, end: number, ofStart: number, ofEnd: number, similarity: number) => {
    const key = copy * n + of;
    let side = sides.get(key);
    if (!side) {
      side = { copy, of, spans: [], weighted: 0, length: 0, lastEnd: end, lastEndOf: ofEnd, firstStart: start, firstStartOf: ofStart };
      sides.set(key, side);
    }
    side.spans.push([start, end]);
    side.weighted += similarity * (end - start);
    side.length += end - start;
    if (end > side.lastEnd) [side.lastEnd, side.lastEndOf] = [end, ofEnd];
    if (start < side.firstStart) [side.firstStart, side.firstStartOf] = [start, ofStart];
  };
  for (const pair of pairs) {
    const a = index.get(pair.a.doc);
    const b = index.get(pair.b.doc);
    if (a === undefined || b === undefined || a === b) continue;
    add(a, b, pair.a.start, pair.a.end, pair.b.start, pair.b.end, pair.similarity);
    add(b, a, pair.b.start, pair.b.end, pair.a.start, pair.a.end, pair.similarity);
  }
  const prefixes = new Map<number, Int32Array>();
  // Either bar a coverage is compared with: the copy bar, and a version's share.
  const reach = Math.min(minCoverage, VERSION_SHARE);
  const coverage = (side: Side): number => {
    let prefix = prefixes.get(side.copy);
    if (!prefix) prefixes.set(side.copy, (prefix = contentPrefix(text(side.copy))));
    const total = prefix[prefix.length - 1];
    if (total === 0) return 0;
    let covered = coveredContent(side.spans, prefix);
    // The edges: from the start of the first passage's line, to the end of the last one's.
    const mine = text(side.copy);
    const from = side.firstStart > 0 ? mine.lastIndexOf('\n', side.firstStart - 1) + 1 : 0;
    const lineEnd = mine.indexOf('\n', side.lastEnd);
    const to = lineEnd < 0 ? mine.length : lineEnd;
    const head = prefix[side.firstStart] - prefix[from];
    const tail = prefix[to] - prefix[side.lastEnd];
    // They are looked at only where a bar is within reach.
    if (head + tail > 0 && covered + head + tail >= reach * total) {
      const theirs = text(side.of);
      if (head > 0 && edgeCloses(mine.slice(from, side.firstStart), theirs.slice(0, side.firstStartOf), false, fold)) side.spans.push([from, side.firstStart]);
      if (tail > 0 && edgeCloses(mine.slice(side.lastEnd, to), theirs.slice(side.lastEndOf), true, fold)) side.spans.push([side.lastEnd, to]);
      covered = coveredContent(side.spans, prefix);
    }
    return covered / total;
  };
  const shares = new Map<Side, number>();
  for (const side of sides.values()) shares.set(side, coverage(side));
  const edges: CopyEdge[] = [];
  for (const side of sides.values()) {
    const share = shares.get(side)!;
    if (share < minCoverage) continue;
    const reverse = shares.get(sides.get(side.of * n + side.copy)!)!;
    edges.push({ copy: side.copy, of: side.of, coverage: share, similarity: side.length > 0 ? side.weighted / side.length : 0, reverse });
  }
  return edges.sort((x, y) => x.copy - y.copy || x.of - y.of);
}

/**
 * Choose the documents to remove (see the module comment for the rules).
 * @param edges the copy relation
 * @param better keep order: negative when document `a` is rather kept than `b`; a total order
 * @param identicalText whether two documents have the same normalized text (identical copies, chosen among as one)
 * @returns each removed document → the edge to the kept document it is a copy of (of those it may be
 *   removed in favour of, the kept one covering it most; among equals, the one `better` prefers)
 */
export function chooseRemoved(
  edges: readonly CopyEdge[],
  better: (a: number, b: number) => number,
  identicalText: (a: number, b: number) => boolean = () => false,
): Map<number, CopyEdge> {
  // Identical copies — each a copy of the other, the same text once normalized — are one
  // document for the choice: the engine pairs an exact copy with its family's head only, so edges
  // to the rest of the family reach the head alone. The class is represented by the member `better`
  // prefers, which takes every edge of the class; the other members follow their representative.
  const members = [...new Set(edges.flatMap((e) => [e.copy, e.of]))].sort((a, b) => a - b);
  const local = new Map(members.map((d, i) => [d, i]));
  const identical = new UnionFind(members.length);
  const key = (x: number, y: number) => `${x}/${y}`;
  const exact = new Set(edges.filter((e) => e.similarity === 1).map((e) => key(e.copy, e.of)));
  for (const e of edges) if (e.similarity === 1 && exact.has(key(e.of, e.copy)) && identicalText(e.copy, e.of)) identical.union(local.get(e.copy)!, local.get(e.of)!);
  const rep = new Map<number, number>();
  for (const d of members) {
    const root = identical.find(local.get(d)!);
    const r = rep.get(root);
    if (r === undefined || better(d, r) < 0) rep.set(root, d);
  }
  const repOf = (d: number) => rep.get(identical.find(local.get(d)!))!;
  // Edges between classes, through their representatives: the strongest of each.
  const between = new Map<string, CopyEdge>();
  for (const e of edges) {
    const copy = repOf(e.copy);
    const of = repOf(e.of);
    if (copy === of) continue;
    const k = key(copy, of);
    const had = between.get(k);
    if (!had || e.coverage > had.coverage || (e.coverage === had.coverage && e.similarity > had.similarity)) {
      between.set(k, { ...e, copy, of });
    }
  }
  // A document goes only in favour of one the keep order prefers, of a copy of it in turn, or of a
  // version of it (which it is most of); never of a text that merely quotes it.
  const allowed = [...between.values()].filter((e) => better(e.of, e.copy) < 0 || between.has(key(e.of, e.copy)) || e.reverse >= VERSION_SHARE);
  const removed = chooseAmongClasses(allowed, better);
  // Members follow their representative: removed in favour of it when it is kept, else of what it was
  // removed for.
  for (const d of members) {
    const r = repOf(d);
    if (r === d) continue;
    const gone = removed.get(r);
    removed.set(d, gone ? { ...gone, copy: d } : { copy: d, of: r, coverage: 1, similarity: 1, reverse: 1 });
  }
  return removed;
}

/** `chooseRemoved` over a copy relation without identical copies. */
function chooseAmongClasses(edges: readonly CopyEdge[], better: (a: number, b: number) => number): Map<number, CopyEdge> {
  const out = new Map<number, CopyEdge[]>();
  const into = new Map<number, CopyEdge[]>();
  const push = (m: Map<number, CopyEdge[]>, k: number, e: CopyEdge) => {
    const list = m.get(k);
    if (list) list.push(e);
    else m.set(k, [e]);
  };
  const docs = new Set<number>();
  for (const e of edges) {
    push(out, e.copy, e);
    push(into, e.of, e);
    docs.add(e.copy);
    docs.add(e.of);
  }
  const members = [...docs].sort((a, b) => a - b);
  const local = new Map(members.map((d, i) => [d, i]));
  const families = new UnionFind(members.length);
  for (const e of edges) families.union(local.get(e.copy)!, local.get(e.of)!);
  const byFamily = new Map<number, number[]>();
  for (const d of members) {
    const root = families.find(local.get(d)!);
    const list = byFamily.get(root);
    if (list) list.push(d);
    else byFamily.set(root, [d]);
  }

  const KEPT = 1;
  const REMOVED = 2;
  const state = new Map<number, number>();
  for (const family of byFamily.values()) {
    family.sort(better);
    const picked: number[] = [];
    const keep = (k: number) => {
      state.set(k, KEPT);
      picked.push(k);
      for (const e of into.get(k) ?? []) if (!state.has(e.copy)) state.set(e.copy, REMOVED);
    };
    // Copies of nothing must stay.
    for (const d of family) if (!out.has(d)) keep(d);
    for (;;) {
      let best = -1;
      let bestScore = 0;
      for (const d of family) {
        if (state.has(d)) continue;
        let score = 1;
        for (const e of into.get(d) ?? []) if (!state.has(e.copy)) score++;
        if (score > bestScore) {
          best = d;
          bestScore = score;
        }
      }
      if (best < 0) break;
      keep(best);
    }
    // A kept copy of another kept document goes too when nothing depends on it alone.
    for (let i = picked.length - 1; i >= 0; i--) {
      const k = picked[i];
      const keptElsewhere = (d: number) => (out.get(d) ?? []).some((e) => e.of !== k && state.get(e.of) === KEPT);
      if (!keptElsewhere(k)) continue;
      const dependants = (into.get(k) ?? []).filter((e) => state.get(e.copy) === REMOVED);
      if (dependants.every((e) => keptElsewhere(e.copy))) state.set(k, REMOVED);
    }
  }

  const removed = new Map<number, CopyEdge>();
  for (const d of members) {
    if (state.get(d) !== REMOVED) continue;
    let best: CopyEdge | undefined;
    for (const e of out.get(d) ?? []) {
      if (state.get(e.of) !== KEPT) continue;
      if (!best || e.coverage > best.coverage || (e.coverage === best.coverage && better(e.of, best.of) < 0)) best = e;
    }
    removed.set(d, best!);
  }
  return removed;
}
