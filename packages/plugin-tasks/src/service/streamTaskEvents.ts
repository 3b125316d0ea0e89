import type { TaskTimer } from '../agents/AgentTaskWorker.js';
import { TaskError } from '../errors/TaskError.js';
import type { TaskEvent, TaskState } from '../store/TaskRecord.js';
import type { TaskStore } from '../store/TaskStore.js';

/** Events read at a time. */
const pageSize = 1000;

const finalStates = new Set<TaskState>(['completed', 'failed', 'cancelled']);

const isFinal = (event: TaskEvent): boolean => event.type === 'status' && finalStates.has(event.data.state);

/**
 * A task's events after `afterId`, then each new one: read from the store (so none is missed or
 * repeated, whoever wrote it), re-read when this store commits one for the task or the timer
 * ticks (another process's), until the task's final status was given or `signal` aborts.
 */
export async function* streamTaskEvents(options: {
  readonly store: TaskStore;
  readonly id: string;
  readonly afterId: number;
  readonly signal: AbortSignal | undefined;
  readonly timer: TaskTimer;
  readonly pollMs: number;
}): AsyncGenerator<TaskEvent, void, undefined> {
  const { store, id, signal } = options;
  let last = options.afterId;
  let wake: (() => void) | undefined;
  const poke = (): void => wake?.();
  const unwatch = store.watch((event) => {
    if (event.taskId === id) poke();
  });
  const stopTimer = options.timer(poke, options.pollMs);
  signal?.addEventListener('abort', poke);
  try {
    while (signal?.aborted !== true) {
      // Armed before reading, so an event committed during the read wakes the next wait.
      const next = new Promise<void>((resolve) => {
        wake = resolve;
      });
      const events = await store.events(id, last, pageSize);
      for (const event of events) {
        yield event;
        last = event.id;
        if (isFinal(event)) return;
      }
      if (events.length === 0 && (await finished(store, id))) return;
      // A full page: more are committed already. Else the next read waits for a poke — at once if
      // one came during this read (every commit after `next` was armed pokes it), so none is missed.
      if (events.length < pageSize) await next;
    }
  } finally {
    unwatch();
    stopTimer();
    signal?.removeEventListener('abort', poke);
  }
}

/** True when the task is final (or was pruned meanwhile): no event will follow. */
async function finished(store: TaskStore, id: string): Promise<boolean> {
  try {
    return finalStates.has((await store.get(id)).state);
  } catch (error) {
    if (error instanceof TaskError && error.code === 'TASK_NOT_FOUND') return true;
    throw error;
  }
}
