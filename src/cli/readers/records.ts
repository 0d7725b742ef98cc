/**
 * One parsed JSON record → one document, reading the fields the user named (`--id-field` …).
 */
import type { ReprintDocument } from '../../index.js';
import type { FieldNames } from '../args.js';

export type RecordOutcome =
  | { kind: 'document'; document: ReprintDocument }
  /** The text field is missing or null: skipped and counted. */
  | { kind: 'no-text' }
  /** Not a usable record; `reason` says what is wrong. */
  | { kind: 'bad'; reason: string };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A string, or a number turned into one; `undefined` for absent/null; `false` for anything else. */
function stringField(value: unknown): string | undefined | false {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return false;
}

/** Read a document from a parsed JSON value. */
export function recordToDocument(value: unknown, fields: FieldNames): RecordOutcome {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { kind: 'bad', reason: `expected a JSON object, got ${describe(value)}` };
  }
  const record = value as Record<string, unknown>;
  const id = stringField(record[fields.id]);
  if (id === undefined || id === '') {
    return { kind: 'bad', reason: `no ${JSON.stringify(fields.id)} field (name the id field with --id-field)` };
  }
  if (id === false) {
    return { kind: 'bad', reason: `field ${JSON.stringify(fields.id)} is ${describe(record[fields.id])}, not a string or number` };
  }
  const text = record[fields.text];
  if (text === undefined || text === null) return { kind: 'no-text' };
  if (typeof text !== 'string') {
    return { kind: 'bad', reason: `field ${JSON.stringify(fields.text)} is ${describe(text)}, not a string` };
  }
  const document: ReprintDocument = { id, text };
  for (const key of ['series', 'date'] as const) {
    const v = stringField(record[fields[key]]);
    if (v === false) {
      return { kind: 'bad', reason: `field ${JSON.stringify(fields[key])} is ${describe(record[fields[key]])}, not a string or number` };
    }
    if (v !== undefined) document[key] = v;
  }
  return { kind: 'document', document };
}
