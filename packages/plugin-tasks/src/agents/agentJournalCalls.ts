import type { RouterGenerateResult } from '@cortex-os/kernel/router';
import type { AgentJournalModelCall, AgentJournalToolCall, AgentJournalToolResult } from '@cortex-os/plugin-agents';
import type { JournalCall, JournalOutcome } from '../store/TaskJournal.js';

/**
 * What runs or replays a task's checkpointed calls: a {@link TaskJournal}, or the `TaskRunnerContext`
 * a task runner is given (both have this `call`).
 * @public
 */
export interface AgentJournalCaller {
  /** Runs or replays one call (`TaskJournal.call`). */
  call<T>(call: JournalCall<T>): Promise<JournalOutcome<T>>;
}

/**
 * The journal ids of an agent run's calls, the same in every attempt: a model call (`model:<step>`),
 * a tool call (`tool:<step>:<call id>`) and a tool call's approval (`approval:<step>:<call id>`).
 * @public
 */
export const agentJournalIds = {
  model: (step: number): string => `model:${step}`,
  tool: (step: number, callId: string): string => `tool:${step}:${callId}`,
  approval: (step: number, callId: string): string => `approval:${step}:${callId}`,
} as const;

/** A tool result the run's signal cut short: returned to the run but never recorded, so the call stays in doubt. */
class ToolCutShort extends Error {
  override readonly name = 'ToolCutShort';
  constructor(readonly result: AgentJournalToolResult) {
    super('The tool call was cut short by the run’s signal.');
  }
}

/**
 * An agent run's model call (plugin-agents' `AgentRunJournal.model`) as a checkpointed call: the
 * step's recorded reply replayed, or the model asked and its reply recorded. Model calls are
 * idempotent, so the outcome is never `in-doubt` in practice; the caller decides what a replay costs.
 * @public
 */
export function journalAgentModelCall(
  caller: AgentJournalCaller,
  call: AgentJournalModelCall,
  generate: () => Promise<RouterGenerateResult>,
): Promise<JournalOutcome<RouterGenerateResult>> {
  return caller.call({ kind: 'model', callId: agentJournalIds.model(call.step), input: call.request, idempotent: true, run: generate });
}

/**
 * Options of {@link journalAgentToolCall}.
 * @public
 */
export interface AgentToolCallOptions {
  /**
   * Called with the reason when the call is in doubt (a call that is neither idempotent nor
   * read-only was in flight at a crash): the run must then wait for a person.
   */
  readonly onInDoubt: (reason: string) => void;
  /** Runs the tool inside a context given the call's idempotency key (default: as it is). */
  readonly runAs?: (<R>(idempotencyKey: string, run: () => Promise<R>) => Promise<R>) | undefined;
}

/**
 * An agent run's tool call (plugin-agents' `AgentRunJournal.tool`) as a checkpointed call: the
 * recorded result replayed, or the tool run and its result recorded. A read-only or idempotent
 * tool may run again after a crash; any other call found in flight is in doubt: `onInDoubt` gets
 * the reason and the run gets a failed result (`TASK_CALL_IN_DOUBT`) instead of a second run. A
 * result the run's signal cut short (`cancelled`) is returned without being recorded.
 * @public
 */
export async function journalAgentToolCall(
  caller: AgentJournalCaller,
  call: AgentJournalToolCall,
  execute: () => Promise<AgentJournalToolResult>,
  options: AgentToolCallOptions,
): Promise<AgentJournalToolResult> {
  // Reading twice changes nothing, so a read-only tool is as safe to re-run as an idempotent one.
  const idempotent = call.annotations?.idempotentHint === true || call.annotations?.readOnlyHint === true;
  const runTool = async (): Promise<AgentJournalToolResult> => {
    const result = await execute();
    if (result.outcome === 'cancelled') throw new ToolCutShort(result);
    return result;
  };
  const runAs = options.runAs;
  try {
    const outcome = await caller.call({
      kind: 'tool',
      callId: agentJournalIds.tool(call.step, call.callId),
      input: { tool: call.tool, arguments: call.arguments },
      idempotent,
      run: runAs === undefined ? runTool : (key) => runAs(key, runTool),
    });
    if (outcome.status !== 'in-doubt') return outcome.output;
    options.onInDoubt(outcome.reason);
    return { outcome: 'failed', content: outcome.reason, error: { code: 'TASK_CALL_IN_DOUBT', message: outcome.reason } };
  } catch (error) {
    if (error instanceof ToolCutShort) return error.result;
    throw error;
  }
}
