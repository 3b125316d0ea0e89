import type { TaskRecord, TaskStep } from './TaskRecord.js';
import type { TaskEnd, TaskRanCall, TaskStore } from './TaskStore.js';

/**
 * Options of {@link TaskJournal.open}.
 * @public
 */
export interface TaskJournalOptions {
  /**
   * Hold a new model reply in memory until the journal next runs or records anything, or the task
   * ends ({@link TaskJournal.finish}), instead of committing it at once: a reply that ends the run
   * is recorded in the task's final commit (one commit, not two). A reply is never acknowledged to
   * anyone and has no side effect, so a crash before that commit only asks the model again, as a
   * crash during the call would; it is committed before any other call runs. Whoever opens a
   * journal with this must end the task through {@link TaskJournal.finish} (or call
   * {@link TaskJournal.flush} first), or the held reply is never recorded.
   * @defaultValue false
   */
  readonly holdModelReplies?: boolean | undefined;
}

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
  readonly #holdReplies: boolean;
  /** A model reply that ran and is not committed yet (see {@link TaskJournalOptions.holdModelReplies}). */
  #held: TaskRanCall | undefined;
  /** The commit of the reply last held, while it is in flight. */
  #flushing: Promise<void> | undefined;

  private constructor(store: TaskStore, taskId: string, worker: string, steps: readonly TaskStep[], options: TaskJournalOptions) {
    this.#store = store;
    this.#taskId = taskId;
    this.#worker = worker;
    this.#recorded = new Map(steps.map((step) => [step.callId, step]));
    this.#opened = steps;
    this.#holdReplies = options.holdModelReplies === true;
  }

  /** Reads the task's recorded steps once; the worker must hold the task's lease. */
  static async open(store: TaskStore, taskId: string, worker: string, options: TaskJournalOptions = {}): Promise<TaskJournal> {
    return new TaskJournal(store, taskId, worker, await store.steps(taskId), options);
  }

  /**
   * Commits a held model reply now (before the task waits, goes back to the queue, or anything
   * else runs); calls made at once (the tools of one reply) all wait for the same commit.
   */
  flush(): Promise<void> {
    const held = this.#held;
    if (held !== undefined) {
      this.#held = undefined;
      const flushing = this.#store.recordStep(this.#taskId, this.#worker, held).then((step) => void this.#recorded.set(held.callId, step));
      this.#flushing = flushing;
      const clear = (): void => {
        if (this.#flushing === flushing) this.#flushing = undefined;
      };
      flushing.then(clear, clear);
    }
    return this.#flushing ?? Promise.resolve();
  }

  /** Ends the task held by the worker ({@link TaskStore.finish}), a held model reply recorded in the same commit. */
  finish(end: TaskEnd): Promise<TaskRecord> {
    const held = this.#held;
    this.#held = undefined;
    return this.#store.finish(this.#taskId, this.#worker, end, held === undefined ? [] : [held]);
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
      await this.flush();
      const step = await this.#store.startStep(this.#taskId, this.#worker, { kind: 'approval', callId, input });
      this.#recorded.set(callId, step);
    }
    return { status: 'pending' };
  }

  /** Runs or replays one call (see the class). */
  async call<T>(call: JournalCall<T>): Promise<JournalOutcome<T>> {
    if (this.#held?.callId === call.callId) return { status: 'replayed', output: this.#held.output as T };
    const recorded = this.#recorded.get(call.callId);
    if (recorded?.status === 'done') return { status: 'replayed', output: recorded.output as T };
    if (recorded?.status === 'started' && !call.idempotent)
      return {
        status: 'in-doubt',
        reason: `${call.kind} call "${call.callId}" was in flight when its worker stopped and is not idempotent`,
      };
    // A held reply is committed before anything else runs: no call's effect is on record without the reply that asked for it.
    await this.flush();
    // A call safe to re-run need not be on disk before it runs: its input and output are one commit.
    if (recorded === undefined && call.idempotent) {
      const startedAt = this.#store.now();
      const output = await call.run(call.callId);
      const ran: TaskRanCall = { kind: call.kind, callId: call.callId, input: call.input, output, startedAt };
      if (this.#holdReplies && call.kind === 'model') this.#held = ran;
      else this.#recorded.set(call.callId, await this.#store.recordStep(this.#taskId, this.#worker, ran));
      return { status: 'ran', output };
    }
    const started = recorded ?? (await this.#store.startStep(this.#taskId, this.#worker, call));
    const output = await call.run(call.callId);
    await this.#store.finishStep(this.#taskId, this.#worker, started.seq, output);
    this.#recorded.set(call.callId, { ...started, status: 'done', output });
    return { status: 'ran', output };
  }
}
