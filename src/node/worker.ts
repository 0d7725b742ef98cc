/**
 * The Node worker-thread entry of the pool (piscina): runs one engine task and moves the output's
 * buffers back to the caller instead of copying them.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { outputBuffers, runTask, TaskContext, type TaskInput, type TaskName } from '../tasks.js';

/** A task message: the task's name and its input. */
export interface TaskMessage<N extends TaskName = TaskName> {
  name: N;
  input: TaskInput<N>;
}

/** What this worker keeps between its tasks (prepared documents): one worker, one context. */
const context = new TaskContext();

/** Run one task; its output travels back with its buffers moved. */
export default async function run({ name, input }: TaskMessage): Promise<unknown> {
  const output = await runTask(name, input, context);
  return move({ [transferableSymbol]: outputBuffers(name, output), [valueSymbol]: output } as never);
}
