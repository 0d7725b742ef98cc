/**
 * Where the parallel stages run: an executor runs named tasks on plain data (typed arrays,
 * numbers, strings, plain objects) and gives plain data back. The engine never knows whether a
 * task ran inline, on a worker thread, in a Web Worker or on another machine; it only hands the
 * tasks out and takes their results in a fixed order, so the output is the same for any executor.
 */
import { ReprintsError } from './errors.js';
import { runTask, type TaskInput, type TaskName, type TaskOutput } from './tasks.js';

export type { TaskInput, TaskName, TaskOutput } from './tasks.js';

/**
 * Runs the engine's tasks. `run(name, input)` must behave as `runTask(name, input)` (exported by
 * `reprints/tasks`-style worker entries): the same plain data out for the same plain data in.
 * @example
 * // The engine's own inline executor, as a template:
 * const inline: Executor = { concurrency: 1, run: (name, input) => runTask(name, input) };
 */
export interface Executor {
  /** Tasks that can run at once; the engine keeps about twice as many in flight. */
  readonly concurrency: number;
  /**
   * Run one task. `transfer` lists buffers of `input` the executor may move rather than copy (the
   * engine does not use them afterwards).
   */
  run<N extends TaskName>(name: N, input: TaskInput<N>, transfer?: ArrayBuffer[]): Promise<TaskOutput<N>>;
  /** Release threads or connections; the executor is not used afterwards. */
  close?(): Promise<void>;
}

/** Runs every task on the calling thread: the default in a browser and with `workers: 1`. */
export class InlineExecutor implements Executor {
  readonly concurrency = 1;
  run<N extends TaskName>(name: N, input: TaskInput<N>): Promise<TaskOutput<N>> {
    return runTask(name, input);
  }
}

/** One task to hand out: its input and the buffers that may be moved. */
export interface TaskSpec<N extends TaskName> {
  input: TaskInput<N>;
  transfer?: ArrayBuffer[];
}

/**
 * Hands out tasks and takes their results in order. Keeps at most `2 × concurrency` in flight, checks
 * the abort signal between tasks, and turns a failed task into a `ReprintsError`.
 */
export class TaskRunner {
  constructor(
    readonly executor: Executor,
    private readonly signal?: AbortSignal,
  ) {}

  /** Throws `ReprintsError` `ABORTED` once the signal has aborted. */
  checkAborted(): void {
    if (this.signal?.aborted) {
      throw new ReprintsError('ABORTED', `aborted: ${String(this.signal.reason ?? 'the signal was aborted')}`, {
        cause: this.signal.reason,
      });
    }
  }

  /**
   * Run the tasks of `specs` and call `take` with each output in the order of `specs`. The specs
   * are pulled lazily, so a streaming stage reads its input only as tasks free up.
   */
  async each<N extends TaskName>(
    name: N,
    specs: Iterable<TaskSpec<N>> | AsyncIterable<TaskSpec<N>>,
    take: (output: TaskOutput<N>) => void,
  ): Promise<void> {
    const limit = Math.max(1, this.executor.concurrency * 2);
    const inFlight: Promise<TaskOutput<N>>[] = [];
    try {
      for await (const spec of specs) {
        this.checkAborted();
        const task = this.start(name, spec);
        inFlight.push(task);
        if (inFlight.length >= limit) take(await (inFlight.shift() as Promise<TaskOutput<N>>));
      }
      while (inFlight.length > 0) take(await (inFlight.shift() as Promise<TaskOutput<N>>));
      this.checkAborted();
    } finally {
      // On a failure, let the tasks still running settle (their errors are already handled).
      await Promise.allSettled(inFlight);
    }
  }

  private start<N extends TaskName>(name: N, spec: TaskSpec<N>): Promise<TaskOutput<N>> {
    const task = this.executor.run(name, spec.input, spec.transfer).catch((e: unknown) => {
      if (e instanceof ReprintsError) throw e;
      this.checkAborted();
      const message = e instanceof Error ? e.message : String(e);
      throw new ReprintsError('TASK_FAILED', `${name} task failed: ${message}`, { cause: e });
    });
    // Handled here so that a task failing while an earlier one is awaited is no unhandled rejection.
    task.catch(() => undefined);
    return task;
  }
}
