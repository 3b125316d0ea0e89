import type { Logger } from '@cortex-os/kernel';
import type { AgentsService } from '@cortex-os/plugin-agents';
import { AgentTaskWorker, intervalTimer, type TaskTimer } from '../agents/AgentTaskWorker.js';
import { TaskWorkerLoop } from '../agents/TaskWorkerLoop.js';
import { StoreTasksService } from '../service/StoreTasksService.js';
import { SqliteTaskStore } from '../store/SqliteTaskStore.js';
import type { TaskRecord } from '../store/TaskRecord.js';
import type { TasksPluginOptions } from './tasksPlugin.js';

/** What the tasks plugin runs: the store, the service over it and, with agents, the worker loop and retention. */
export class TasksRuntime {
  readonly service: StoreTasksService;
  readonly #store: SqliteTaskStore;
  readonly #options: TasksPluginOptions;
  readonly #timer: TaskTimer;
  #loop: TaskWorkerLoop | undefined;
  #stopPruning: (() => void) | undefined;

  /** Opens the store and prunes it once. @throws TaskError `TASK_STORE_UNAVAILABLE`. */
  constructor(options: TasksPluginOptions) {
    this.#options = options;
    this.#timer = options.timer ?? intervalTimer;
    this.#store = SqliteTaskStore.open({ file: options.file, leaseMs: options.leaseMs });
    this.service = new StoreTasksService(this.#store, () => this.#loop?.wake());
    this.prune();
  }

  /** Deletes finished tasks past the retention's age or count. */
  prune(): number {
    const { maxAgeMs, maxFinished } = this.#options.retention;
    return this.#store.prune({ olderThanMs: maxAgeMs, keepFinished: maxFinished });
  }

  /** Starts claiming and running agent tasks, and pruning on every poll. */
  startWorker(agents: AgentsService, logger: Logger): void {
    const { concurrency, pollMs } = this.#options.worker;
    const worker = new AgentTaskWorker({ store: this.#store, agents, timer: this.#timer });
    const onError = (error: unknown): void => logger.warn({ err: error }, 'The task worker could not claim or run a task.');
    const onRan = (task: TaskRecord): void => this.service.ran(task);
    this.#loop = new TaskWorkerLoop({ worker, concurrency, pollMs, timer: this.#timer, onError, onRan });
    this.#stopPruning = this.#timer(() => {
      try {
        this.prune();
      } catch (error) {
        onError(error);
      }
    }, pollMs);
    this.#loop.wake();
  }

  /** Stops claiming; the runs in flight stop and their tasks go back to the queue. */
  async stopWorker(): Promise<void> {
    this.#stopPruning?.();
    await this.#loop?.stop();
  }

  /** Stops the worker and closes the store. */
  async close(): Promise<void> {
    await this.stopWorker();
    this.#store.close();
  }
}
