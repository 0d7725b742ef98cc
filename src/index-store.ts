/**
 * Storage behind a persistent {@link ReprintIndex}: the small interface a backend implements, the
 * band-key segments it stores, and the in-memory backend that tests and browsers use.
 *
 * The index never asks a backend to search: it reads plain data (document metadata, texts, anchor
 * hashes, band-key segments, aligned pairs) from one consistent snapshot, does the work in typed
 * arrays, and hands back one commit that the backend applies atomically. A backend therefore needs
 * only snapshot reads and atomic, serialized writes — an embedded database (SQLite in
 * `openIndex` of the Node entry), an object store with a compare-and-swap manifest, or plain memory.
 */
import type { RawPair } from './cluster.js';
import { BandSorter } from './band-sorter.js';
import { sortWindows } from './lsh.js';
import { matchDecoded, mergeRuns, type BandMatch, type DecodedBand } from './segment-codec.js';

/** What the index keeps about each stored document (everything but its text and anchors). */
export interface StoredDocumentMeta {
  /** Position in the index, from 0, in the order documents were added. */
  ord: number;
  id: string;
  series?: string;
  date?: string;
  /** Length of the original text (UTF-16 code units). */
  length: number;
  /** Length of the normalized text (units). */
  normLength: number;
  /** Whole-text fingerprint (exact copies) with its series scope; empty for an empty document. */
  fingerprint: string;
  /** `ord` of the first document with the same normalized text, or −1 (then it was signed). */
  copyOf: number;
}

/** A document as written: metadata, original text and sorted distinct anchor hashes. */
export interface StoredDocument extends StoredDocumentMeta {
  /** The original text as `encodeText` (text-codec.ts) codes it — about a byte a character; `decodeText` gives it back. */
  code: Uint8Array;
  anchors: Uint32Array;
}

/**
 * The band keys of the windows of one `add`, one sorted run per band: `keys[b]` ascending, with the
 * document (`ord`) of each key beside it in `docs[b]`; equal keys keep window order (insertion
 * order), as the batch LSH index does.
 */
export interface BandSegment {
  keys: Uint32Array[];
  docs: Int32Array[];
}

/** One pair as stored: documents by `ord`, original spans (as the engine's pairs). */
export interface StoredPair extends RawPair {
  /**
   * `aligned` by the aligner, or `marker`: an exact-copy family's head paired with itself over its
   * whole text (as the batch's `CopyFamilies` markers), stored once the head has a pairable copy so
   * that clustering needs no texts; its copies get their passages and whole-copy pairs when shaped.
   */
  kind: 'aligned' | 'marker';
  /** Stable id of the cluster the pair belongs to. */
  cluster: number;
}

/** The header of an index: format version, the parameters it was built with, counters. */
export interface IndexHeader {
  /** Index format version ({@link INDEX_FORMAT} when written by this version). */
  format: number;
  /** Every engine parameter (the `params` of a result), as written at creation. */
  params: Record<string, unknown>;
  documents: number;
  pairs: number;
  /** Next cluster id to hand out (ids are never reused). */
  nextCluster: number;
  /** Completed adds. */
  adds: number;
}

/** Everything one `add` writes; applied all at once or not at all. */
export interface IndexCommit {
  header: IndexHeader;
  /** New documents, `ord` continuing from the stored count. */
  documents: StoredDocument[];
  /** Band keys of the new documents' windows (absent when none was signed). */
  segment?: BandSegment;
  /** New pairs, numbered on from the stored count. */
  pairs: StoredPair[];
  /** Stored pairs whose cluster id changed (clusters merged or split): `[pair number, cluster]`. */
  clusterUpdates: [number, number][];
}

