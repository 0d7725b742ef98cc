/**
 * Reading PAN annotation files: `<document reference="susp.txt"><feature name="plagiarism" this_offset=…
 * this_length=… source_reference=… source_offset=… source_length=… obfuscation=…/></document>`.
 * Attribute order varies between corpora, so attributes are read by name.
 */

export interface RawFeature {
  thisOffset: number;
  thisLength: number;
  sourceReference: string;
  sourceOffset: number;
  sourceLength: number;
  obfuscation: string;
}

export interface RawAnnotationFile {
  reference: string;
  features: RawFeature[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]);
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)) out[m[1]] = decodeEntities(m[2]);
  return out;
}

/** Parse one annotation file; features other than `plagiarism` with both spans are skipped. */
export function parseAnnotationXml(xml: string): RawAnnotationFile {
  const doc = /<document\b[^>]*>/.exec(xml);
  const reference = doc ? (attributes(doc[0]).reference ?? '') : '';
  const features: RawFeature[] = [];
  for (const m of xml.matchAll(/<feature\b[^>]*>/g)) {
    const a = attributes(m[0]);
    if (a.name !== 'plagiarism' || a.source_reference === undefined) continue;
    features.push({
      thisOffset: Number(a.this_offset),
      thisLength: Number(a.this_length),
      sourceReference: a.source_reference,
      sourceOffset: Number(a.source_offset),
      sourceLength: Number(a.source_length),
      obfuscation: a.obfuscation ?? 'unknown',
    });
  }
  return { reference, features };
}
