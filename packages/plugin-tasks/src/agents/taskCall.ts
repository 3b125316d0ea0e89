import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The task call a tool handler runs in, when an agent task runs it.
 * @public
 */
export interface TaskCall {
  /** The task's id (also the run's id and the tool call's correlation id). */
  readonly taskId: string;
  /**
   * The call's id in the task's journal, the same in every attempt: a tool that may be re-run
   * after a crash (`idempotentHint`) uses it as its idempotency key.
   */
  readonly callId: string;
}

// The kernel's tool calls carry no idempotency key, so the journal lends one through the async context.
const storage = new AsyncLocalStorage<TaskCall>();

/**
 * The task call the current tool handler runs in; undefined outside an agent task.
 * @public
 */
export function currentTaskCall(): TaskCall | undefined {
  return storage.getStore();
}

/** Runs `fn` as the task call `call` (the journal's side of {@link currentTaskCall}). */
export function runAsTaskCall<T>(call: TaskCall, fn: () => T): T {
  return storage.run(call, fn);
}
