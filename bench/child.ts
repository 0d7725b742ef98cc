/** Run one job of `job.ts` in a child process; its peak RSS is then the job's own. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface JobResult<T> {
  value: T;
  /** Peak resident set size of the child process (bytes). */
  maxRss: number;
  /** Wall time including process start-up and module loading (ms). */
  processMs: number;
}

const JOB = fileURLToPath(new URL('./job.ts', import.meta.url));

/** Limits of one job: a job over them is stopped (or dies) and its promise rejects. */
export interface JobLimits {
  /** Kill the child after this long (ms). */
  timeoutMs?: number;
  /** V8 heap limit of the child (MB; default 8192): a job that needs more dies out of memory. */
  heapMb?: number;
}

export function runJob<T>(name: string, args: unknown, limits: JobLimits = {}): Promise<JobResult<T>> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = fork(JOB, [name, JSON.stringify(args)], {
      execArgv: ['--expose-gc', `--max-old-space-size=${limits.heapMb ?? 8192}`, '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    let timedOut = false;
    const timer =
      limits.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, limits.timeoutMs);
    child.on('message', (m: { ok: boolean; value?: T; maxRss?: number; error?: string }) => {
      settled = true;
      clearTimeout(timer);
      if (m.ok) resolve({ value: m.value as T, maxRss: m.maxRss ?? 0, processMs: performance.now() - t0 });
      else reject(new Error(`bench job ${name} failed: ${m.error}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (settled) return;
      if (timedOut) reject(new Error(`bench job ${name} did not finish within ${Math.round((limits.timeoutMs ?? 0) / 1000)} s (stopped)`));
      else reject(new Error(`bench job ${name} exited with ${code !== null ? `code ${code}` : `signal ${signal}`} before reporting${limits.heapMb ? ` (heap limit ${limits.heapMb} MB)` : ''}`));
    });
    child.on('error', reject);
  });
}