/** A consistent snapshot of an index, read by {@link ReprintIndex}. */
export interface IndexView {
  /** The header, or `undefined` for a store never written. */
  header(): Promise<IndexHeader | undefined>;
  /** Every document's metadata, by `ord` (export, check, stats; an add reads only the documents it involves). */
  documents(): Promise<StoredDocumentMeta[]>;
  /** The metadata of the given documents, in the order asked. */
  documentsAt(ords: readonly number[]): Promise<StoredDocumentMeta[]>;
  /**
   * Every document's series, by `ord` (`undefined`: none): one column, for an add whose look-up finds
   * much of the archive (pairs within a series are left out, so it needs the series of every
   * document it finds).
   */
  series(): Promise<(string | undefined)[]>;
  /** The `ord` of the stored document with each id, or `undefined` for an id not stored. */
  ordsOf(ids: readonly string[]): Promise<(number | undefined)[]>;
  /**
   * For each whole-text fingerprint (`StoredDocumentMeta.fingerprint`, non-empty), the first stored
   * document with it that was signed (`copyOf` −1: the head of its exact copies), or `undefined`.
   */
  firstSigned(fingerprints: readonly string[]): Promise<(number | undefined)[]>;
  /** The stored exact copies (`copyOf` ≥ 0) of the given heads, ascending by `ord`. */
  copiesOf(heads: readonly number[]): Promise<StoredDocumentMeta[]>;
  /** Original texts of the given documents, in the order asked, as `encodeText` codes them (`StoredDocument.code`). */
  texts(ords: readonly number[]): Promise<Uint8Array[]>;
  /** Sorted distinct anchor hashes of the given documents, in the order asked. */
  anchors(ords: readonly number[]): Promise<Uint32Array[]>;
  /** Number of band-key segments (each holds the windows of one add or, merged, of several in a row). */
  segmentCount(): Promise<number>;
  /**
   * Windows in segment `seg` (from 0, oldest first): the length of each of its bands. A backend
   * storing `encodeBand`'s bytes reads it from a band's header (`bandSize`), without decoding it.
   */
  segmentWindows(seg: number): Promise<number>;
  /** Band `band` of segment `seg` (from 0, oldest first), whole: its keys ascending and the document of each. */
  band(seg: number, band: number): Promise<DecodedBand>;
  /**
   * The entries of band `band`, over every segment, whose key is among `keys` (ascending): each
   * asked key's entries in archive order (oldest segment first, each in stored order); the calls of
   * different keys may interleave in any order. This is what a lookup reads: a backend storing
   * `encodeBand`'s bytes decodes only the partitions of the keys asked (`matchBand` of
   * `segment-codec.ts`), one keeping bands decoded merges the keys with them (`matchDecoded`).
   */
  matchBand(band: number, keys: Uint32Array, onMatch: BandMatch): Promise<void>;
  /** Every stored pair, by pair number. */
  pairs(): Promise<StoredPair[]>;
}

/**
 * A storage backend of a {@link ReprintIndex}. Implement these three methods to put an index
 * somewhere else (a shared database, an object store): reads see one snapshot each, writes are
 * serialized and atomic — a crash during `write` leaves the state of the last completed one.
 */
export interface IndexStore {
  /** Run `fn` against one consistent snapshot; writes committing meanwhile are not seen. */
  read<T>(fn: (view: IndexView) => Promise<T>): Promise<T>;
  /**
   * Run `fn` with the latest state, exclusively among writers, and apply the commit it returns
   * atomically (nothing when it returns `undefined` or throws).
   */
  write<T>(fn: (view: IndexView) => Promise<{ commit?: IndexCommit; value: T }>): Promise<T>;
  /**
   * Problems of the storage itself (a file whose pages do not read back whole), one line each; none
   * when it is sound. `ReprintIndex.check` reports them before checking what the index holds.
   */
  verify?(): Promise<string[]>;
  /**
   * Copy the index, as of its last completed write, to a new file at `path` (replacing one there),
   * while other connections go on reading and writing. Optional: a store that keeps no file has none.
   */
  backup?(path: string): Promise<{ bytes: number; documents: number; adds: number }>;
  /** Release the backend. */
  close(): Promise<void>;
}

