import type { TaskRecord } from '../store/TaskRecord.js';
import type { AgentTaskWorker, TaskTimer } from './AgentTaskWorker.js';

/**
 * Keeps a worker busy: up to `concurrency` tasks at once, claimed when `wake` is called (a task
 * was submitted or answered here) and on every tick of the timer (tasks queued by other
 * processes, leases that ran out). `stop` stops claiming, stops the runs in flight (their tasks
 * go back to the queue) and waits for them.
 */
export class TaskWorkerLoop {
  readonly #worker: AgentTaskWorker;
  readonly #concurrency: number;
  readonly #inFlight = new Set<Promise<TaskRecord | undefined>>();
  readonly #stopTimer: () => void;
  readonly #onError: (error: unknown) => void;
  readonly #onRan: (task: TaskRecord) => void;
  #stopped = false;
  /** A claim is in flight: one claim at a time, and a wake during it claims again after it. */
  #claiming: Promise<void> | undefined;
  #wakeAgain = false;

  constructor(options: {
    readonly worker: AgentTaskWorker;
    readonly concurrency: number;
    readonly pollMs: number;
    readonly timer: TaskTimer;
    /** Told of a failure to claim (a busy or broken store file); the loop goes on at the next tick. */
    readonly onError: (error: unknown) => void;
    /** Told of each task as a run left it. */
    readonly onRan: (task: TaskRecord) => void;
  }) {
    this.#worker = options.worker;
    this.#concurrency = options.concurrency;
    this.#onError = options.onError;
    this.#onRan = options.onRan;
    this.#stopTimer = options.timer(() => this.wake(), options.pollMs);
  }

  /** Claims tasks until none is claimable or `concurrency` run; each finished run wakes the loop again. */
  wake(): void {
    if (this.#claiming !== undefined) {
      this.#wakeAgain = true;
      return;
    }
    this.#claiming = this.#claimAll().finally(() => {
      this.#claiming = undefined;
      if (this.#wakeAgain) {
        this.#wakeAgain = false;
        this.wake();
      }
    });
  }

  async #claimAll(): Promise<void> {
    while (!this.#stopped && this.#inFlight.size < this.#concurrency) {
      let task: TaskRecord | undefined;
      try {
        task = await this.#worker.claimNext();
      } catch (error) {
        this.#onError(error);
        return;
      }
      if (task === undefined) return;
      const run = this.#worker.run(task).catch((error: unknown) => {
        this.#onError(error);
        return undefined;
      });
      this.#inFlight.add(run);
      void run.then((ran) => {
        this.#inFlight.delete(run);
        if (ran !== undefined) this.#onRan(ran);
        this.wake();
      });
    }
  }

  /** Stops claiming and stops the runs in flight; resolves once they have settled. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopTimer();
    this.#worker.stop();
    // A claim in flight may still add a run: wait until claiming has settled, then for every run.
    await this.#claiming;
    await Promise.all(this.#inFlight);
  }
}
