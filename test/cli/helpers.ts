/** Shared by the CLI tests: run the built binary, make temp folders, collect a stream's text. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BIN = join(ROOT, 'bin', 'reprints.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'cli');
export const SEEDS = join(ROOT, 'examples', 'seeds');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Who the CLI runs as in tests of permissions: the current user, or — when that is root, who reads
 * and writes anything (CI runs as root) — `nobody` (65534), so that an unreadable file or a read-only
 * folder is one for the CLI. Such a test makes its temp folder readable by all ({@link openToAll}).
 */
export const UNPRIVILEGED: { uid?: number; gid?: number } = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** Let every user into `dir` (a temp folder is its creator's only), for a CLI run as {@link UNPRIVILEGED}. */
export function openToAll(dir: string): string {
  chmodSync(dir, 0o755);
  return dir;
}

/** Spawn `node bin/reprints.js …args` from the repo root (needs `dist/`: `npm test` builds it first). */
export function reprints(args: string[], options: { input?: string | Buffer; cwd?: string; as?: { uid?: number; gid?: number } } = {}): RunResult {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npx tsup` (npm test does it)');
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options.as,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temp folder, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reprints-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A writable that keeps what is written, as text. */
export function collector(): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  const w = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  }) as Writable & { text(): string };
  w.text = () => Buffer.concat(chunks).toString('utf8');
  return w;
}
