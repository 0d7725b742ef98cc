/**
 * The Node worker-thread entry of the pool (piscina): runs one engine task and answers with its
 * output, copied back to the caller. Not moved: moving a buffer detaches it here, and in V8 the
 * first detached buffer of a thread makes every later typed-array access of its optimized code
 * check for detachment — about 8 % slower alignment for the rest of the worker's life, against a
 * copy of a few megabytes a task (SaudiNewsNet with 2 workers: 8.6–9.0 s moved, 8.3–8.4 s copied).
 */
import { runTask, TaskContext, type TaskInput, type TaskName } from '../tasks.js';

/** A task message: the task's name and its input. */
export interface TaskMessage<N extends TaskName = TaskName> {
  name: N;
  input: TaskInput<N>;
}

/** What this worker keeps between its tasks (prepared documents, its window signer and normalizer): one worker, one context. */
const context = new TaskContext();

/** Run one task; its output travels back copied (see above). */
export default async function run({ name, input }: TaskMessage): Promise<unknown> {
  return runTask(name, input, context);
}
