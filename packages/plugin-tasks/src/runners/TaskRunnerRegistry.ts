import { TaskError } from '../errors/TaskError.js';
import type { TaskRunner } from './TaskRunner.js';

// Agent names have no dot, so a dotted runner name never shadows an agent.
const RUNNER_NAME = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;

/**
 * The runtime's task runners, by name; provided by `tasksPlugin` as `taskRunnersToken`. A plugin
 * registers its runner in `start` and removes it when it stops.
 * @public
 */
export class TaskRunnerRegistry {
  readonly #runners = new Map<string, TaskRunner>();
  #served = false;

  /**
   * True while a worker of this runtime claims tasks and gives them to the runners: a plugin that
   * submits a task and waits for it (`TasksService.settled`) should do so only then.
   */
  get served(): boolean {
    return this.#served;
  }

  /** Told by the tasks runtime when its worker starts (`true`) and stops (`false`). */
  serve(served: boolean): void {
    this.#served = served;
  }

  /**
   * Adds a runner; returns the function that removes it.
   * @throws {@link TaskError} `TASK_RUNNER_INVALID` for a name that is not dotted lowercase, or taken.
   */
  register(runner: TaskRunner): () => void {
    const problem = !RUNNER_NAME.test(runner.name)
      ? 'is not dotted lowercase segments (e.g. "cerebrum.plan")'
      : this.#runners.has(runner.name)
        ? 'is already registered'
        : undefined;
    if (problem !== undefined)
      throw new TaskError('TASK_RUNNER_INVALID', `The task runner "${runner.name}" ${problem}.`, {
        details: { runner: runner.name, problem },
      });
    this.#runners.set(runner.name, runner);
    return () => {
      if (this.#runners.get(runner.name) === runner) this.#runners.delete(runner.name);
    };
  }

  /** The runner of tasks whose `agent` is `name`; undefined for agent tasks. */
  get(name: string): TaskRunner | undefined {
    return this.#runners.get(name);
  }
}
