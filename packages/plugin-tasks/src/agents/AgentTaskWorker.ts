import { randomUUID } from 'node:crypto';
import { CortexError } from '@cortex-os/kernel';
import type { ModelProvider, ModelTokenPrices } from '@cortex-os/kernel/router';
import { type AgentRunResult, type AgentsService, principalThreadId } from '@cortex-os/plugin-agents';
import type { TaskRunner, TaskRunnerOutcome } from '../runners/TaskRunner.js';
import type { TaskRunnerRegistry } from '../runners/TaskRunnerRegistry.js';
import { type JournalCall, TaskJournal } from '../store/TaskJournal.js';
import type { TaskRecord } from '../store/TaskRecord.js';
import type { TaskStore } from '../store/TaskStore.js';
import { runAsTaskCall } from './taskCall.js';
import { TaskRunJournal } from './TaskRunJournal.js';

/**
 * Runs a function every `ms` milliseconds until the returned function is called; injectable so
 * tests renew leases without waiting.
 * @public
 */
export type TaskTimer = (fn: () => void, ms: number) => () => void;

/**
 * The input of an agent task: what {@link AgentTaskWorker} passes to the agent's run.
 * @public
 */
export interface AgentTaskInput {
  /** The goal or question. */
  readonly input: string;
  /**
   * The conversation the task continues (`params.threadId` when submitted): the task owner's, so
   * the run's thread is derived from the task's principal and this name.
   */
  readonly threadId?: string;
}

/**
 * Options of {@link AgentTaskWorker}.
 * @public
 */
export interface AgentTaskWorkerOptions {
  readonly store: TaskStore;
  readonly agents: AgentsService;
  /**
   * The worker's name in leases.
   * @defaultValue a random UUID
   */
  readonly worker?: string | undefined;
  /**
   * How often the lease of a running task is renewed (ms).
   * @defaultValue a third of the store's `leaseMs`
   */
  readonly renewEveryMs?: number | undefined;
  /**
   * The timer that renews leases.
   * @defaultValue `setInterval`, unref'd
   */
  readonly timer?: TaskTimer | undefined;
  /** Runners of tasks that are not agent runs (a task whose `agent` names a runner goes to it). */
  readonly runners?: Pick<TaskRunnerRegistry, 'get'> | undefined;
  /**
   * The runtime's model providers: their declared prices give what earlier attempts of a task
   * spent against the agent's cost budget (`budgets.maxCost`), so a resumed attempt runs on what
   * is left. Without them the cost budget restarts per attempt.
   */
  readonly providers?: readonly Pick<ModelProvider, 'name' | 'capabilities'>[] | undefined;
}

/** The default {@link TaskTimer}: `setInterval`, unref'd so it never keeps the process alive. */
export const intervalTimer: TaskTimer = (fn, ms) => {
  const handle = setInterval(fn, ms);
  handle.unref();
  return () => clearInterval(handle);
};

function isAgentTaskInput(value: unknown): value is AgentTaskInput {
  return typeof value === 'object' && value !== null && typeof (value as { input?: unknown }).input === 'string';
}

/**
 * Runs agent tasks: claims a task, runs its agent with a {@link TaskRunJournal} (every model
 * and tool call checkpointed, recorded calls replayed), renews the lease while the run goes on,
 * and settles the task: `completed` with the run's output, `failed` with the reason, or
 * `input-required` when an approval or a call in doubt waits for a person. A worker that loses
 * the lease (the task was cancelled or taken over) stops the run and writes nothing more.
 * @public
 */
export class AgentTaskWorker {
  readonly #store: TaskStore;
  readonly #agents: AgentsService;
  readonly #worker: string;
  readonly #renewEveryMs: number;
  readonly #timer: TaskTimer;
  readonly #runners: Pick<TaskRunnerRegistry, 'get'> | undefined;
  readonly #prices: ReadonlyMap<string, ModelTokenPrices>;
  readonly #running = new Map<string, AbortController>();
  #stopping = false;

