/**
 * A file's bytes as a stream, gunzipped when asked: how the CLI (and the benchmarks' corpus reader)
 * open an input file.
 */
import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/**
 * Chunk sizes of the file and gunzip streams. Node's defaults (64 KB reads, 16 KB of inflated
 * output) cost a turn of the event loop per chunk: SaudiNewsNet's `.jsonl.gz` (104 MB inflated)
 * came in 6,780 chunks and took 410–480 ms to stream, in 424 chunks 200–250 ms.
 */
const READ_CHUNK = 1 << 20;
const GUNZIP_CHUNK = 1 << 18;

/** A file's bytes as a stream, gunzipped when asked. */
export function openFile(path: string, gzip: boolean): Readable {
  const file = createReadStream(path, { highWaterMark: READ_CHUNK });
  if (!gzip) return file;
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
  pipeline(file, gunzip, () => {
    // errors reach the reader through the gunzip stream it iterates
  });
  return gunzip;
}
