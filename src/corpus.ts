/**
 * Stage 1 (normalize) — corpus intake: every document is validated once, here at the boundary, and
 * given an input index; ids must be unique; series become small integers for the hot loops. The
 * texts are kept encoded in a {@link TextStore} (about half the memory of strings, and no garbage
 * collector work): a document's `text` is decoded each time it is read.
 */
import { ReprintsError } from './errors.js';
import { TextStore } from './text-store.js';
import { withRoom } from './typed-arrays.js';
import type { ReprintDocument } from './types.js';

const NO_ANCHORS = new Uint32Array(0);

function describe(doc: unknown): string {
  if (doc && typeof doc === 'object' && typeof (doc as { id?: unknown }).id === 'string') {
    return `document ${JSON.stringify((doc as { id: string }).id)}`;
  }
  return 'document';
}

function checkDocument(doc: unknown, index: number): asserts doc is ReprintDocument {
  const where = `${describe(doc)} at input position ${index}`;
  if (doc === null || typeof doc !== 'object') {
    throw new ReprintsError('INVALID_DOCUMENT', `${where}: expected an object { id, text, series?, date? }, got ${doc === null ? 'null' : typeof doc}`);
  }
  const d = doc as Record<string, unknown>;
  if (typeof d.id !== 'string' || d.id.length === 0) {
    throw new ReprintsError('INVALID_DOCUMENT', `${where}: id must be a non-empty string, got ${JSON.stringify(d.id) ?? 'undefined'}`);
  }
  if (typeof d.text !== 'string') {
    throw new ReprintsError('INVALID_DOCUMENT', `${where}: text must be a string, got ${d.text === null ? 'null' : typeof d.text}`);
  }
  for (const field of ['series', 'date'] as const) {
    if (d[field] !== undefined && typeof d[field] !== 'string') {
      throw new ReprintsError('INVALID_DOCUMENT', `${where}: ${field} must be a string when given, got ${typeof d[field]}`);
    }
  }
}

/** A document of the corpus: its text decoded from the corpus's store at every read. */
export class StoredDocument implements ReprintDocument {
  readonly series?: string;
  readonly date?: string;

  constructor(
    readonly id: string,
    doc: ReprintDocument,
    private readonly store: TextStore,
    private readonly index: number,
  ) {
    if (doc.series !== undefined) this.series = doc.series;
    if (doc.date !== undefined) this.date = doc.date;
  }

  get text(): string {
    return this.store.text(this.index);
  }

  /** Store this document's text in `store` as it is coded here (no decoding); returns its index there. */
  copyTextInto(store: TextStore): number {
    return store.addFrom(this.store, this.index);
  }

  /** `text.slice(start, end)`, decoded alone: a string of its own, not a view of the whole text. */
  slice(start: number, end: number): string {
    return this.store.text(this.index, start, end);
  }
}

/** The documents read so far, by input index, with what the stages learn about each. */
export class Corpus {
  /** The documents; reading a `text` decodes it (read it once per use, not in a loop). */
  readonly docs: StoredDocument[] = [];
  /** Series as small integers (-1: none), for the same-series test in hot loops. */
  readonly seriesId: number[] = [];
  /** Normalized length of each document (units); set by the sign stage. */
  readonly normLength: number[] = [];
  /** For each document that duplicates an earlier one exactly (normalized), that one; else -1. */
  readonly copyOf: number[] = [];
  /**
   * Where each document's anchor hashes are (see {@link anchorsOf}): in which of `anchorArrays`
   * (the sign stage's batch arrays, kept whole: no array object per document), from and to where.
   */
  private readonly anchorArrays: Uint32Array[] = [];
  private readonly anchorArray: number[] = [];
  private readonly anchorStart: number[] = [];
  private readonly anchorEnd: number[] = [];
  private readonly texts = new TextStore();
  /** xxHash64 of each document's normalized text (see {@link fingerprintOf}). */
  private fingerprints = new BigUint64Array(1024);
  private readonly idAt = new Map<string, number>();
  private readonly seriesIds = new Map<string, number>();

  /** Whether documents `a` and `b` may be paired: different series, unless same-series pairs are on. */
  readonly acceptPair: (a: number, b: number) => boolean;