  constructor(options: AgentTaskWorkerOptions) {
    this.#store = options.store;
    this.#agents = options.agents;
    this.#worker = options.worker ?? randomUUID();
    this.#renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(options.store.leaseMs / 3));
    this.#timer = options.timer ?? intervalTimer;
    this.#runners = options.runners;
    this.#prices = new Map(
      (options.providers ?? []).flatMap((provider) =>
        provider.capabilities.prices === undefined ? [] : [[provider.name, provider.capabilities.prices] as const],
      ),
    );
  }

  /** The worker's name in leases. */
  get name(): string {
    return this.#worker;
  }

  /** Claims the oldest claimable task and runs it; undefined when none is claimable. Resolves with the task as the run left it. */
  async runNext(): Promise<TaskRecord | undefined> {
    const task = await this.claimNext();
    return task === undefined ? undefined : this.run(task);
  }

  /** Claims the oldest claimable task for this worker (undefined when none is, or the worker stopped), to pass to {@link AgentTaskWorker.run}. */
  async claimNext(): Promise<TaskRecord | undefined> {
    return this.#stopping ? undefined : this.#store.claim(this.#worker);
  }

  /** Stops the runs in flight: each task goes back to `submitted` for another worker (its recorded calls are kept). */
  stop(): void {
    this.#stopping = true;
    for (const controller of this.#running.values()) controller.abort(new Error('The task worker is stopping.'));
  }

  /** Runs a task this worker claimed; resolves with the task as the run left it. */
  async run(task: TaskRecord): Promise<TaskRecord> {
    // Claimed while the worker was stopping: give it back at once.
    if (this.#stopping) return this.#store.release(task.id, this.#worker);
    const runner = this.#runners?.get(task.agent);
    if (runner !== undefined) return this.#runWith(runner, task);
    const controller = new AbortController();
    let journal: TaskRunJournal;
    try {
      journal = await TaskRunJournal.open(this.#store, task.id, this.#worker, controller, { holdModelReplies: true });
    } catch {
      // The checkpoints could not be read (a busy or broken store): the lease runs out and another attempt resumes it.
      return task;
    }
    this.#running.set(task.id, controller);
    const stopRenewing = this.#timer(() => void this.#renew(task.id, () => journal.loseLease()), this.#renewEveryMs);
    try {
      if (!isAgentTaskInput(task.input)) return await this.#fail(journal, 'the task input is not { input: string }');
      const budgets = this.#budgetsLeft(task.agent, journal.spentBefore, journal.costBefore(this.#prices));
      const result = await this.#agents.run(task.agent, {
        input: task.input.input,
        runId: task.id,
        // The task's owner is whom it acts for (and so its user, an agent's `user` memory scope), in its own thread.
        principal: task.principal,
        // A task stored around the service may hold anything there: only a string names a thread.
        ...(typeof task.input.threadId === 'string' ? { threadId: principalThreadId('task', task.principal, task.input.threadId) } : {}),
        signal: controller.signal,
        journal,
        approve: (request) => journal.approve(request),
        ...(budgets === undefined ? {} : { budgets }),
      });
      return await this.#settle(task.id, result, journal);
    } catch (error) {
      // The caller's mistakes (an unknown agent, bad options) fail the task with their code, never a stack.
      if (journal.lost) return await this.#store.get(task.id);
      return await this.#fail(journal, CortexError.is(error) ? `${error.code}: ${error.message}` : 'the agent run could not start');
    } finally {
      stopRenewing();
      this.#running.delete(task.id);
    }
  }

  /** Runs a task of a {@link TaskRunner}: its calls through the task's journal, under the same lease and renewals as an agent run. */
  async #runWith(runner: TaskRunner, task: TaskRecord): Promise<TaskRecord> {
    const controller = new AbortController();
    let journal: TaskJournal;
    try {
      journal = await TaskJournal.open(this.#store, task.id, this.#worker, { holdModelReplies: true });
    } catch {
      return task; // as for an agent run: the lease runs out and another attempt resumes it
    }
    let lost = false;
    const loseLease = (): void => {
      lost = true;
      controller.abort(new Error(`The lease on task "${task.id}" was lost.`));
    };
    this.#running.set(task.id, controller);
    const stopRenewing = this.#timer(() => void this.#renew(task.id, loseLease), this.#renewEveryMs);
    const context = {
      signal: controller.signal,
      call: <T>(call: JournalCall<T>) =>
        journal.call<T>({ ...call, run: (key) => runAsTaskCall({ taskId: task.id, callId: key }, () => call.run(key)) }),
      ask: (callId: string, input: unknown) => journal.ask(callId, input),
    };
    try {
      const outcome = await runner.run(task, context);
      return await this.#settleRunner(task, outcome, lost, journal);
    } catch (error) {
      if (lost || (CortexError.is(error) && error.code === 'TASK_LEASE_LOST')) return await this.#store.get(task.id);
      if (this.#stopping) return await this.#release(task.id, journal);
      return await this.#fail(
        journal,
        CortexError.is(error) ? `${error.code}: ${error.message}` : `the task runner "${runner.name}" failed`,
      );
    } finally {
      stopRenewing();
      this.#running.delete(task.id);
    }
  }

  async #settleRunner(task: TaskRecord, outcome: TaskRunnerOutcome, lost: boolean, journal: TaskJournal): Promise<TaskRecord> {
    if (lost) return this.#store.get(task.id);
    // Stopped mid-run: whatever the runner made of the abort, the task goes back to the queue with its checkpoints.
    if (this.#stopping) return this.#release(task.id, journal);
    if (outcome.state === 'input-required') return this.#requireInput(task.id, journal, outcome.reason);
    // The run's last model reply, if held, is recorded in this commit (`holdModelReplies`).
    return journal.finish(outcome);
  }

  #settle(id: string, result: AgentRunResult, journal: TaskRunJournal): Promise<TaskRecord> {
    if (journal.lost) return this.#store.get(id);
    if (journal.waits.length > 0) return this.#requireInput(id, journal, journal.waits.join('; '));
    if (result.status === 'completed') return journal.finish({ state: 'completed', output: result.output ?? null });
    if (result.status === 'cancelled' && this.#stopping) return this.#release(id, journal);
    const detail = result.error === undefined ? '' : ` (${result.error.code}: ${result.error.message})`;
    return this.#fail(journal, `the run ended ${result.status}: ${result.reason}${detail}`);
  }

  /** Parks the task for a person, a held model reply committed first (the resumed run replays it). */
  async #requireInput(id: string, journal: Pick<TaskJournal, 'flush'>, reason: string): Promise<TaskRecord> {
    await journal.flush();
    return this.#store.requireInput(id, this.#worker, reason);
  }

  /** Gives the task back to the queue, a held model reply committed first (the next attempt replays it). */
  async #release(id: string, journal: Pick<TaskJournal, 'flush'>): Promise<TaskRecord> {
    await journal.flush();
    return this.#store.release(id, this.#worker);
  }

  /**
   * The agent's token and cost budgets less what earlier attempts of the task spent (their
   * replies are replayed free of charge); undefined when nothing was spent or the agent sets no
   * such budget. At least 1 token, or the least positive cost, so a spent budget ends the run
   * `budget-exhausted` rather than being refused as an option.
   */
  #budgetsLeft(agent: string, tokens: number, cost: number): { readonly maxTokens?: number; readonly maxCost?: number } | undefined {
    const limits = this.#agents.list().find((descriptor) => descriptor.name === agent)?.budgets;
    const left = {
      ...(tokens === 0 || limits?.maxTokens === undefined ? {} : { maxTokens: Math.max(1, limits.maxTokens - tokens) }),
      ...(cost === 0 || limits?.maxCost === undefined ? {} : { maxCost: Math.max(Number.MIN_VALUE, limits.maxCost - cost) }),
    };
    return Object.keys(left).length === 0 ? undefined : left;
  }

  #fail(journal: Pick<TaskJournal, 'finish'>, reason: string): Promise<TaskRecord> {
    return journal.finish({ state: 'failed', reason });
  }

  async #renew(id: string, loseLease: () => void): Promise<void> {
    try {
      await this.#store.renew(id, this.#worker);
    } catch (error) {
      if (CortexError.is(error) && error.code === 'TASK_LEASE_LOST') loseLease();
      // Another failure (a busy file) is retried at the next tick; the lease outlives a few.
    }
  }
}
