/**
 * Where the parallel stages run: an executor runs named tasks on plain data (typed arrays,
 * numbers, strings, plain objects) and gives plain data back. The engine never knows whether a
 * task ran inline, on a worker thread, in a Web Worker or on another machine; it only hands the
 * tasks out and takes their results in a fixed order, so the output is the same for any executor.
 */
import { ReprintsError } from './errors.js';
import { runTask, TaskContext, type TaskInput, type TaskName, type TaskOutput } from './tasks.js';
import type { SignTask } from './window-index.js';

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
  /** What the calling thread keeps between tasks (prepared documents). */
  private readonly context = new TaskContext();
  run<N extends TaskName>(name: N, input: TaskInput<N>): Promise<TaskOutput<N>> {
    return runTask(name, input, this.context);
  }
}

/**
 * An executor started only once the input is large enough to repay it. Tasks run inline until the
 * documents handed to `sign` tasks add up to `minChars` characters; then `start()` is called, once,
 * and that task and every later one run on the executor it returns. A pool's start-up — threads to
 * spawn, the engine to load and its hot code to compile again in every worker — costs more than it
 * saves on a small corpus; a smaller one never starts it. Which executor ran a task never changes
 * the result. `concurrency` is 1 until the start, then the started executor's.
 * @example
 * const executor = new DeferredExecutor(() => new WorkerPoolExecutor({ threads: 4 }), 8_000_000);
 * try { await findReprints(docs, { executor }); } finally { await executor.close(); }
 */
export class DeferredExecutor implements Executor {
  private started: Executor | undefined;
  private readonly inline = new InlineExecutor();
  private chars = 0;

  /**
   * @param start - makes the executor, when the input reaches `minChars`
   * @param minChars - original characters of the documents signed inline before it starts
   */
  constructor(
    private readonly start: () => Executor,
    readonly minChars: number,
  ) {}

  get concurrency(): number {
    return this.started?.concurrency ?? 1;
  }

  /** Whether the input has reached `minChars` and the executor was started. */
  get isStarted(): boolean {
    return this.started !== undefined;
  }

  run<N extends TaskName>(name: N, input: TaskInput<N>, transfer?: ArrayBuffer[]): Promise<TaskOutput<N>> {
    if (!this.started && name === 'sign') {
      for (const text of (input as SignTask).texts) this.chars += text.length;
      if (this.chars >= this.minChars) this.started = this.start();
    }
    return this.started ? this.started.run(name, input, transfer) : this.inline.run(name, input);
  }

  /** Close the started executor, if any. */
  async close(): Promise<void> {
    await this.started?.close?.();
  }
}

/** One task to hand out: its input and the buffers that may be moved. */
export interface TaskSpec<N extends TaskName> {
  input: TaskInput<N>;
  transfer?: ArrayBuffer[];
}

/** Longest stretch a {@link TaskRunner} computes on the calling thread without an event-loop turn (ms). */
const TURN_MS = 50;

/**
 * One turn of the event loop: `setImmediate` in Node; a message to itself in a browser, where
 * `setTimeout(0)` waits 4 ms once nested.
 */
function turn(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else if (typeof MessageChannel === 'function') {
      const channel = new MessageChannel();
      // (Typed as Node's port here; a browser's has onmessage.)
      (channel.port1 as unknown as { onmessage: (() => void) | null }).onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(0);
    } else setTimeout(resolve, 0);
  });
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

  /** When the runner last gave the event loop a turn (ms, `performance.now()`). */
  private turned = performance.now();

  /**
   * Give the event loop a turn if none was given for {@link TURN_MS}, then throw `ABORTED` if the
   * signal has aborted. Stages on the calling thread compute for seconds between awaits of
   * microtasks only, so without a turn an abort requested meanwhile — or a process's signal handler
   * (Ctrl-C) — would run only once the whole run is done (an index add already committed).
   */
  async checkpoint(): Promise<void> {
    if (performance.now() - this.turned >= TURN_MS) {
      await turn();
      this.turned = performance.now();
    }
    this.checkAborted();
  }

  /**
   * The last {@link checkpoint} before something that cannot be taken back (an index's commit):
   * always a whole event-loop iteration first, whatever the time since the last turn — two turns,
   * as a turn queued from a turn's callback waits for the next iteration, which runs the timers and
   * signal handlers due — so an abort requested while a fast run computed is seen here.
   */
  async lastCheckpoint(): Promise<void> {
    await turn();
    await turn();
    this.turned = performance.now();
    this.checkAborted();
  }

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
    const inFlight: Promise<TaskOutput<N>>[] = [];
    try {
      for await (const spec of specs) {
        await this.checkpoint();
        const task = this.start(name, spec);
        inFlight.push(task);
        // Read at every task: an executor may grow (DeferredExecutor).
        if (inFlight.length >= Math.max(1, this.executor.concurrency * 2)) take(await (inFlight.shift() as Promise<TaskOutput<N>>));
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
