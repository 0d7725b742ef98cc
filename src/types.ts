/**
 * Public data types of the reprints engine. Offsets everywhere are UTF-16 code units into the
 * *original* text (`text.slice(start, end)`), end exclusive.
 */
import type { Executor } from './executor.js';

/** One input document. */
export interface ReprintDocument {
  /** Unique id (file path, URL…). */
  id: string;
  /** Full original text. */
  text: string;
  /** Outlet or collection; pairs inside one series are ignored unless `sameSeries` is on. */
  series?: string;
  /** Publication date, ISO-8601 preferred; compared as a string (earliest first). */
  date?: string;
}

/** Switches for each normalization rule (all on by default). */
export interface NormalizationRules {
  /** Unicode NFKC compatibility folding. */
  nfkc: boolean;
  /** Case folding (lower case). */
  caseFold: boolean;
  /** Drop Arabic harakat and other marks (U+064B–U+065F, U+0670, U+06D6–U+06ED). */
  arabicMarks: boolean;
  /** Drop tatweel (U+0640). */
  tatweel: boolean;
  /** Fold alef forms (أ إ آ ٱ → ا). */
  alef: boolean;
  /** Fold alef maksura ى → ي. */
  yeh: boolean;
  /** Fold teh marbuta ة → ه. */
  tehMarbuta: boolean;
  /** Fold Persian keheh/yeh ک/ی → ك/ي. */
  persian: boolean;
  /** Arabic-Indic and Eastern Arabic-Indic digits → ASCII. */
  digits: boolean;
  /** Strip diacritics from Latin (and other non-Arabic) letters: é → e. */
  latinDiacritics: boolean;
  /** Punctuation, symbols and whitespace of every script become one separator. */
  punctuation: boolean;
}

/** Options of {@link findReprints}. Every field is optional; defaults are in `DEFAULT_OPTIONS`. */
export interface FindReprintsOptions {
  /** Character shingle size k (normalized characters). */
  shingleSize?: number;
  /** MinHash signature size (number of one-permutation bins); must equal bands × rows when both are given. */
  signatureSize?: number;
  /** Jaccard similarity of passage windows that LSH should flag (0 < t < 1). */
  threshold?: number;
  /** LSH bands; derived from `threshold` when omitted. */
  bands?: number;
  /** LSH rows per band; derived from `threshold` when omitted. */
  rows?: number;
  /** Shortest shared passage, in normalized characters, that is reported. */
  minLength?: number;
  /** Lowest normalized-Levenshtein similarity of a reported aligned pair (0–1). */
  minSimilarity?: number;
  /** Largest gap (normalized characters, in either document) bridged inside one aligned passage. */
  maxGap?: number;
  /** Least share of an aligned passage covered by exact shared shingles (0–1): the verification bar. */
  minCoverage?: number;
  /** Report pairs between documents of the same series (default false: site boilerplate). */
  sameSeries?: boolean;
  /** Seed of every random choice (hash functions). */
  seed?: number;
  /** Normalization rules to switch off or on. */
  normalization?: Partial<NormalizationRules>;
  /** Called as the engine advances; for progress bars. Never affects the result. */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Threads for the parallel stages (signing, LSH grouping, alignment); default 1, which runs
   * everything inline. Never affects the result: the output bytes are the same for any count. In
   * Node, `reprints` runs them on a worker pool (piscina); in a browser, on Web Workers.
   */
  workers?: number;
  /**
   * Where the parallel stages' tasks run, instead of the pool `workers` would make (the caller
   * closes it). See {@link Executor}.
   */
  executor?: Executor;
  /** Aborts the run: the engine stops at the next task and rejects with `ReprintsError` `ABORTED`. */
  signal?: AbortSignal;
  /**
   * `'default'`: reprints and near-duplicates (character shingles, same order). `'reuse'`: also the
   * word-level, order-insensitive path for reworded and reordered reuse (shuffled words or phrases,
   * synonyms); slower. See {@link MatchKind}.
   */
  mode?: Mode;
}

/** What the engine looks for: reprints (`default`) or also reordered, reworded reuse (`reuse`). */
export type Mode = 'default' | 'reuse';

/**
 * How a pair matches: `verbatim` — the two spans are the same text after normalization; `edited` —
 * the same text in the same order with edits (similarity under 1); `reordered` — found by the
 * word-level path of `mode: 'reuse'`: the same words, shuffled or reworded (its similarity, still
 * 1 − Levenshtein / longer length, is then low).
 */
export type MatchKind = 'verbatim' | 'edited' | 'reordered';

/** Stages of the pipeline, in order. */
export type StageName = 'normalize' | 'sign' | 'lsh' | 'align' | 'cluster';

/** A progress report: `done` of `total` items in `stage` (`total` unknown while streaming). */
export interface ProgressEvent {
  stage: StageName;
  done: number;
  total?: number;
  /** Milliseconds spent in this stage so far. */
  ms: number;
  /** Original characters processed so far (normalize/sign stages). */
  chars?: number;
}

/** A span of one document, in original UTF-16 offsets. */
export interface Span {
  doc: string;
  start: number;
  end: number;
}

/** A passage of a cluster: a span plus its original text. */
export interface Passage extends Span {
  text: string;
}

/** All copies of one reprinted text. Passages are ordered by date (earliest first), then input order. */
export interface Cluster {
  id: number;
  passages: Passage[];
}

/** Two aligned spans, `a` earlier than `b` (by date, then input order). */
export interface AlignedPair {
  a: Span;
  b: Span;
  /** 1 − Levenshtein distance / longer length, over the aligned normalized text. */
  similarity: number;
  /** Id of the cluster both spans belong to. */
  cluster: number;
  /** How the spans match: `verbatim`, `edited` or `reordered` (see {@link MatchKind}). */
  kind: MatchKind;
}

/** Summary of one input document. */
export interface DocumentInfo {
  id: string;
  series?: string;
  date?: string;
  /** Length of the original text in UTF-16 code units. */
  length: number;
}

/** Every parameter the engine actually used, including derived ones. */
export interface ResolvedParams {
  shingleSize: number;
  signatureSize: number;
  threshold: number;
  bands: number;
  rows: number;
  minLength: number;
  minSimilarity: number;
  maxGap: number;
  minCoverage: number;
  sameSeries: boolean;
  seed: number;
  /** `default` or `reuse` (word-level path on). */
  mode: Mode;
  /** Length of a passage window, normalized characters. */
  windowLength: number;
  /** Winnowing window of the content-defined anchors that start passage windows, in shingles. */
  anchorWindow: number;
  normalization: NormalizationRules;
}

/** The result of {@link findReprints}; the CLI's `--format json` prints exactly this. */
export interface ReprintsResult {
  documents: DocumentInfo[];
  clusters: Cluster[];
  pairs: AlignedPair[];
  params: ResolvedParams;
}
