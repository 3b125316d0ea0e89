import type { TasksService, TaskView } from '@cortex-os/plugin-tasks';
import { CerebrumError } from '../errors/CerebrumError.js';
import { tracedCritic } from '../plan/PlanSpans.js';
import type { Critic, Critique } from './Critic.js';

/**
 * A critic's verdict on a finished task, with what it judged.
 * @public
 */
export interface TaskCritique extends Critique {
  readonly task: string;
  /** The task's goal: its input. */
  readonly goal: string;
  /** The task's output, as text (JSON for a structured output). */
  readonly answer: string;
}

/**
 * Critiques a finished task: the critic judges the task's output against its goal (the task's
 * input) — an agent task, a plan task, a time-travel task alike. A satisfied verdict is what
 * `captureLearningExample` needs to turn the task into a learning example (`source: { taskId }`).
 *
 * @throws {@link CerebrumError} `CEREBRUM_TASK_UNSUITABLE` for a task that has not completed; `TASK_NOT_FOUND` for another principal's task.
 * @public
 */
export async function critiqueTask(
  tasks: Pick<TasksService, 'get'>,
  id: string,
  critic: Critic,
  options: { readonly principal?: string | undefined; readonly signal?: AbortSignal | undefined } = {},
): Promise<TaskCritique> {
  const { goal, answer } = await completedTask(tasks, id, options.principal, 'critiqued');
  const verdict = await tracedCritic(critic, 'task').critique({ goal, answer, signal: options.signal });
  return { ...verdict, task: id, goal, answer };
}

/**
 * A completed task's goal (its input) and answer (its output as text, JSON for a structured one),
 * with the task itself; `use` says what it was wanted for in the error.
 *
 * @throws {@link CerebrumError} `CEREBRUM_TASK_UNSUITABLE` for a task that has not completed; `TASK_NOT_FOUND` for another principal's task.
 */
export async function completedTask(
  tasks: Pick<TasksService, 'get'>,
  id: string,
  principal: string | undefined,
  use: string,
): Promise<{ readonly task: TaskView; readonly goal: string; readonly answer: string }> {
  const task = await tasks.get(id, principal);
  const goal = (task.input as { input?: unknown } | null)?.input;
  if (task.state !== 'completed' || typeof goal !== 'string')
    throw CerebrumError.create(
      'CEREBRUM_TASK_UNSUITABLE',
      { task: id, use, why: `it has no output to judge (it is ${task.state})` },
      { details: { task: id, state: task.state } },
    );
  const answer = typeof task.output === 'string' ? task.output : JSON.stringify(task.output);
  return { task, goal, answer };
}
