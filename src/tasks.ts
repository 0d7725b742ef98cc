/**
 * The tasks of the parallel stages, by name: what an {@link Executor} runs. Each takes and returns
 * plain data (typed arrays, numbers, strings, plain objects), so a task can run inline, on a worker
 * thread, in a Web Worker, or on another machine. A worker entry only has to call `runTask`.
 */
import { groupBands, type LshResult, type LshTask } from './candidates.js';
import { alignBatch, PreparedDocs, type AlignResult, type AlignTask } from './pair-alignment.js';
import { signBatch, type SignResult, type SignTask } from './window-index.js';
import type { Normalizer } from './normalize.js';
import { Kept } from './wasm-module.js';
import type { WindowSigner } from './window-signer.js';

interface Tasks {
  /** Stage 2: normalize, fingerprint, shingle and sign a batch of documents. */
  sign: [SignTask, SignResult];
  /** Stage 3: group the windows of a range of LSH bands into document pairs with hit counts. */
  lsh: [LshTask, LshResult];
  /** Stage 4: align a batch of candidate pairs. */
  align: [AlignTask, AlignResult];
}

/** Name of a task. */
export type TaskName = keyof Tasks;
/** Input of a task. */
export type TaskInput<N extends TaskName> = Tasks[N][0];
/** Output of a task. */
export type TaskOutput<N extends TaskName> = Tasks[N][1];

/**
 * What a thread keeps from one task to the next — caches only, which never change a result: the
 * documents it prepared for alignment, its window signer and its normalizer. Each thread (worker,
 * or the inline executor) holds one.
 */
export class TaskContext implements KeptMachines {
  /** Prepared documents kept between `align` tasks. */
  readonly prepared = new PreparedDocs();
  /** The WebAssembly window signer kept between tasks (`sign`; `align` shingles and winnows with it). */
  readonly signer = new Kept<WindowSigner>();
  /** The normalizer (WebAssembly too) kept between tasks (`sign` and `align`). */
  readonly normalizer = new Kept<Normalizer>();
}

/** The WebAssembly machines a thread keeps between its `sign` and `align` tasks. */
export interface KeptMachines {
  signer: Kept<WindowSigner>;
  normalizer: Kept<Normalizer>;
}

/**
 * Run one task on this thread.
 * @param context - what this thread keeps between its tasks (default: nothing kept)
 * @throws {ReprintsError} `TASK_FAILED` naming the document whose processing failed
 * @example
 * // A worker entry: one context for the worker's lifetime.
 * const context = new TaskContext();
 * onmessage = async ({ data }) => postMessage(await runTask(data.name, data.input, context));
 */
export async function runTask<N extends TaskName>(name: N, input: TaskInput<N>, context?: TaskContext): Promise<TaskOutput<N>> {
  switch (name) {
    case 'sign':
      return (await signBatch(input as SignTask, context)) as TaskOutput<N>;
    case 'lsh':
      return groupBands(input as LshTask) as TaskOutput<N>;
    case 'align':
      return alignBatch(input as AlignTask, context?.prepared, context) as TaskOutput<N>;
    default:
      throw new Error(`unknown task ${JSON.stringify(name)}`);
  }
}