/**
 * Current index format. Bump when stored data would be read differently. Format 6 stores the bands
 * of new segments in pieces (the SQLite store: a look-up of a few keys reads a few pieces); format 5
 * merges band segments ({@link segmentsToMerge}); format 4 has one segment per add. Older formats are
 * read as they are and written as the current one from their next add (their segments stay as they
 * are until merged).
 */
export const INDEX_FORMAT = 6;

/** Formats this version reads. */
export const READABLE_FORMATS: readonly number[] = [4, 5, 6];

/** Segments merge only once there are this many (see {@link segmentsToMerge}). */
const MERGE_FROM = 8;

/**
 * A segment is merged with the newer ones once they hold this many times its size (see
 * {@link segmentsToMerge}).
 */
const MERGE_RATIO = 3;

/**
 * Which of the newest segments to merge into one after an add, given their sizes (oldest first, in
 * any measure that grows with the entries): none while there are fewer than `from`; then the oldest
 * segment whose newer segments together hold at least `ratio` times its size is merged with all of
 * them. Returns how many segments that is (0: none). Tiered merging, as log-structured stores do it:
 * a look-up reads every segment, so without it a daily add in a fresh process reads one segment per
 * day ever added, an hourly one 8,760 a year. Segments of about one size merge several at a time into
 * one of a larger size, so each window is rewritten a few times over thousands of adds (about 4 for
 * 5,000 equal adds), and each segment left is larger than a third of all newer ones together, so
 * some twenty remain at most in practice (at worst about log₄⁄₃ of the largest size over the
 * smallest). Merging nothing under `from` segments keeps the cost off small archives, where a
 * look-up of a few segments costs what one of a single segment does. One merge always settles: the
 * segments before the merged ones have the same newer total as before.
 */
export function segmentsToMerge(sizes: readonly number[], { ratio = MERGE_RATIO, from = MERGE_FROM } = {}): number {
  if (sizes.length < from) return 0;
  let newer = 0;
  const after = new Float64Array(sizes.length);
  for (let j = sizes.length - 1; j >= 0; j--) {
    after[j] = newer;
    newer += sizes[j];
  }
  for (let j = 0; j < sizes.length - 1; j++) if (after[j] >= ratio * sizes[j]) return sizes.length - j;
  return 0;
}

/** Consecutive segments (oldest first) merged into one, band by band (equal keys oldest segment first). */
export function mergeSegments(segments: readonly BandSegment[]): BandSegment {
  const out: BandSegment = { keys: [], docs: [] };
  const bands = segments[0]?.keys.length ?? 0;
  for (let b = 0; b < bands; b++) {
    const merged = mergeRuns(segments.map((s) => ({ keys: s.keys[b], docs: s.docs[b] })));
    out.keys.push(merged.keys);
    out.docs.push(merged.docs);
  }
  return out;
}

/**
 * A band segment from the keys of `count` windows, band-major as signed (`keys[b][w]`, document of
 * window w in `docs[w]`): each band sorted by key, equal keys in window order.
 */
export function buildSegment(keys: Uint32Array[], docs: Int32Array, count: number): BandSegment {
  const out: BandSegment = { keys: [], docs: [] };
  const sorter = new BandSorter();
  for (const bandKeys of keys) {
    const sorted = sortWindows(bandKeys, docs, count, sorter);
    out.keys.push(sorted.keys);
    out.docs.push(sorted.docs);
  }
  return out;
}

/** A memory store snapshot's documents by id, first signed document by fingerprint, and exact copies by head. */
interface Lookups {
  byId: Map<string, number>;
  firstSigned: Map<string, number>;
  copies: Map<number, number[]>;
}

const LOOKUPS = new WeakMap<MemoryState, Lookups>();

