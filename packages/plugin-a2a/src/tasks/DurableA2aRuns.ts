import type { TasksService, TaskView } from '@cortex-os/plugin-tasks';
import { type A2aAgentTaskOutput, a2aAgentTaskRunnerName } from './a2aAgentTaskRunner.js';
import type { A2aRunOutcome, A2aRunRequest } from './A2aRunOutcome.js';

/**
 * Options of {@link DurableA2aRuns}.
 * @public
 */
export interface DurableA2aRunsOptions {
  /** The runtime's tasks service (`tasksServiceToken`). */
  readonly tasks: TasksService;
  /** True while this runtime's tasks worker runs tasks (`TaskRunnerRegistry.served`). */
  readonly served: () => boolean;
  /** Aborted when the runtime stops: runs in flight are left to the tasks worker (`detached`). */
  readonly stopping: AbortSignal;
}

const settledStates = new Set(['completed', 'failed', 'cancelled', 'input-required']);

/** The model step a checkpoint event finished (`model:<n>` → n + 1), or undefined for any other event. */
function finishedModelStep(callId: string, kind: string, status: string): number | undefined {
  const match = kind === 'model' && status === 'done' ? /^model:(\d+)$/.exec(callId) : null;
  return match === null ? undefined : Number(match[1]) + 1;
}

function outcomeOf(view: TaskView): A2aRunOutcome {
  // Not settled (only when the log ended early): the run goes on without this follower.
  if (view.state === 'submitted' || view.state === 'working') return { status: 'detached' };
  if (view.state === 'completed') {
    const { text, output } = (view.output ?? { text: '' }) as A2aAgentTaskOutput;
    return output === undefined ? { status: 'completed', text } : { status: 'completed', text, output };
  }
  if (view.state === 'cancelled') return { status: 'cancelled' };
  if (view.state === 'input-required') return { status: 'input-required', reason: view.reason ?? 'The task waits for input.' };
  return { status: 'failed', reason: view.reason ?? 'The task failed.' };
}

/**
 * Runs A2A tasks' agents as plugin-tasks tasks (`a2a.agent`, see {@link createA2aAgentTaskRunner}):
 * the run is queued durably, claimed by the tasks worker under a lease, checkpointed, listed in
 * `/api/v1/tasks`, and resumed by any process after a crash. The A2A task follows it through the
 * task's event log.
 *
 * @remarks
 * The plugin-tasks task is submitted with the idempotency key `a2a:<A2A task id>` by the caller's
 * principal, so the same A2A task sent again (a restarted server resuming it) follows the same
 * durable task instead of starting a second run.
 * @public
 */
export class DurableA2aRuns {
  readonly #tasks: TasksService;
  readonly #served: () => boolean;
  readonly #stopping: AbortSignal;

  /** Follows runs through `options.tasks`. */
  constructor(options: DurableA2aRunsOptions) {
    this.#tasks = options.tasks;
    this.#served = options.served;
    this.#stopping = options.stopping;
  }

  /** True while a worker of this runtime runs the tasks (else an A2A task's agent runs in the request's process only). */
  get available(): boolean {
    return this.#served() && !this.#stopping.aborted;
  }

  /** Queues the run (or finds the one queued for this A2A task before) and follows it to its end; `cancel` cancels the task. */
  async run(request: A2aRunRequest, cancel: AbortSignal): Promise<A2aRunOutcome> {
    const { principal } = request;
    const queued = await this.#tasks.submit({
      agent: a2aAgentTaskRunnerName,
      input: request.input,
      principal,
      idempotencyKey: `a2a:${request.taskId}`,
      params: { skill: request.skill, contextId: request.contextId, depth: request.depth },
    });
    // A final task answers TASK_STATE_CONFLICT: it ended on its own meanwhile, which the event log shows.
    const onCancel = (): void => void this.#tasks.cancel(queued.id, principal).catch(() => undefined);
    cancel.addEventListener('abort', onCancel, { once: true });
    if (cancel.aborted) onCancel();
    try {
      for await (const event of await this.#tasks.events(queued.id, { principal, signal: this.#stopping })) {
        if (event.type === 'step') {
          const step = finishedModelStep(event.data.callId, event.data.kind, event.data.status);
          if (step !== undefined) request.onStep(step);
        } else if (settledStates.has(event.data.state)) {
          // A replayed log holds earlier waits too: only the task as it is now settles the A2A task.
          const view = await this.#tasks.get(queued.id, principal);
          if (settledStates.has(view.state)) return outcomeOf(view);
        }
      }
      return this.#stopping.aborted ? { status: 'detached' } : outcomeOf(await this.#tasks.get(queued.id, principal));
    } finally {
      cancel.removeEventListener('abort', onCancel);
    }
  }
}
