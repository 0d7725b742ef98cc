import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../../src/options.js';
import { findReprints } from '../../src/pipeline.js';
import type { ReprintDocument } from '../../src/types.js';
import { WebWorkerExecutor, type WorkerLike } from '../../src/web/executor.js';
import { answer, type TaskRequest } from '../../src/web/worker.js';

const SEEDS = join(import.meta.dirname, '..', 'fixtures', 'seeds');
const seeds: ReprintDocument[] = readdirSync(SEEDS)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => ({ id: f, text: readFileSync(join(SEEDS, f), 'utf8') }));

/**
 * A stand-in for a module Web Worker running `reprints/web-worker`: messages are structured-cloned
 * (the request's listed buffers moved, the reply copied) and answered asynchronously by the entry's
 * own `answer`.
 */
class FakeWorker implements WorkerLike {
  private readonly listeners: Record<string, ((event: { data?: unknown; message?: string }) => void)[]> = { message: [], error: [] };
  terminated = false;
  postMessage(message: unknown, transfer: ArrayBuffer[]): void {
    const data = structuredClone(message, { transfer }) as TaskRequest;
    setTimeout(async () => {
      if (this.terminated) return;
      const cloned = structuredClone(await answer(data));
      for (const l of this.listeners.message) l({ data: cloned });
    }, 0);
  }
  addEventListener(type: 'message' | 'error', listener: (event: { data?: unknown; message?: string }) => void): void {
    this.listeners[type].push(listener);
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('WebWorkerExecutor', () => {
  it('gives the inline result, byte for byte, over message-passing workers', async () => {
    const workers: FakeWorker[] = [];
    const executor = new WebWorkerExecutor(3, () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    });
    const result = await findReprints(seeds, { executor });
    await executor.close();
    expect(JSON.stringify(result)).toBe(JSON.stringify(await findReprints(seeds)));
    expect(workers).toHaveLength(3);
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('rejects a task that failed in the worker with its message, naming the document', async () => {
    const executor = new WebWorkerExecutor(1, () => new FakeWorker());
    // A text that is not a string fails inside the worker, while document "x" is being signed.
    const input = { params: resolveOptions({}), ids: ['x'], texts: [null], series: Int32Array.of(-1) };
    await expect(executor.run('sign', input as never)).rejects.toThrow(/^document "x": /);
    await executor.close();
  });
});
