import type { TaskRecord } from '../store/TaskRecord.js';
import type { AgentTaskWorker, TaskTimer } from './AgentTaskWorker.js';

/**
 * A free run slot of a {@link TaskWorkerLoop}, held for a task being submitted here: the task is
 * created already claimed by `worker` (`TaskStore.createClaimed`) and handed to `run`, or the
 * slot is given back with `cancel` (the task was queued, or already stored). Exactly one of the two.
 */
export interface TaskWorkerSlot {
  /** The worker's name in leases. */
  readonly worker: string;
  /** Runs a task this slot's worker claimed. */
  run(task: TaskRecord): void;
  /** Gives the slot back unused. */
  cancel(): void;
}

/**
 * Keeps a worker busy: up to `concurrency` tasks at once, claimed when `wake` is called (a task
 * was submitted or answered here) and on every tick of the timer (tasks queued by other
 * processes, leases that ran out). `stop` stops claiming, stops the runs in flight (their tasks
 * go back to the queue) and waits for them. A task submitted here while a slot is free is created
 * already claimed ({@link TaskWorkerLoop.offer}): one commit instead of a submit and a claim.
 */
export class TaskWorkerLoop {
  readonly #worker: AgentTaskWorker;
  readonly #concurrency: number;
  readonly #inFlight = new Set<Promise<TaskRecord | undefined>>();
  /** Slots held by submits in flight ({@link TaskWorkerLoop.offer}); each settles once run or cancelled. */
  readonly #slots = new Set<Promise<void>>();
  readonly #stopTimer: () => void;
  readonly #onError: (error: unknown) => void;
  readonly #onRan: (task: TaskRecord) => void;
  #stopped = false;
  /** A claim is in flight: one claim at a time, and a wake during it claims again after it. */
  #claiming: Promise<void> | undefined;
  /** 1 while a claim is in flight: the task it may bring takes a slot, so no submit may hold that one meanwhile. */
  #claimInFlight = 0;
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

  /**
   * A free slot for a task submitted here, or undefined when every slot is taken (or the loop
   * stopped): the caller creates the task claimed by the slot's worker and runs it in the slot.
   */
  offer(): TaskWorkerSlot | undefined {
    if (!this.#free()) return undefined;
    let settle = (): void => {};
    const held = new Promise<void>((resolve) => {
      settle = resolve;
    });
    this.#slots.add(held);
    let used = false;
    const giveBack = (): void => {
      used = true;
      this.#slots.delete(held);
      settle();
    };
    return {
      worker: this.#worker.name,
      run: (task) => {
        if (used) return;
        this.#start(task);
        giveBack();
      },
      cancel: () => {
        if (!used) giveBack();
      },
    };
  }

  #free(): boolean {
    return !this.#stopped && this.#inFlight.size + this.#slots.size + this.#claimInFlight < this.#concurrency;
  }

  async #claimAll(): Promise<void> {
    while (this.#free()) {
      let task: TaskRecord | undefined;
      this.#claimInFlight = 1;
      try {
        task = await this.#worker.claimNext();
      } catch (error) {
        this.#onError(error);
        return;
      } finally {
        this.#claimInFlight = 0;
      }
      if (task === undefined) return;
      this.#start(task);
    }
  }

  /** Runs a task the worker claimed; its end wakes the loop again. */
  #start(task: TaskRecord): void {
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

  /** Stops claiming and stops the runs in flight; resolves once they have settled. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopTimer();
    this.#worker.stop();
    // A claim or a submit in flight may still add a run: wait until those have settled, then for every run.
    await this.#claiming;
    await Promise.all(this.#slots);
    await Promise.all(this.#inFlight);
  }
}
