/**
 * Runs the engine's tasks on Web Workers (browsers, Deno, Bun): one message per task, typed-array
 * buffers moved in both directions. Runtime-neutral: it uses only the standard `Worker` interface.
 */
import type { Executor, TaskInput, TaskName, TaskOutput } from '../executor.js';

/** The part of a `Worker` this executor uses. */
export interface WorkerLike {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message' | 'error', listener: (event: { data?: unknown; message?: string }) => void): void;
  terminate(): void;
}

interface Reply {
  id: number;
  output?: unknown;
  error?: string;
}

interface Pending {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * An executor over `threads` Web Workers, each started from `spawn()` (a module worker running
 * `reprints/web-worker`). Tasks go to the worker with the fewest tasks waiting.
 * @example
 * const executor = new WebWorkerExecutor(navigator.hardwareConcurrency, () =>
 *   new Worker(new URL('reprints/web-worker', import.meta.url), { type: 'module' }));
 * try { result = await findReprints(docs, { executor }); } finally { await executor.close(); }
 */
export class WebWorkerExecutor implements Executor {
  readonly concurrency: number;
  private readonly workers: { worker: WorkerLike; pending: Map<number, Pending> }[] = [];
  private nextId = 0;

  constructor(threads: number, spawn: () => WorkerLike) {
    this.concurrency = Math.max(1, threads);
    for (let i = 0; i < this.concurrency; i++) {
      const worker = spawn();
      const pending = new Map<number, Pending>();
      worker.addEventListener('message', (event) => {
        const reply = event.data as Reply;
        const task = pending.get(reply.id);
        if (!task) return;
        pending.delete(reply.id);
        if (reply.error !== undefined) task.reject(new Error(reply.error));
        else task.resolve(reply.output);
      });
      worker.addEventListener('error', (event) => {
        const error = new Error(`web worker failed: ${event.message ?? 'unknown error'}`);
        for (const task of pending.values()) task.reject(error);
        pending.clear();
      });
      this.workers.push({ worker, pending });
    }
  }

  run<N extends TaskName>(name: N, input: TaskInput<N>, transfer: ArrayBuffer[] = []): Promise<TaskOutput<N>> {
    const target = this.workers.reduce((x, y) => (y.pending.size < x.pending.size ? y : x));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      target.pending.set(id, { resolve: resolve as (output: unknown) => void, reject });
      target.worker.postMessage({ id, name, input }, transfer);
    });
  }

  /** Terminate the workers; tasks still running are rejected. */
  async close(): Promise<void> {
    for (const { worker, pending } of this.workers) {
      worker.terminate();
      for (const task of pending.values()) task.reject(new Error('web worker executor closed'));
      pending.clear();
    }
  }
}
