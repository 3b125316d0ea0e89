import type { TaskStore } from './TaskStore.js';

/**
 * The states of a task. `submitted` waits for a worker; `working` is held by a worker's lease;
 * `input-required` waits for a person; the other three are final.
 * @public
 */
export type TaskState = 'submitted' | 'working' | 'input-required' | 'completed' | 'failed' | 'cancelled';

/**
 * One task as the store holds it; `input` and `output` are the JSON values given and recorded.
 * @public
 */
export interface TaskRecord {
  readonly id: string;
  readonly agent: string;
  readonly input: unknown;
  readonly state: TaskState;
  /** The principal that created the task. */
  readonly principal: string;
  /** The worker holding the lease while `working`. */
  readonly worker: string | undefined;
  /** When the lease ends (ms since the epoch, by the store's clock). */
  readonly leaseUntil: number | undefined;
  /** Why the task waits for input, failed or was cancelled. */
  readonly reason: string | undefined;
  readonly output: unknown;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * What a checkpoint records: a model call, a tool call, a person's answer, or an approval.
 * @public
 */
export type TaskStepKind = 'model' | 'tool' | 'input' | 'approval';

/**
 * One checkpoint of a task: a model call or a tool call, its input recorded before it starts and
 * its output recorded when it completes (`output` stays undefined while `status` is `started`).
 * @public
 */
export interface TaskStep {
  readonly seq: number;
  /**
   * `input` records a person's answer given through {@link TaskStore.provideInput};
   * `approval` a tool call that waits for (or got) a person's decision.
   */
  readonly kind: TaskStepKind;
  /** The call's id, stable across resumes (the idempotency key for a tool call). */
  readonly callId: string;
  readonly input: unknown;
  /** `rerun`: a call in doubt after a crash that a person allowed to run again. */
  readonly status: 'started' | 'done' | 'rerun';
  readonly output: unknown;
  /** When the call started (ms since the epoch, by the store's clock). */
  readonly startedAt: number;
  /** When its output was recorded, or a person settled it; undefined while `started`. */
  readonly endedAt: number | undefined;
}

/**
 * One entry of a task's event log, in the order the store committed them: `status` when the
 * task's state changed (`data`: `{ state, reason }`), `step` when a checkpoint was started,
 * finished or settled (`data`: the {@link TaskStep} as it then was).
 * @public
 */
export type TaskEvent =
  | {
      readonly taskId: string;
      /** 1, 2, 3… per task: the SSE event id a client resumes after (`Last-Event-ID`). */
      readonly id: number;
      readonly type: 'status';
      /** When it was committed (ms since the epoch, by the store's clock). */
      readonly at: number;
      /** `reclaimed` when a worker took the task over after the previous worker's lease ran out. */
      readonly data: { readonly state: TaskState; readonly reason: string | undefined; readonly reclaimed?: true };
    }
  | { readonly taskId: string; readonly id: number; readonly type: 'step'; readonly at: number; readonly data: TaskStep };
