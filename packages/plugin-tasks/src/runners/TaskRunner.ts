import type { JournalCall, JournalOutcome, TaskJournal } from '../store/TaskJournal.js';
import type { TaskRecord, TaskStep } from '../store/TaskRecord.js';
import type { TaskEnd } from '../store/TaskStore.js';

/**
 * What a {@link TaskRunner} gets for one attempt at a task.
 * @public
 */
export interface TaskRunnerContext {
  /** Aborted when the worker stops (the task goes back to the queue) or loses the lease. */
  readonly signal: AbortSignal;
  /**
   * Runs or replays one checkpointed call through the task's journal (`TaskJournal.call`); the
   * call runs inside `currentTaskCall()`, so a tool handler reads its idempotency key there.
   */
  call<T>(call: JournalCall<T>): Promise<JournalOutcome<T>>;
  /**
   * Asks a person whether a call may run (`TaskJournal.ask`): the recorded answer, or `pending`
   * once the question is recorded — the runner then returns `input-required`, and
   * `TasksService.answer(id, { callId, approved })` settles it before the next attempt.
   */
  ask(callId: string, input: unknown): ReturnType<TaskJournal['ask']>;
}

/**
 * How a {@link TaskRunner} leaves a task: ended (`completed` or `failed`), or waiting for a person.
 * @public
 */
export type TaskRunnerOutcome = TaskEnd | { readonly state: 'input-required'; readonly reason: string };

/**
 * Runs tasks that are not agent runs: a task whose `agent` is the runner's `name` is claimed by
 * the tasks worker like any other (lease, renewals, resumption by any process) and given to the
 * runner, which checkpoints its work through `context.call`. Register one on the runtime's
 * `TaskRunnerRegistry` (`taskRunnersToken`).
 * @public
 */
export interface TaskRunner {
  /** The `agent` of the tasks it runs: dotted (`cerebrum.plan`), so it never names an agent. */
  readonly name: string;
  /** Runs one attempt at the task: called again, with the same checkpoints, after a crash or a person's answer. */
  run(task: TaskRecord, context: TaskRunnerContext): Promise<TaskRunnerOutcome>;
  /**
   * Checks a task's input (`{ ...params, input }`) when it is submitted, so the caller learns at
   * once — not when the task fails — that the runner could never run it: throws a typed error.
   */
  accept?(input: unknown): void;
  /** What `GET /tasks/:id` shows of the task besides its record (`detail`), read from its checkpoints. */
  describe?(task: TaskRecord, steps: readonly TaskStep[]): unknown;
}
