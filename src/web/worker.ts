/**
 * The Web Worker entry (`reprints/web-worker`): answers each `{ id, name, input }` message with
 * `{ id, output }` (buffers moved) or `{ id, error }`.
 */
import { outputBuffers, runTask, TaskContext, type TaskName } from '../tasks.js';

/** A task message, as `WebWorkerExecutor` posts it. */
export interface TaskRequest {
  id: number;
  name: TaskName;
  input: never;
}

/** What this worker keeps between its tasks (prepared documents): one worker, one context. */
const context = new TaskContext();

/** Run the task of one message: the reply, and the buffers to move with it. */
export async function answer({ id, name, input }: TaskRequest): Promise<{ reply: unknown; transfer: ArrayBuffer[] }> {
  try {
    const output = await runTask(name, input, context);
    return { reply: { id, output }, transfer: outputBuffers(name, output) };
  } catch (e) {
    return { reply: { id, error: e instanceof Error ? e.message : String(e) }, transfer: [] };
  }
}

interface WorkerScope {
  addEventListener?(type: 'message', listener: (event: { data: TaskRequest }) => void): void;
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
}

const scope = globalThis as unknown as WorkerScope;
// In a worker (not when this module is imported for its `answer`, e.g. by tests).
if (typeof scope.addEventListener === 'function' && typeof scope.postMessage === 'function') {
  scope.addEventListener('message', async ({ data }) => {
    const { reply, transfer } = await answer(data);
    scope.postMessage(reply, transfer);
  });
}
