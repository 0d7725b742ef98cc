/**
 * Where output goes: stdout, or `--output FILE` written atomically — into a temp file in FILE's folder,
 * renamed over FILE only once everything is written. On failure (or Ctrl-C) the temp file is removed and
 * FILE is left as it was.
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { describeSystemError, runtimeError, usageError } from './cli-error.js';

export interface Sink {
  write(chunk: string | Uint8Array): Promise<void>;
  /** Everything is written: make it visible (rename into place). */
  commit(): Promise<void>;
  /** The run failed: remove whatever was written. Safe to call more than once. */
  abort(): Promise<void>;
}

/** Write to a stream, waiting when it asks to (backpressure). A closed pipe (EPIPE) ends output quietly. */
export function streamSink(stream: Writable): Sink {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') closed = true;
  });
  return {
    async write(chunk) {
      if (closed) return;
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stream.off('drain', done);
            stream.off('error', done);
            stream.off('close', done);
            resolve();
          };
          stream.on('drain', done);
          stream.on('error', done);
          stream.on('close', done);
        });
      }
    },
    async commit() {},
    async abort() {},
  };
}

/**
 * Open the temp file for `--output FILE` now, so an unwritable destination fails before any work (exit 2).
 * @param flag how messages name the file's flag
 * @throws {CliError} exit 2 naming FILE's folder when the temp file cannot be created.
 */
export async function atomicFileSink(file: string, flag = '--output'): Promise<Sink> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) throw usageError(`cannot write ${flag} ${file}: it is a directory`);
  let finished = false;
  // Ctrl-C or a kill while writing: remove the temp file, then die of the signal as usual.
  const onSignal = (signal: NodeJS.Signals) => {
    removeSync();
    process.kill(process.pid, signal);
  };
  const removeSync = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', removeSync);
    if (!finished) {
      finished = true;
      try {
        unlinkSync(temp);
      } catch {
        // already gone
      }
    }
  };
  // Registered before the temp file exists: a signal arriving as it is created still removes it.
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', removeSync);
  const handle: FileHandle = await open(temp, 'wx').catch((e: unknown) => {
    finished = true;
    removeSync();
    throw usageError(`cannot write ${flag} ${file}: ${dirname(file)}: ${describeSystemError(e)}`);
  });

  const cleanup = async () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', removeSync);
  };

  return {
    async write(chunk) {
      try {
        if (typeof chunk === 'string') await handle.write(chunk);
        else await handle.write(chunk);
      } catch (e) {
        throw runtimeError(`cannot write ${flag} ${file}: ${describeSystemError(e)}`);
      }
    },
    async commit() {
      try {
        await handle.sync();
        await handle.close();
        await rename(temp, file);
        finished = true;
      } catch (e) {
        throw runtimeError(`cannot write ${flag} ${file}: ${describeSystemError(e)}`);
      }
      await cleanup();
    },
    async abort() {
      if (finished) return;
      finished = true;
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      await cleanup();
    },
  };
}
