/**
 * The shape both PAN-layout corpora (AraPlagDet, PAN13) are loaded into: suspicious and source texts,
 * the judged document pairs, and the truth cases in UTF-16 offsets.
 */
import type { Annotation } from '../pan-measures.js';
import { codePointToUtf16, spanToUtf16 } from './code-points.js';
import type { RawFeature } from './pan-xml.js';

export interface JudgedPair {
  suspicious: string;
  source: string;
  /** Category the pair belongs to (PAN13 folder name; `all` for AraPlagDet). */
  category: string;
}

export interface PanCorpus {
  name: string;
  /** Suspicious documents by file name. */
  suspicious: Map<string, string>;
  /** Source documents by file name. */
  sources: Map<string, string>;
  /** Pairs whose detections are judged; detections on other pairs are ignored. `undefined`: every pair. */
  judged?: JudgedPair[];
  /** Truth cases in UTF-16 offsets, with their obfuscation type; `category` set for PAN13. */
  cases: Array<Annotation & { category: string }>;
}

/** Turn a raw feature (code-point offsets) into a case in UTF-16 offsets of the two texts. */
export function toCase(
  suspiciousId: string,
  suspiciousText: string,
  sourceText: string,
  f: RawFeature,
  category: string,
): Annotation & { category: string } {
  const t = spanToUtf16(codePointToUtf16(suspiciousText), f.thisOffset, f.thisLength);
  const s = spanToUtf16(codePointToUtf16(sourceText), f.sourceOffset, f.sourceLength);
  return {
    thisRef: suspiciousId,
    thisOffset: t.offset,
    thisLength: t.length,
    sourceRef: f.sourceReference,
    sourceOffset: s.offset,
    sourceLength: s.length,
    obfuscation: f.obfuscation,
    category,
  };
}