/** The look-ups of a snapshot, built at its first use. */
function lookups(state: MemoryState): Lookups {
  let l = LOOKUPS.get(state);
  if (!l) {
    l = { byId: new Map(), firstSigned: new Map(), copies: new Map() };
    for (const d of state.documents) {
      l.byId.set(d.id, d.ord);
      const list = d.copyOf >= 0 ? l.copies.get(d.copyOf) : undefined;
      if (list) list.push(d.ord);
      else if (d.copyOf >= 0) l.copies.set(d.copyOf, [d.ord]);
      else if (d.fingerprint && !l.firstSigned.has(d.fingerprint)) l.firstSigned.set(d.fingerprint, d.ord);
    }
    LOOKUPS.set(state, l);
  }
  return l;
}

interface MemoryState {
  header?: IndexHeader;
  documents: StoredDocument[];
  segments: BandSegment[];
  pairs: StoredPair[];
}

/**
 * An index kept in memory (tests, browsers, one-off sessions). Each commit makes a new state, so a
 * read that started earlier keeps its snapshot.
 */
export class MemoryIndexStore implements IndexStore {
  private state: MemoryState = { documents: [], segments: [], pairs: [] };
  private writing: Promise<unknown> = Promise.resolve();
  private closed = false;

  private view(state: MemoryState): IndexView {
    const meta = ({ code: _c, anchors: _a, ...m }: StoredDocument): StoredDocumentMeta => m;
    return {
      header: async () => state.header && structuredClone(state.header),
      documents: async () => state.documents.map(meta),
      documentsAt: async (ords) => ords.map((o) => meta(state.documents[o])),
      series: async () => state.documents.map((d) => d.series),
      ordsOf: async (ids) => {
        const { byId } = lookups(state);
        return ids.map((id) => byId.get(id));
      },
      firstSigned: async (fingerprints) => {
        const { firstSigned } = lookups(state);
        return fingerprints.map((f) => firstSigned.get(f));
      },
      copiesOf: async (heads) => {
        const { copies } = lookups(state);
        return heads
          .flatMap((h) => copies.get(h) ?? [])
          .sort((x, y) => x - y)
          .map((o) => meta(state.documents[o]));
      },
      texts: async (ords) => ords.map((o) => state.documents[o].code),
      anchors: async (ords) => ords.map((o) => state.documents[o].anchors),
      segmentCount: async () => state.segments.length,
      segmentWindows: async (seg) => {
        const segment = state.segments[seg];
        if (segment === undefined) throw new Error(`there is no segment ${seg}`);
        return segment.keys[0]?.length ?? 0;
      },
      band: async (seg, b) => ({ keys: state.segments[seg].keys[b], docs: state.segments[seg].docs[b] }),
      matchBand: async (b, keys, onMatch) => {
        for (const seg of state.segments) matchDecoded(seg.keys[b], seg.docs[b], keys, onMatch);
      },
      pairs: async () => state.pairs.map((p) => ({ ...p })),
    };
  }

  private check(): void {
    if (this.closed) throw new Error('index store is closed');
  }

  async read<T>(fn: (view: IndexView) => Promise<T>): Promise<T> {
    this.check();
    return fn(this.view(this.state));
  }

  async write<T>(fn: (view: IndexView) => Promise<{ commit?: IndexCommit; value: T }>): Promise<T> {
    this.check();
    const run = this.writing.then(async () => {
      const { commit, value } = await fn(this.view(this.state));
      if (commit) {
        const pairs = this.state.pairs.slice();
        for (const [n, cluster] of commit.clusterUpdates) pairs[n] = { ...pairs[n], cluster };
        const segments = commit.segment ? [...this.state.segments, commit.segment] : this.state.segments.slice();
        const merge = segmentsToMerge(segments.map((seg) => seg.keys[0]?.length ?? 0));
        if (merge) segments.push(mergeSegments(segments.splice(segments.length - merge, merge)));
        this.state = {
          header: structuredClone(commit.header),
          // (A document's code may be a view of a larger chunk: a copy keeps only its own bytes.)
          documents: [...this.state.documents, ...commit.documents.map((d) => ({ ...d, code: d.code.slice() }))],
          segments,
          pairs: [...pairs, ...commit.pairs],
        };
      }
      return value;
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
