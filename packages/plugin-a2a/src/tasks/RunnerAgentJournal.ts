import type { RouterGenerateResult } from '@cortex-os/kernel/router';
import type { AgentJournalModelCall, AgentJournalToolCall, AgentJournalToolResult, AgentRunJournal } from '@cortex-os/plugin-agents';
import { journalAgentModelCall, journalAgentToolCall, type TaskRunnerContext } from '@cortex-os/plugin-tasks';

/**
 * An agent run's journal (plugin-agents' seam) over a task runner's `context.call`: the model's
 * replies and the tools' results of an earlier attempt come back from the task's checkpoints, so a
 * restarted A2A task goes on from its last recorded call instead of asking the model again.
 *
 * @remarks
 * Written against the public `TaskRunnerContext` because plugin-tasks' own `TaskRunJournal` needs
 * the store and the worker, which a runner is not given; both map calls to checkpoints through
 * plugin-tasks' `journalAgentModelCall` and `journalAgentToolCall` (same call ids, same in-doubt
 * rule). A tool call that is neither idempotent nor read-only and was in flight at a crash is in
 * doubt: it is answered as failed for this attempt, and the run stops before its next model call,
 * so the runner parks the task (`waiting`) for a person instead of running it twice.
 */
export class RunnerAgentJournal implements AgentRunJournal {
  readonly #context: TaskRunnerContext;
  readonly #stop: AbortController;
  readonly #waiting: string[] = [];

  /** `stop` aborts the run's signal when the run must park. */
  constructor(context: TaskRunnerContext, stop: AbortController) {
    this.#context = context;
    this.#stop = stop;
  }

  /** Why the task must wait for a person (empty when it need not). */
  get waiting(): readonly string[] {
    return this.#waiting;
  }

  /** Replays the step's recorded reply, or asks the model and records the reply. */
  async model(call: AgentJournalModelCall, generate: () => Promise<RouterGenerateResult>): Promise<RouterGenerateResult> {
    if (this.#waiting.length > 0) {
      // Aborting first makes the run end `cancelled`, which the runner reads as parked (see `waiting`).
      const parked = new Error(`The run waits for a person: ${this.#waiting.join('; ')}`);
      this.#stop.abort(parked);
      throw parked;
    }
    const outcome = await journalAgentModelCall(this.#context, call, generate);
    // An idempotent call is re-run after a crash, never reported in doubt.
    if (outcome.status === 'in-doubt') throw new Error(outcome.reason);
    return outcome.output;
  }

  /** Replays the call's recorded result, or runs and records it; a call in doubt waits for a person. */
  tool(call: AgentJournalToolCall, execute: () => Promise<AgentJournalToolResult>): Promise<AgentJournalToolResult> {
    return journalAgentToolCall(this.#context, call, execute, { onInDoubt: (reason) => this.#waiting.push(reason) });
  }
}
