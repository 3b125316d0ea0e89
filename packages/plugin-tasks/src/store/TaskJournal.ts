import type { TaskStep } from './TaskRecord.js';
import type { TaskStore } from './TaskStore.js';

/**
 * One call as {@link TaskJournal.call} runs it.
 * @public
 */
export interface JournalCall<T> {
  readonly kind: 'model' | 'tool';
  /** Stable across resumes: the n-th call of a run has the same id in every attempt. */
  readonly callId: string;
  readonly input: unknown;
  /** Whether re-running the call after a crash is safe (the tool's `idempotentHint`). Model calls are. */
  readonly idempotent: boolean;
  /** Runs the call; given the call id as idempotency key. */
  readonly run: (idempotencyKey: string) => Promise<T>;
}

/**
 * What {@link TaskJournal.call} returns: the output (recorded now or replayed from the store),
 * or `in-doubt` when a non-idempotent call was in flight at a crash and must not silently re-run.
 * @public
 */
export type JournalOutcome<T> =
  | { readonly status: 'ran'; readonly output: T }
  | { readonly status: 'replayed'; readonly output: T }
  | { readonly status: 'in-doubt'; readonly reason: string };

/**
 * Runs a task's calls through its checkpoints: a call whose output is recorded is not run again
 * (its recorded output is returned); a new call's output is committed before it is returned — a
 * non-idempotent call's input is also committed before it runs (so a crash leaves it in doubt),
 * an idempotent call's with its output (one commit; after a crash it simply runs again). A call recorded as started but never finished was in flight
 * at a crash: an idempotent one runs again with the same idempotency key, a non-idempotent one is
 * reported `in-doubt` for a person to decide ({@link TaskStore.resolveCall}).
 * @public
 */
export class TaskJournal {
  readonly #store: TaskStore;
  readonly #taskId: string;
  readonly #worker: string;
  readonly #recorded: Map<string, TaskStep>;
  readonly #opened: readonly TaskStep[];

  private constructor(store: TaskStore, taskId: string, worker: string, steps: readonly TaskStep[]) {
    this.#store = store;
    this.#taskId = taskId;
    this.#worker = worker;
    this.#recorded = new Map(steps.map((step) => [step.callId, step]));
    this.#opened = steps;
  }

  /** Reads the task's recorded steps once; the worker must hold the task's lease. */
  static async open(store: TaskStore, taskId: string, worker: string): Promise<TaskJournal> {
    return new TaskJournal(store, taskId, worker, await store.steps(taskId));
  }

  /** The task's checkpoints as they were when the journal was opened: what earlier attempts recorded. */
  get opened(): readonly TaskStep[] {
    return this.#opened;
  }

  /**
   * A question only a person answers (whether a tool call may run): the recorded answer, or
   * `pending` once the question is recorded (at most once; the task should then wait in
   * `input-required` until {@link TaskStore.decide} answers it).
   */
  async ask(
    callId: string,
    input: unknown,
  ): Promise<{ readonly status: 'answered'; readonly output: unknown } | { readonly status: 'pending' }> {
    const recorded = this.#recorded.get(callId);
    if (recorded?.status === 'done') return { status: 'answered', output: recorded.output };
    if (recorded === undefined) {
      const step = await this.#store.startStep(this.#taskId, this.#worker, { kind: 'approval', callId, input });
      this.#recorded.set(callId, step);
    }
    return { status: 'pending' };
  }

  /** Runs or replays one call (see the class). */
  async call<T>(call: JournalCall<T>): Promise<JournalOutcome<T>> {
    const recorded = this.#recorded.get(call.callId);
    if (recorded?.status === 'done') return { status: 'replayed', output: recorded.output as T };
    if (recorded?.status === 'started' && !call.idempotent)
      return {
        status: 'in-doubt',
        reason: `${call.kind} call "${call.callId}" was in flight when its worker stopped and is not idempotent`,
      };
    // A call safe to re-run need not be on disk before it runs: its input and output are one commit.
    if (recorded === undefined && call.idempotent) {
      const startedAt = this.#store.now();
      const output = await call.run(call.callId);
      const step = await this.#store.recordStep(this.#taskId, this.#worker, {
        kind: call.kind,
        callId: call.callId,
        input: call.input,
        output,
        startedAt,
      });
      this.#recorded.set(call.callId, step);
      return { status: 'ran', output };
    }
    const started = recorded ?? (await this.#store.startStep(this.#taskId, this.#worker, call));
    const output = await call.run(call.callId);
    await this.#store.finishStep(this.#taskId, this.#worker, started.seq, output);
    this.#recorded.set(call.callId, { ...started, status: 'done', output });
    return { status: 'ran', output };
  }
}
