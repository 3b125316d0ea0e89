import type { TaskEvent, TaskRecord, TaskState, TaskStep } from './TaskRecord.js';

/**
 * What {@link TaskStore.create} needs to queue a task.
 * @public
 */
export interface NewTask {
  readonly agent: string;
  readonly input: unknown;
  readonly principal: string;
  /** The task's id; a task with this id already stored is returned instead of a new one (idempotent submits). */
  readonly id?: string | undefined;
}

/**
 * What {@link TaskStore.list} selects.
 * @public
 */
export interface TaskListFilter {
  readonly state?: TaskState | undefined;
  readonly principal?: string | undefined;
  /** At most this many tasks. */
  readonly limit?: number | undefined;
  /** The id of the last task of the previous page. */
  readonly after?: string | undefined;
}

/**
 * The end of a task a worker held: `completed` with its output, or `failed` with the reason.
 * @public
 */
export type TaskEnd = { readonly state: 'completed'; readonly output: unknown } | { readonly state: 'failed'; readonly reason: string };

/**
 * How a person settles a call left in doubt by a crash: its `output` (replayed, never run), or leave to `rerun` it.
 * @public
 */
export type TaskCallResolution = { readonly output: unknown } | { readonly rerun: true };

/**
 * A call that already ran, as {@link TaskStore.recordStep} records it.
 * @public
 */
export interface TaskRanCall {
  readonly kind: 'model' | 'tool';
  readonly callId: string;
  readonly input: unknown;
  readonly output: unknown;
  /** When it started, by the store's clock ({@link TaskStore.now}). */
  readonly startedAt: number;
}

/**
 * The durable task store: tasks, their step checkpoints and their event log. Every method that
 * resolves has committed what it reports. Workers claim tasks under a lease and renew it; a task
 * whose worker stopped renewing is claimable again once the lease expires, so none stays
 * `working` forever, and the first worker's later writes fail with `TASK_LEASE_LOST`.
 * `SqliteTaskStore` (one host) and `PostgresTaskStore` (several hosts) implement it.
 * @public
 */
