/**
 * reprints — find passages reprinted across a corpus of texts and show exactly which spans match.
 * The public API, by name; nothing else is public.
 */
export { findReprints } from './pipeline.js';
export { normalize } from './normalize.js';
export { ReprintIndex } from './reprint-index.js';
export type { ClusterMerge, IndexAddOptions, IndexAddResult, IndexCheck, IndexStats } from './reprint-index.js';
export { MemoryIndexStore, INDEX_FORMAT } from './index-store.js';
// For storage backends: a stored document's text code, and a band's bytes.
export { decodeText, encodeText } from './text-codec.js';
export { decodeBand, encodeBand, matchBand } from './segment-codec.js';
export type { BandMatch, DecodedBand } from './segment-codec.js';
export type {
  BandSegment,
  IndexCommit,
  IndexHeader,
  IndexStore,
  IndexView,
  StoredDocument,
  StoredDocumentMeta,
  StoredPair,
} from './index-store.js';
export { parseDate } from './dates.js';
export { resolveOptions, DEFAULT_OPTIONS, DEFAULT_RULES } from './options.js';
export { ReprintsError } from './errors.js';
export { DeferredExecutor, InlineExecutor } from './executor.js';
export { runTask, TaskContext } from './tasks.js';
export { WebWorkerExecutor } from './web/executor.js';
export type { Executor, TaskInput, TaskName, TaskOutput } from './executor.js';
export type { WorkerLike } from './web/executor.js';
export type { ReprintsErrorCode } from './errors.js';
export type { Normalized } from './normalize.js';
export type {
  AlignedPair,
  Cluster,
  DocumentInfo,
  FindReprintsOptions,
  MatchKind,
  Mode,
  NormalizationRules,
  Passage,
  ProgressEvent,
  ReprintDocument,
  ReprintsResult,
  ResolvedParams,
  Span,
  StageName,
} from './types.js';
