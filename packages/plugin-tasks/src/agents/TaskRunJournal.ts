import { CortexError } from '@cortex-os/kernel';
import type { ModelTokenPrices, RouterGenerateResult } from '@cortex-os/kernel/router';
import type {
  AgentApprovalRequest,
  AgentJournalModelCall,
  AgentJournalToolCall,
  AgentJournalToolResult,
  AgentRunJournal,
} from '@cortex-os/plugin-agents';
import { TaskJournal, type TaskJournalOptions } from '../store/TaskJournal.js';
import type { TaskRecord } from '../store/TaskRecord.js';
import type { TaskEnd, TaskStore } from '../store/TaskStore.js';
import { agentJournalIds, journalAgentModelCall, journalAgentToolCall } from './agentJournalCalls.js';
import { noUsage, recordedModelCost, recordedModelTokens } from './replayedUsage.js';
import { runAsTaskCall } from './taskCall.js';

/** Thrown into the run loop to stop it once the run's signal is aborted. */
class RunStopped extends Error {
  override readonly name = 'RunStopped';
}

/**
 * An agent run's journal (the plugin-agents seam) over a task's checkpoints: model replies and
 * tool results an earlier attempt recorded are replayed, new ones are recorded before the run
 * goes on. What needs a person — an approval, a non-idempotent call in doubt after a crash — is
 * collected in `waits`; the run is stopped before its next model call (so the other calls of the
 * same reply still finish and are recorded), and the worker parks the task in `input-required`.
 * @public
 */
export class TaskRunJournal implements AgentRunJournal {
  readonly #journal: TaskJournal;
  readonly #taskId: string;
  readonly #controller: AbortController;
  readonly #waits: string[] = [];
  #lost = false;

  private constructor(journal: TaskJournal, taskId: string, controller: AbortController) {
    this.#journal = journal;
    this.#taskId = taskId;
    this.#controller = controller;
  }

  /** Reads the task's checkpoints; `controller` aborts the run's signal; the worker must hold the task's lease. */
  static async open(
    store: TaskStore,
    taskId: string,
    worker: string,
    controller: AbortController,
    options: TaskJournalOptions = {},
  ): Promise<TaskRunJournal> {
    return new TaskRunJournal(await TaskJournal.open(store, taskId, worker, options), taskId, controller);
  }

  /** Commits a model reply the journal holds ({@link TaskJournal.flush}). */
  flush(): Promise<void> {
    return this.#journal.flush();
  }

  /** Ends the task, a held model reply in the same commit ({@link TaskJournal.finish}). */
  finish(end: TaskEnd): Promise<TaskRecord> {
    return this.#journal.finish(end);
  }

  /**
   * The tokens earlier attempts spent on the model calls this attempt replays: replayed replies
   * carry no usage (so no budget, step event, span or run total counts them twice), and the
   * worker lowers this attempt's token budget by them instead (so the budget spans attempts).
   */
  get spentBefore(): number {
    return recordedModelTokens(this.#journal.opened);
  }

  /**
   * The cost earlier attempts spent on the model calls this attempt replays, at the serving
   * providers' `prices` (by provider name); the worker lowers this attempt's cost budget by it,
   * as it does the token budget by {@link TaskRunJournal.spentBefore}.
   */
  costBefore(prices: ReadonlyMap<string, ModelTokenPrices>): number {
    return recordedModelCost(this.#journal.opened, prices);
  }

  /** Why the task must wait for a person (empty when it need not). */
  get waits(): readonly string[] {
    return this.#waits;
  }

  /** True once the worker's lease was found lost: the worker must not write to the task again. */
  get lost(): boolean {
    return this.#lost;
  }

  /** The lease is gone (cancelled, or taken over): stop the run at once. */
  loseLease(): void {
    this.#lost = true;
    this.#controller.abort(new RunStopped(`The lease on task "${this.#taskId}" was lost.`));
  }

  /** The run's approver: the person's recorded decision, or a wait (and a denial for this attempt). */
  async approve(request: AgentApprovalRequest): Promise<boolean> {
    const callId = agentJournalIds.approval(request.step, request.callId);
    const question = { tool: request.tool, input: request.input, step: request.step, callId: request.callId };
    const answer = await this.#guardAsync(() => this.#journal.ask(callId, question));
    if (answer.status === 'answered') return (answer.output as { approved?: unknown } | null)?.approved === true;
    this.#waits.push(`tool "${request.tool}" (call ${callId}) waits for approval`);
    return false;
  }

  /** Replays the step's recorded reply, or asks the model and commits the reply; stops the run first when something waits for a person. */
  async model(call: AgentJournalModelCall, generate: () => Promise<RouterGenerateResult>): Promise<RouterGenerateResult> {
    if (this.#waits.length > 0 || this.#lost) {
      this.#controller.abort(new RunStopped(`Task "${this.#taskId}" waits: ${this.#waits.join('; ')}.`));
      throw new RunStopped('The run stops here.');
    }
    const outcome = await this.#guardAsync(() => journalAgentModelCall(this.#journal, call, generate));
    // Model calls are idempotent, so a model call is never in doubt.
    if (outcome.status === 'in-doubt') throw new RunStopped(outcome.reason);
    // The attempt that asked the model was charged for the reply; replayed, it costs nothing (see `spentBefore`).
    return outcome.status === 'replayed' ? { ...outcome.output, usage: noUsage } : outcome.output;
  }

  /** Replays the call's recorded result, or runs it (a call in doubt waits for a person instead) and commits the result. */
  async tool(call: AgentJournalToolCall, execute: () => Promise<AgentJournalToolResult>): Promise<AgentJournalToolResult> {
    return this.#guardAsync(() =>
      journalAgentToolCall(this.#journal, call, execute, {
        onInDoubt: (reason) => this.#waits.push(reason),
        runAs: (callId, run) => runAsTaskCall({ taskId: this.#taskId, callId }, run),
      }),
    );
  }

  async #guardAsync<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      this.#noteLeaseLost(error);
      throw error;
    }
  }

  #noteLeaseLost(error: unknown): void {
    if (CortexError.is(error) && error.code === 'TASK_LEASE_LOST') this.loseLease();
  }
}
