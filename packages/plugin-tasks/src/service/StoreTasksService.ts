import { createHash } from 'node:crypto';
import type { ToolCaller } from '@cortex-os/kernel';
import { intervalTimer, type TaskTimer } from '../agents/AgentTaskWorker.js';
import type { TaskWorkerSlot } from '../agents/TaskWorkerLoop.js';
import { TaskError } from '../errors/TaskError.js';
import type { TaskRunnerRegistry } from '../runners/TaskRunnerRegistry.js';
import type { TaskEvent, TaskRecord, TaskState, TaskStep } from '../store/TaskRecord.js';
import type { NewTask, TaskStore } from '../store/TaskStore.js';
import { taskScopeOf } from '../tools/taskCallerPrincipal.js';
import { checkTaskThreadName } from '../agents/checkTaskThreadName.js';
import { streamTaskEvents } from './streamTaskEvents.js';
import type { TaskAnswer, TasksService, TaskView } from './TasksService.js';

const settledStates = new Set<TaskState>(['completed', 'failed', 'cancelled', 'input-required']);

/** A UUID-shaped id from a principal and its idempotency key. */
function idempotentTaskId(principal: string, key: string): string {
  const hex = createHash('sha256').update(`${principal}\0${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The tasks service over a store; `changed` is told when a task may be claimable (to wake a worker). */
export class StoreTasksService implements TasksService {
  readonly #store: TaskStore;
  readonly #changed: () => void;
  readonly #slot: () => TaskWorkerSlot | undefined;
  readonly #timer: TaskTimer;
  readonly #pollMs: number;
  readonly #waiters = new Map<string, Set<(task: TaskView) => void>>();
  readonly #runners: Pick<TaskRunnerRegistry, 'get'> | undefined;
  readonly #adminScope: string;

  constructor(
    store: TaskStore,
    options: {
      readonly changed?: () => void;
      /** A free slot of this process's worker, if any: a task submitted then is created already claimed by it. */
      readonly slot?: () => TaskWorkerSlot | undefined;
      readonly timer?: TaskTimer | undefined;
      readonly pollMs?: number | undefined;
      /** Runners whose `describe` adds a `detail` to their tasks' views. */
      readonly runners?: Pick<TaskRunnerRegistry, 'get'> | undefined;
      /** A caller with this scope acts on every principal's tasks ({@link TasksService.scopeOf}). @defaultValue `tasks:admin` */
      readonly adminScope?: string | undefined;
    } = {},
  ) {
    this.#store = store;
    this.#runners = options.runners;
    this.#changed = options.changed ?? (() => {});
    this.#slot = options.slot ?? (() => undefined);
    this.#timer = options.timer ?? intervalTimer;
    this.#pollMs = options.pollMs ?? 1000;
    this.#adminScope = options.adminScope ?? 'tasks:admin';
  }

  scopeOf(caller: ToolCaller): string | undefined {
    return taskScopeOf(caller, this.#adminScope);
  }

  async submit(task: Parameters<TasksService['submit']>[0]): Promise<TaskView> {
    // The id is derived from the principal and the key, so two principals' keys never meet; a
    // repeated key returns the stored task (the insert does nothing for an id already taken).
    const id = task.idempotencyKey === undefined ? undefined : idempotentTaskId(task.principal, task.idempotencyKey);
    const input = { ...task.params, input: task.input };
    const runner = this.#runners?.get(task.agent);
    if (runner === undefined) checkTaskThreadName(task.agent, task.params?.threadId);
    else runner.accept?.(input);
    const created = await this.#create({ agent: task.agent, input, principal: task.principal, id });
    return this.#view(created);
  }

  /**
   * Stores the task: claimed in the same commit when this process's worker has a free slot (its
   * run starts at once), else queued for a worker to claim.
   */
  async #create(task: NewTask): Promise<TaskRecord> {
    const slot = this.#slot();
    if (slot === undefined) {
      const created = await this.#store.create(task);
      if (created.state === 'submitted') this.#changed();
      return created;
    }
    let outcome: { readonly task: TaskRecord; readonly claimed: boolean } | undefined;
    try {
      outcome = await this.#store.createClaimed(task, slot.worker);
    } finally {
      if (outcome?.claimed === true) slot.run(outcome.task);
      else slot.cancel();
    }
    if (!outcome.claimed && outcome.task.state === 'submitted') this.#changed();
    return outcome.task;
  }

  async get(id: string, principal?: string): Promise<TaskView> {
    return this.#view(await this.#owned(id, principal));
  }

  async list(filter: Parameters<TasksService['list']>[0] = {}): Promise<readonly TaskView[]> {
    return Promise.all((await this.#store.list(filter)).map((task) => this.#view(task)));
  }

  async cancel(id: string, principal?: string): Promise<TaskView> {
    await this.#owned(id, principal);
    const cancelled = await this.#store.cancel(id);
    await this.ran(cancelled);
    return this.#view(cancelled);
  }

  async answer(id: string, answer: TaskAnswer, principal?: string): Promise<TaskView> {
    await this.#owned(id, principal);
    const task =
      'approved' in answer
        ? await this.#store.decide(id, answer.callId, answer.approved)
        : await this.#store.resolveCall(id, answer.callId, 'output' in answer ? { output: answer.output } : { rerun: true });
    this.#changed();
    return this.#view(task);
  }

  async settled(id: string, principal?: string): Promise<TaskView> {
    const task = await this.#owned(id, principal);
    if (settledStates.has(task.state)) return this.#view(task);
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(id) ?? new Set();
      waiters.add(resolve);
      this.#waiters.set(id, waiters);
    });
  }

  /** Told by the worker when a run left a task: wakes those waiting for it when it settled. */
  async ran(task: TaskRecord): Promise<void> {
    const waiters = this.#waiters.get(task.id);
    if (waiters === undefined || !settledStates.has(task.state)) return;
    this.#waiters.delete(task.id);
    const view = await this.#view(task);
    for (const resolve of waiters) resolve(view);
  }

  async steps(id: string, principal?: string): Promise<readonly TaskStep[]> {
    await this.#owned(id, principal);
    return this.#store.steps(id);
  }

  async events(
    id: string,
    options: {
      readonly afterId?: number | undefined;
      readonly principal?: string | undefined;
      readonly signal?: AbortSignal | undefined;
    } = {},
  ): Promise<AsyncIterable<TaskEvent>> {
    await this.#owned(id, options.principal);
    return streamTaskEvents({
      store: this.#store,
      id,
      afterId: options.afterId ?? 0,
      signal: options.signal,
      timer: this.#timer,
      pollMs: this.#pollMs,
    });
  }

  /** The task, if `principal` (when given) owns it; another principal's task is reported unknown. */
  async #owned(id: string, principal: string | undefined): Promise<TaskRecord> {
    const task = await this.#store.get(id);
    if (principal !== undefined && task.principal !== principal)
      throw new TaskError('TASK_NOT_FOUND', `Unknown task "${id}".`, { details: { task: id } });
    return task;
  }

  async #view(task: TaskRecord): Promise<TaskView> {
    const describe = this.#runners?.get(task.agent)?.describe;
    const steps = task.state === 'input-required' || describe !== undefined ? await this.#store.steps(task.id) : [];
    const pending =
      task.state === 'input-required'
        ? steps.filter((step) => step.status === 'started').map(({ callId, kind, input }) => ({ callId, kind, input }))
        : [];
    const detail = describe?.(task, steps);
    return { ...task, pending, ...(detail === undefined ? {} : { detail }) };
  }
}
