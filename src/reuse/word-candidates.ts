/**
 * Reuse mode — candidate document pairs from the word level.
 *
 * A reworded or shuffled passage keeps its words but not its character shingles, and a shuffled one
 * keeps no order either: what survives is that the words of any stretch of the copy occur in the
 * source. So each document is cut into windows of `WINDOW` content words (every `STEP`), and each
 * window asks the corpus which other documents contain most of it: over an inverted index of terms
 * (document frequency at most `maxDf`: common terms are in every document and tell nothing), a
 * document scores the idf of the window's terms it contains, and it becomes a candidate of the
 * window's document when it holds `CONTAINMENT` of the window's idf mass. Both documents of a pair
 * ask, so the copy may be either.
 */
import type { ContentWords } from './words.js';

/** Content words per window, and the step between windows. */
const WINDOW = 20;
const STEP = 10;
/** Share of a window's idf mass another document must contain. */
const CONTAINMENT = 0.6;
/** Fewest indexed terms a window needs to ask at all. */
const MIN_TERMS = 6;
/** Terms in more than this share of the documents (and more than 2) are not indexed. */
const MAX_DF_SHARE = 0.1;

/** Dense term numbering, document frequencies and postings (documents of each term, ascending). */
export class TermIndex {
  /** Term id (hash) → dense term number. */
  private readonly number = new Map<number, number>();
  /** Each document's terms as dense numbers. */
  readonly docTerms: Int32Array[] = [];
  df: Int32Array = new Int32Array(0);
  private postStart = new Int32Array(0);
  private postings = new Int32Array(0);
  /** Number of documents indexed (empty slots included). */
  size = 0;

  /** @param docs - content words per document; `null` for a document left out (an exact copy) */
  constructor(docs: readonly (ContentWords | null)[]) {
    const dfList: number[] = [];
    this.size = docs.length;
    for (const d of docs) {
      if (!d) {
        this.docTerms.push(new Int32Array(0));
        continue;
      }
      const dense = new Int32Array(d.terms.length);
      for (let i = 0; i < d.terms.length; i++) {
        let t = this.number.get(d.terms[i]);
        if (t === undefined) {
          t = dfList.length;
          this.number.set(d.terms[i], t);
          dfList.push(0);
        }
        dense[i] = t;
      }
      this.docTerms.push(dense);
    }
    // Document frequencies and postings (CSR), documents ascending.
    const df = new Int32Array(dfList.length);
    const lastDoc = new Int32Array(dfList.length).fill(-1);
    this.docTerms.forEach((terms, doc) => {
      for (const t of terms) {
        if (lastDoc[t] !== doc) {
          lastDoc[t] = doc;
          df[t]++;
        }
      }
    });
    const start = new Int32Array(df.length + 1);
    for (let t = 0; t < df.length; t++) start[t + 1] = start[t] + df[t];
    const fill = start.slice(0, df.length);
    const postings = new Int32Array(start[df.length]);
    lastDoc.fill(-1);
    this.docTerms.forEach((terms, doc) => {
      for (const t of terms) {
        if (lastDoc[t] !== doc) {
          lastDoc[t] = doc;
          postings[fill[t]++] = doc;
        }
      }
    });
    this.df = df;
    this.postStart = start;
    this.postings = postings;
  }

  /** Number of documents with content words. */
  get documents(): number {
    let n = 0;
    for (const t of this.docTerms) if (t.length > 0) n++;
    return n;
  }

  /** idf weight of each term, log(1 + N / df), N the documents with content words. */
  weights(): Float64Array {
    const n = this.documents;
    const w = new Float64Array(this.df.length);
    for (let t = 0; t < w.length; t++) w[t] = Math.log(1 + n / this.df[t]);
    return w;
  }

  /**
   * Candidate pairs `[x, y]` (x < y) whose documents contain most of a window of the other.
   * @param accept - whether two documents may be paired (series rule)
   */
  candidates(accept: (a: number, b: number) => boolean): Int32Array {
    const maxDf = Math.max(2, Math.floor(MAX_DF_SHARE * this.documents));
    const idf = this.weights();
    const score = new Float64Array(this.size);
    const touched = new Int32Array(this.size);
    const seen = new Int32Array(this.df.length).fill(-1);
    const found = new Set<number>();
    const pairs: number[] = [];
    let stamp = 0;
    this.docTerms.forEach((terms, doc) => {
      if (terms.length === 0) return;
      const last = Math.max(0, terms.length - WINDOW);
      for (let s = 0; ; s = Math.min(s + STEP, last)) {
        stamp++;
        let mass = 0;
        let asked = 0;
        let nTouched = 0;
        const e = Math.min(terms.length, s + WINDOW);
        for (let i = s; i < e; i++) {
          const t = terms[i];
          if (seen[t] === stamp || this.df[t] > maxDf) continue;
          seen[t] = stamp;
          mass += idf[t];
          asked++;
          for (let p = this.postStart[t]; p < this.postStart[t + 1]; p++) {
            const other = this.postings[p];
            if (other === doc) continue;
            if (score[other] === 0) touched[nTouched++] = other;
            score[other] += idf[t];
          }
        }
        for (let k = 0; k < nTouched; k++) {
          const other = touched[k];
          if (asked >= MIN_TERMS && score[other] >= CONTAINMENT * mass && accept(doc, other)) {
            const x = Math.min(doc, other);
            const y = Math.max(doc, other);
            const key = x * this.size + y;
            if (!found.has(key)) {
              found.add(key);
              pairs.push(x, y);
            }
          }
          score[other] = 0;
        }
        if (s === last) break;
      }
    });
    return Int32Array.from(pairs);
  }
}
