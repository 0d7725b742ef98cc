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

export function runJob<T>(name: string, args: unknown): Promise<JobResult<T>> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = fork(JOB, [name, JSON.stringify(args)], {
      execArgv: ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    child.on('message', (m: { ok: boolean; value?: T; maxRss?: number; error?: string }) => {
      settled = true;
      if (m.ok) resolve({ value: m.value as T, maxRss: m.maxRss ?? 0, processMs: performance.now() - t0 });
      else reject(new Error(`bench job ${name} failed: ${m.error}`));
    });
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`bench job ${name} exited with code ${code} before reporting`));
    });
    child.on('error', reject);
  });
}
