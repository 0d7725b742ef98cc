/**
 * Paths on the command line → the list of inputs to read, in a deterministic order. Runs before any text is
 * read, so a missing or unreadable path fails fast (exit 2). Folders are walked here (names only), sorted
 * by name at every level; hidden entries (starting with `.`) are left out.
 */
import { access, readdir, realpath, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describeSystemError, usageError } from '../cli-error.js';

/** One thing to read. `place` is how messages name it. */
export type Input =
  | { kind: 'text'; path: string; id: string; inFolder: boolean }
  | { kind: 'jsonl'; path: string; gzip: boolean }
  | { kind: 'json'; path: string; gzip: boolean }
  | { kind: 'stdin' };

/** Files of a folder that are not read, reported once per folder. */
export interface IgnoredFiles {
  folder: string;
  count: number;
  first: string;
}

export interface InputPlan {
  inputs: Input[];
  ignored: IgnoredFiles[];
}

/** Extensions read inside folders. */
const FOLDER_TEXT = /\.(txt|md)$/i;

/** How a single file named on the command line is read, from its name. */
export function classifyFile(path: string): Input {
  const name = path.toLowerCase();
  if (/\.(jsonl|ndjson)$/.test(name)) return { kind: 'jsonl', path, gzip: false };
  if (/\.(jsonl|ndjson)\.gz$/.test(name)) return { kind: 'jsonl', path, gzip: true };
  if (name.endsWith('.json')) return { kind: 'json', path, gzip: false };
  if (name.endsWith('.json.gz')) return { kind: 'json', path, gzip: true };
  return { kind: 'text', path, id: path, inFolder: false };
}

async function checkReadable(path: string, isDir: boolean): Promise<void> {
  try {
    await access(path, isDir ? constants.R_OK | constants.X_OK : constants.R_OK);
  } catch (e) {
    throw usageError(`cannot read ${path}: ${describeSystemError(e)}`);
  }
}

/**
 * Expand the command-line paths.
 * @throws {CliError} exit code 2 naming a missing or unreadable path.
 */
export async function planInputs(paths: readonly string[]): Promise<InputPlan> {
  const inputs: Input[] = [];
  const ignored: IgnoredFiles[] = [];
  for (const path of paths) {
    if (path === '-') {
      inputs.push({ kind: 'stdin' });
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch (e) {
      throw usageError(`cannot read ${path}: ${describeSystemError(e)}`);
    }
    await checkReadable(path, info.isDirectory());
    if (info.isDirectory()) {
      const skipped: string[] = [];
      await walk(path, path, inputs, skipped, new Set([await realpath(path)]));
      if (skipped.length > 0) ignored.push({ folder: path, count: skipped.length, first: skipped[0] });
    } else {
      inputs.push(classifyFile(path));
    }
  }
  return { inputs, ignored };
}

async function walk(root: string, dir: string, inputs: Input[], skipped: string[], seen: Set<string>): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw usageError(`cannot read ${dir}: ${describeSystemError(e)}`);
  }
  const names = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of names) {
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(path);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (e) {
        throw usageError(`cannot read ${path}: ${describeSystemError(e)}`);
      }
    }
    if (isDir) {
      const real = await realpath(path);
      if (seen.has(real)) continue; // a symlink loop: already walked
      await checkReadable(path, true);
      await walk(root, path, inputs, skipped, new Set([...seen, real]));
    } else if (isFile && FOLDER_TEXT.test(entry.name)) {
      await checkReadable(path, false);
      inputs.push({ kind: 'text', path, id: relative(root, path).split(sep).join('/'), inFolder: true });
    } else {
      skipped.push(path);
    }
  }
}