  /** @param sameSeries - whether pairs inside one series are reported */
  constructor(readonly sameSeries: boolean) {
    this.acceptPair = acceptPairs(this.seriesId, sameSeries);
  }

  /** Number of documents. */
  get size(): number {
    return this.docs.length;
  }

  /** Sorted distinct hashes of document `index`'s winnowing anchors (empty for copies): a view. */
  anchorsOf(index: number): Uint32Array {
    const a = this.anchorArray[index];
    return a < 0 ? NO_ANCHORS : this.anchorArrays[a].subarray(this.anchorStart[index], this.anchorEnd[index]);
  }

  /** Set document `index`'s anchor hashes to `hashes[start .. end)` (kept, not copied). */
  setAnchors(index: number, hashes: Uint32Array, start: number, end: number): void {
    if (this.anchorArrays[this.anchorArrays.length - 1] !== hashes) this.anchorArrays.push(hashes);
    this.anchorArray[index] = this.anchorArrays.length - 1;
    this.anchorStart[index] = start;
    this.anchorEnd[index] = end;
  }

  /** xxHash64 of document `index`'s normalized text, as the sign stage computed it (0 when empty or not yet signed). */
  fingerprintOf(index: number): bigint {
    return index < this.fingerprints.length ? this.fingerprints[index] : 0n;
  }

  /** Record document `index`'s fingerprint (the sign stage). */
  setFingerprint(index: number, fp: bigint): void {
    this.fingerprints = withRoom(this.fingerprints, index + 1);
    this.fingerprints[index] = fp;
  }

  /** Document `index`'s text coded as `encodeText` codes it (a view), without decoding it. */
  textCode(index: number): Uint8Array {
    return this.texts.code(index);
  }

  /** Length of document `index`'s text (UTF-16 units), without decoding it. */
  textLength(index: number): number {
    return this.texts.length(index);
  }

  /**
   * Validate one input document and append it.
   * @param coded - its text as `encodeText` codes it, with its length in UTF-16 units: `input` is then
   *   `{ id, series?, date? }` of a document checked when it was first read (a persistent index's
   *   archived documents), not checked again
   * @returns its input index
   * @throws {ReprintsError} `INVALID_DOCUMENT` naming the document and field; `DUPLICATE_ID` naming
   *   the id and both input positions
   */
  add(input: unknown, coded?: { code: Uint8Array; length: number }): number {
    const index = this.docs.length;
    // A document of another corpus was checked there; its text moves over still coded.
    const stored = input instanceof StoredDocument;
    if (!stored && !coded) checkDocument(input, index);
    const doc = input as ReprintDocument;
    const earlier = this.idAt.get(doc.id);
    if (earlier !== undefined) {
      throw new ReprintsError(
        'DUPLICATE_ID',
        `document id ${JSON.stringify(doc.id)} appears twice: at input positions ${earlier} and ${index}; ids must be unique`,
      );
    }
    this.idAt.set(doc.id, index);
    let sid = -1;
    if (doc.series !== undefined) {
      sid = this.seriesIds.get(doc.series) ?? this.seriesIds.size;
      this.seriesIds.set(doc.series, sid);
    }
    const at = coded ? this.texts.addCode(coded.code, coded.length) : stored ? (input as StoredDocument).copyTextInto(this.texts) : this.texts.add(doc.text);
    this.docs.push(new StoredDocument(doc.id, doc, this.texts, at));
    this.seriesId.push(sid);
    this.normLength.push(0);
    this.copyOf.push(-1);
    this.anchorArray.push(-1);
    this.anchorStart.push(0);
    this.anchorEnd.push(0);
    return index;
  }
}

/**
 * Whether documents `a` and `b` may pair: always with `sameSeries`, else unless both are of one
 * series (`series[d]`: a small integer, −1 for none).
 */
export function seriesAllow(series: ArrayLike<number>, sameSeries: boolean, a: number, b: number): boolean {
  return sameSeries || series[a] < 0 || series[a] !== series[b];
}

/** The pair filter of {@link Corpus.acceptPair} over a series array (in a task, away from the corpus). */
export function acceptPairs(series: ArrayLike<number>, sameSeries: boolean): (a: number, b: number) => boolean {
  return (a, b) => seriesAllow(series, sameSeries, a, b);
}
