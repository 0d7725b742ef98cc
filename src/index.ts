/**
 * reprints — find passages reprinted across a corpus of texts and show exactly which spans match.
 * The public API, by name; nothing else is public.
 */
export { findReprints } from './pipeline.js';
export { normalize } from './normalize.js';
export { parseDate } from './dates.js';
export { resolveOptions, DEFAULT_OPTIONS, DEFAULT_RULES } from './options.js';
export { ReprintsError } from './errors.js';
export type { ReprintsErrorCode } from './errors.js';
export type { Normalized } from './normalize.js';
export type {
  AlignedPair,
  Cluster,
  DocumentInfo,
  FindReprintsOptions,
  NormalizationRules,
  Passage,
  ProgressEvent,
  ReprintDocument,
  ReprintsResult,
  ResolvedParams,
  Span,
  StageName,
} from './types.js';
