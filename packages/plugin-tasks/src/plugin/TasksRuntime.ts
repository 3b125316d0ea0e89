import { join } from 'node:path';
import { type Logger, resolveRuntimeHome } from '@cortex-os/kernel';
import type { ModelProvider } from '@cortex-os/kernel/router';
import { prepareSqliteFile } from '@cortex-os/sql-driver';
import type { AgentsService } from '@cortex-os/plugin-agents';
import { AgentTaskWorker, intervalTimer, type TaskTimer } from '../agents/AgentTaskWorker.js';
import { TaskWorkerLoop } from '../agents/TaskWorkerLoop.js';
import { TaskRunnerRegistry } from '../runners/TaskRunnerRegistry.js';
import { StoreTasksService } from '../service/StoreTasksService.js';
import type { Registry } from 'prom-client';
import { registerTaskMetrics } from '../metrics/TaskMetrics.js';
import { PostgresTaskStore } from '../store/PostgresTaskStore.js';
import { SqliteTaskStore } from '../store/SqliteTaskStore.js';
import type { TaskRecord } from '../store/TaskRecord.js';
import type { TaskStore } from '../store/TaskStore.js';
import type { TasksPluginOptions } from './tasksPlugin.js';

/** The SQLite file of the tasks: the one given, else `tasks/tasks.sqlite` under the runtime's home (as the CLI's). */
function taskFile(options: TasksPluginOptions): string {
  return prepareSqliteFile(options.file ?? join(resolveRuntimeHome({ env: process.env }).dir, 'tasks', 'tasks.sqlite'));
}

/** Opens the store the options name: PostgreSQL when `postgres` is given, else the SQLite file. */
async function openStore(options: TasksPluginOptions): Promise<TaskStore> {
  if (options.postgres !== undefined)
    return PostgresTaskStore.open({
      connectionString: options.postgres.url,
      schema: options.postgres.schema,
      poolSize: options.postgres.poolSize,
      leaseMs: options.leaseMs,
    });
  return SqliteTaskStore.open({ file: taskFile(options), leaseMs: options.leaseMs });
}

/** What the tasks plugin runs: the store, the service over it and, with agents, the worker loop and retention. */
export class TasksRuntime {
  readonly service: StoreTasksService;
  /** Runners of tasks that are not agent runs; the worker gives them their tasks. */
  readonly runners = new TaskRunnerRegistry();
  readonly #store: TaskStore;
  readonly #options: TasksPluginOptions;
  readonly #timer: TaskTimer;
  #loop: TaskWorkerLoop | undefined;
  #stopPruning: (() => void) | undefined;

  private constructor(store: TaskStore, options: TasksPluginOptions) {
    this.#store = store;
    this.#options = options;
    this.#timer = options.timer ?? intervalTimer;
    this.service = new StoreTasksService(store, {
      changed: () => this.#loop?.wake(),
      slot: () => this.#loop?.offer(),
      timer: this.#timer,
      pollMs: options.worker.pollMs,
      runners: this.runners,
      adminScope: options.rest.adminScope,
    });
  }

  /** Opens the store and prunes it once. @throws TaskError `TASK_STORE_UNAVAILABLE`. */
  static async open(options: TasksPluginOptions): Promise<TasksRuntime> {
    const runtime = new TasksRuntime(await openStore(options), options);
    try {
      await runtime.prune();
    } catch (error) {
      await runtime.close();
      throw error;
    }
    return runtime;
  }

  /** Deletes finished tasks past the retention's age or count. */
  prune(): Promise<number> {
    const { maxAgeMs, maxFinished } = this.#options.retention;
    return this.#store.prune({ olderThanMs: maxAgeMs, keepFinished: maxFinished });
  }

  /** Starts claiming and running agent tasks, and pruning on every poll. */
  startWorker(agents: AgentsService, logger: Logger, providers?: readonly ModelProvider[]): void {
    const { concurrency, pollMs } = this.#options.worker;
    const worker = new AgentTaskWorker({ store: this.#store, agents, timer: this.#timer, runners: this.runners, providers });
    const onError = (error: unknown): void => logger.warn({ err: error }, 'The task worker could not claim or run a task.');
    const onRan = (task: TaskRecord): void => void this.service.ran(task).catch(onError);
    this.#loop = new TaskWorkerLoop({ worker, concurrency, pollMs, timer: this.#timer, onError, onRan });
    this.#stopPruning = this.#timer(() => void this.prune().catch(onError), pollMs);
    this.runners.serve(true);
    this.#loop.wake();
  }

  /** Stops claiming; the runs in flight stop and their tasks go back to the queue. */
  async stopWorker(): Promise<void> {
    this.runners.serve(false);
    this.#stopPruning?.();
    await this.#loop?.stop();
  }

  /** Registers the task metrics on a prom-client registry; returns the disposer that stops feeding them. */
  registerMetrics(registry: Registry): () => void {
    return registerTaskMetrics(this.#store, registry);
  }

  /** Stops the worker and closes the store. */
  async close(): Promise<void> {
    await this.stopWorker();
    await this.#store.close();
  }
}
