import type { NormalizationRules } from './types.js';

/** Normalized text with, for each normalized UTF-16 unit i, the original span [starts[i], ends[i]). */
export interface Normalized {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
}

/** Work in progress. */
export function normalize(text: string, _rules: Partial<NormalizationRules> = {}): Normalized {
  const starts = new Int32Array(text.length).map((_, i) => i);
  return { text, starts, ends: starts.map((s) => s + 1) };
}
