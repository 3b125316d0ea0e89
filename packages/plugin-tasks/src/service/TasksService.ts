import type { ToolCaller } from '@cortex-os/kernel';
import type { TaskEvent, TaskRecord, TaskState, TaskStep } from '../store/TaskRecord.js';

/**
 * A task as callers see it: the record, and while it waits in `input-required`, the calls that
 * wait for a person (`approval` steps to `decide`, tool calls in doubt to resolve).
 * @public
 */
export interface TaskView extends TaskRecord {
  readonly pending: readonly Pick<TaskStep, 'callId' | 'kind' | 'input'>[];
  /** For a task of a task runner that describes its tasks: what the runner reads from the checkpoints (a plan and its steps' states, say). */
  readonly detail?: unknown;
}

/**
 * A person's answer to a task waiting in `input-required`: a decision on an approval, the output
 * of a call in doubt (replayed, never run), or leave to run that call again.
 * @public
 */
export type TaskAnswer =
  | { readonly callId: string; readonly approved: boolean }
  | { readonly callId: string; readonly output: unknown }
  | { readonly callId: string; readonly rerun: true };

/**
 * The runtime's durable agent tasks, provided as `tasksServiceToken` by `tasksPlugin`.
 *
 * Methods that take `principal` act only on that principal's tasks: another principal's task is
 * reported unknown (`TASK_NOT_FOUND`), so ids reveal nothing. Omit it for host code that sees all.
 * @public
 */
export interface TasksService {
  /**
   * Queues an agent run as a task (`submitted`) and returns it once committed. With an
   * `idempotencyKey`, the same principal submitting the same key again gets the first task back.
   * A task for a task runner is first checked by the runner's `accept` (its typed error is thrown; nothing is stored).
   */
  submit(task: {
    readonly agent: string;
    readonly input: string;
    readonly principal: string;
    readonly idempotencyKey?: string | undefined;
    /** More fields of the stored input beside `input` (for a task runner's options); `input` wins a clash. */
    readonly params?: Readonly<Record<string, unknown>> | undefined;
  }): Promise<TaskView>;
  /**
   * Reads one task.
   * @throws {@link TaskError} `TASK_NOT_FOUND`.
   */
  get(id: string, principal?: string): Promise<TaskView>;
  /** Lists tasks oldest first (`after`: the last id of the previous page). */
  list(filter?: {
    readonly state?: TaskState | undefined;
    readonly principal?: string | undefined;
    readonly limit?: number | undefined;
    readonly after?: string | undefined;
  }): Promise<readonly TaskView[]>;
  /**
   * Cancels a task that is not final; a worker running it stops at its next lease renewal.
   * @throws {@link TaskError} `TASK_NOT_FOUND`, `TASK_STATE_CONFLICT` for a final task.
   */
  cancel(id: string, principal?: string): Promise<TaskView>;
  /**
   * Answers a task waiting in `input-required` (see {@link TaskAnswer}); the task is queued again.
   * @throws {@link TaskError} `TASK_NOT_FOUND`, `TASK_STATE_CONFLICT` when the task or the call waits for no such answer.
   */
  answer(id: string, answer: TaskAnswer, principal?: string): Promise<TaskView>;
  /**
   * Resolves with the task once it is final or waits in `input-required` — at once if it is now,
   * else when a run by this runtime's worker leaves it so (a worker in another process is not
   * watched; read the task again to see its work).
   * @throws {@link TaskError} `TASK_NOT_FOUND`.
   */
  settled(id: string, principal?: string): Promise<TaskView>;
  /**
   * The task's checkpoints, in order.
   * @throws {@link TaskError} `TASK_NOT_FOUND`.
   */
  steps(id: string, principal?: string): Promise<readonly TaskStep[]>;
  /**
   * The task's events after event `afterId` (0: from its first), oldest first, then each new one
   * as it is committed — by this runtime at once, by another process within `pollMs` — until the
   * task is final and every event was given, or `signal` aborts. Ids increase by one, so a caller
   * that resumes after the last id it saw misses none and sees none twice.
   * @throws {@link TaskError} `TASK_NOT_FOUND`.
   */
  events(
    id: string,
    options?: { readonly afterId?: number | undefined; readonly principal?: string | undefined; readonly signal?: AbortSignal | undefined },
  ): Promise<AsyncIterable<TaskEvent>>;
  /**
   * Whose tasks a tool caller may read and act on, as the `principal` argument of the other
   * methods: its own principal's (remote callers without one share `anonymous`), or every
   * principal's (`undefined`) for host code in-process without a principal and for a caller whose
   * scopes include the runtime's admin scope (`tasksPlugin`'s `rest.adminScope`, default
   * `tasks:admin`). Tools of other plugins that act on tasks ask this, so one rule holds on every door.
   */
  scopeOf(caller: ToolCaller): string | undefined;
}
