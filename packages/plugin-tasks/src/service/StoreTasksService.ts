import { createHash } from 'node:crypto';
import { TaskError } from '../errors/TaskError.js';
import type { SqliteTaskStore } from '../store/SqliteTaskStore.js';
import type { TaskRecord, TaskState, TaskStep } from '../store/TaskRecord.js';
import type { TaskAnswer, TasksService, TaskView } from './TasksService.js';

const settledStates = new Set<TaskState>(['completed', 'failed', 'cancelled', 'input-required']);

/** A UUID-shaped id from a principal and its idempotency key. */
function idempotentTaskId(principal: string, key: string): string {
  const hex = createHash('sha256').update(`${principal}\0${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The tasks service over a store; `changed` is told when a task may be claimable (to wake a worker). */
export class StoreTasksService implements TasksService {
  readonly #store: SqliteTaskStore;
  readonly #changed: () => void;
  readonly #waiters = new Map<string, Set<(task: TaskView) => void>>();

  constructor(store: SqliteTaskStore, changed: () => void = () => {}) {
    this.#store = store;
    this.#changed = changed;
  }

  submit(task: Parameters<TasksService['submit']>[0]): TaskView {
    // The id is derived from the principal and the key, so two principals' keys never meet.
    const id = task.idempotencyKey === undefined ? undefined : idempotentTaskId(task.principal, task.idempotencyKey);
    if (id !== undefined && this.#store.has(id)) return this.#view(this.#store.get(id));
    const created = this.#store.create({ agent: task.agent, input: { input: task.input }, principal: task.principal, id });
    this.#changed();
    return this.#view(created);
  }

  get(id: string, principal?: string): TaskView {
    return this.#view(this.#owned(id, principal));
  }

  list(filter: Parameters<TasksService['list']>[0] = {}): readonly TaskView[] {
    return this.#store.list(filter).map((task) => this.#view(task));
  }

  cancel(id: string, principal?: string): TaskView {
    this.#owned(id, principal);
    const cancelled = this.#store.cancel(id);
    this.ran(cancelled);
    return this.#view(cancelled);
  }

  answer(id: string, answer: TaskAnswer, principal?: string): TaskView {
    this.#owned(id, principal);
    const task =
      'approved' in answer
        ? this.#store.decide(id, answer.callId, answer.approved)
        : this.#store.resolveCall(id, answer.callId, 'output' in answer ? { output: answer.output } : { rerun: true });
    this.#changed();
    return this.#view(task);
  }

  settled(id: string, principal?: string): Promise<TaskView> {
    const task = this.#owned(id, principal);
    if (settledStates.has(task.state)) return Promise.resolve(this.#view(task));
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(id) ?? new Set();
      waiters.add(resolve);
      this.#waiters.set(id, waiters);
    });
  }

  /** Told by the worker when a run left a task: wakes those waiting for it when it settled. */
  ran(task: TaskRecord): void {
    const waiters = this.#waiters.get(task.id);
    if (waiters === undefined || !settledStates.has(task.state)) return;
    this.#waiters.delete(task.id);
    const view = this.#view(task);
    for (const resolve of waiters) resolve(view);
  }

  steps(id: string, principal?: string): readonly TaskStep[] {
    this.#owned(id, principal);
    return this.#store.steps(id);
  }

  /** The task, if `principal` (when given) owns it; another principal's task is reported unknown. */
  #owned(id: string, principal: string | undefined): TaskRecord {
    const task = this.#store.get(id);
    if (principal !== undefined && task.principal !== principal)
      throw new TaskError('TASK_NOT_FOUND', `Unknown task "${id}".`, { details: { task: id } });
    return task;
  }

  #view(task: TaskRecord): TaskView {
    const pending =
      task.state === 'input-required'
        ? this.#store
            .steps(task.id)
            .filter((step) => step.status === 'started')
            .map(({ callId, kind, input }) => ({ callId, kind, input }))
        : [];
    return { ...task, pending };
  }
}