export interface TaskStore {
  /** How long a claim or renewal holds a task (ms). */
  readonly leaseMs: number;
  /** The store's clock (ms since the epoch): leases and timestamps are by it. */
  now(): number;
  /** Queues a new task in state `submitted` and returns it once committed (or the task already stored under `task.id`). */
  create(task: NewTask): Promise<TaskRecord>;
  /**
   * Queues a new task and, unless an older task is claimable, claims it for `worker` in the same
   * commit (`submitted` then `working` in its log, as a claim would): a worker with a free slot
   * takes the task it was just given in one commit instead of two. A crash leaves a lease that
   * runs out, as after any claim. Returns the task and whether this call claimed it; a task
   * already stored under `task.id` is returned as it is, unclaimed.
   */
  createClaimed(task: NewTask, worker: string): Promise<{ readonly task: TaskRecord; readonly claimed: boolean }>;
  /** True when the store holds a task with that id. */
  has(id: string): Promise<boolean>;
  /**
   * Reads one task.
   * @throws {@link TaskError} `TASK_NOT_FOUND` for an unknown id.
   */
  get(id: string): Promise<TaskRecord>;
  /**
   * Lists tasks, oldest first, optionally of one state or principal; `limit` and `after` page.
   * @throws {@link TaskError} `TASK_NOT_FOUND` when `after` names no task.
   */
  list(filter?: TaskListFilter): Promise<readonly TaskRecord[]>;
  /** Claims the oldest task that is `submitted`, or `working` under an expired lease, for `worker`; undefined when none is. Never the same task for two workers. */
  claim(worker: string): Promise<TaskRecord | undefined>;
  /**
   * Extends `worker`'s lease on a task.
   * @throws {@link TaskError} `TASK_LEASE_LOST` when the worker no longer holds it.
   */
  renew(id: string, worker: string): Promise<void>;
  /**
   * Records that a call starts (its input), before it runs. Returns the step.
   * @throws {@link TaskError} `TASK_LEASE_LOST` when the worker no longer holds the task.
   */
  startStep(
    id: string,
    worker: string,
    step: { readonly kind: 'model' | 'tool' | 'approval'; readonly callId: string; readonly input: unknown },
  ): Promise<TaskStep>;
  /**
   * Records a started call's output; the call is acknowledged only once this resolves.
   * @throws {@link TaskError} `TASK_LEASE_LOST` when the worker no longer holds the task.
   */
  finishStep(id: string, worker: string, seq: number, output: unknown): Promise<void>;
  /**
   * Records a call that already ran, input and output in one commit: for a call that is safe to
   * run again (idempotent), whose start need not be on disk before it runs — one commit, not two.
   * @throws {@link TaskError} `TASK_LEASE_LOST` when the worker no longer holds the task.
   */
  recordStep(id: string, worker: string, step: TaskRanCall): Promise<TaskStep>;
  /** The task's checkpoints in the order they were recorded. */
  steps(id: string): Promise<readonly TaskStep[]>;
  /** The task's events after event `afterId` (0: from the first), in order, at most `limit`. */
  events(id: string, afterId?: number, limit?: number): Promise<readonly TaskEvent[]>;
  /**
   * Calls `listener` with each event this store object commits (other processes' are read with
   * {@link TaskStore.events}). Returns the remover.
   */
  watch(listener: (event: TaskEvent) => void): () => void;
  /**
   * Ends a task held by `worker` as `completed` or `failed`; `ran` are calls that already ran
   * (idempotent, not yet recorded), recorded in the same commit before the end (see
   * {@link TaskStore.recordStep}).
   * @throws {@link TaskError} `TASK_LEASE_LOST` when the worker no longer holds the task.
   */
  finish(id: string, worker: string, end: TaskEnd, ran?: readonly TaskRanCall[]): Promise<TaskRecord>;
  /**
   * Parks a task held by `worker` in `input-required` with the reason; it holds no lease there.
   * @throws {@link TaskError} `TASK_LEASE_LOST` when the worker no longer holds the task.
   */
  requireInput(id: string, worker: string, reason: string): Promise<TaskRecord>;
  /**
   * Answers a task waiting in `input-required`: it returns to `submitted`, the answer recorded as an `input` step.
   * @throws {@link TaskError} `TASK_STATE_CONFLICT` when the task waits for no input; `TASK_NOT_FOUND`.
   */
  provideInput(id: string, answer: unknown): Promise<TaskRecord>;
  /**
   * Settles a call left in doubt by a crash on a task in `input-required` (see {@link TaskCallResolution}); the task returns to `submitted`.
   * @throws {@link TaskError} `TASK_STATE_CONFLICT` when the task waits for no input or the call is not in doubt; `TASK_NOT_FOUND`.
   */
  resolveCall(id: string, callId: string, resolution: TaskCallResolution): Promise<TaskRecord>;
  /**
   * Decides a tool call waiting for approval (an `approval` step); the task returns to `submitted`.
   * @throws {@link TaskError} `TASK_STATE_CONFLICT` when the task or the call waits for no decision; `TASK_NOT_FOUND`.
   */
  decide(id: string, callId: string, approved: boolean): Promise<TaskRecord>;
  /**
   * Gives a task held by `worker` back to the queue at once (a worker that stops cleanly).
   * @throws {@link TaskError} `TASK_LEASE_LOST` when the worker no longer holds the task.
   */
  release(id: string, worker: string): Promise<TaskRecord>;
  /**
   * Cancels a task that is not final; a worker holding it loses its lease at its next write.
   * @throws {@link TaskError} `TASK_STATE_CONFLICT` for a final task; `TASK_NOT_FOUND`.
   */
  cancel(id: string, reason?: string): Promise<TaskRecord>;
  /** How many tasks are in each state now (states with none are absent). */
  countByState(): Promise<Partial<Record<TaskState, number>>>;
  /**
   * Deletes finished tasks with their steps and events: those last updated `olderThanMs` or more
   * ago, and all but the newest `keepFinished`. Returns how many. Unfinished tasks are kept.
   */
  prune(retention: { readonly olderThanMs?: number | undefined; readonly keepFinished?: number | undefined }): Promise<number>;
  /** Closes the store; it cannot be used afterwards. */
  close(): Promise<void>;
}
