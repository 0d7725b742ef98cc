/**
 * The Web Worker entry (`reprints/web-worker`): answers each `{ id, name, input }` message with
 * `{ id, output }` or `{ id, error }`. The output is copied back, not moved: moving detaches its
 * buffers here, which slows this worker's typed-array code for the rest of its life (see
 * `node/worker.ts`).
 */
import { runTask, TaskContext, type TaskName } from '../tasks.js';

/** A task message, as `WebWorkerExecutor` posts it. */
export interface TaskRequest {
  id: number;
  name: TaskName;
  input: never;
}

/** What this worker keeps between its tasks (prepared documents, its window signer and normalizer): one worker, one context. */
const context = new TaskContext();

/** Run the task of one message: the reply. */
export async function answer({ id, name, input }: TaskRequest): Promise<{ id: number; output?: unknown; error?: string }> {
  try {
    return { id, output: await runTask(name, input, context) };
  } catch (e) {
    return { id, error: e instanceof Error ? e.message : String(e) };
  }
}

interface WorkerScope {
  addEventListener?(type: 'message', listener: (event: { data: TaskRequest }) => void): void;
  postMessage(message: unknown): void;
}

const scope = globalThis as unknown as WorkerScope;
// In a worker (not when this module is imported for its `answer`, e.g. by tests).
if (typeof scope.addEventListener === 'function' && typeof scope.postMessage === 'function') {
  scope.addEventListener('message', async ({ data }) => {
    scope.postMessage(await answer(data));
  });
}
