import { CortexError, type EventBus, type EventData, type EventDefinition } from '@cortex-os/kernel';
import { resolveBudgets } from '../definition/AgentBudgets.js';
import { agentRunCancelledEvent, agentRunCompletedEvent, agentRunFailedEvent, agentRunStartedEvent } from '../events/agentEvents.js';
import type { AgentRunOptions } from '../run/AgentRunOptions.js';
import type { AgentRunReason, AgentRunResult, AgentRunStatus } from '../run/AgentRunResult.js';
import type { AgentRunError } from '../run/AgentRunStep.js';
import { currentDelegation } from './currentDelegation.js';
import type { ExternalAgent, ExternalAgentReply } from './ExternalAgent.js';
import { type JournaledExternalReply, journaledExternalRun } from './journaledExternalRun.js';

/** What an external run needs from the runtime: its clock, its event bus, and the plugin that contributed the agent. */
export interface ExternalRunDeps {
  readonly now: () => number;
  readonly events?: EventBus | undefined;
  readonly plugin: string;
}

function reasonOf(reply: ExternalAgentReply): AgentRunReason {
  if (reply.reason !== undefined) return reply.reason;
  if (reply.status === 'completed') return 'final-answer';
  return reply.status === 'cancelled' ? 'cancelled' : 'model-failed';
}

/** A usage figure the agent reported, or 0 when it is missing or not a finite, non-negative number. */
function reported(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** A journal's answer that is no reply (a call in doubt, a recorded failure, a cancelled call), as the reply of a run that did not complete. */
function replyOrFailure(outcome: JournaledExternalReply): { reply: ExternalAgentReply; error?: AgentRunError } {
  if ('reply' in outcome) return { reply: outcome.reply };
  const status: AgentRunStatus = outcome.cancelled ? 'cancelled' : 'failed';
  return { reply: { status, reason: outcome.cancelled ? 'cancelled' : 'model-failed', text: '' }, error: outcome.error };
}

/**
 * Runs an external agent at a depth and words its reply as a run result: no steps, its reported
 * tokens counted as delegated (so a calling run's token budget sees them), its wall time by `now`.
 * It publishes `agent.run.started` and `agent.run.completed` / `failed` / `cancelled` as a local
 * run does (a remote that throws: `agent.run.failed` with the error's code, then the throw). With
 * a journal (a durable task), the remote call is checkpointed (see {@link journaledExternalRun}).
 */
export async function runExternalAgent(
  agent: ExternalAgent,
  options: AgentRunOptions,
  depth: number,
  deps: ExternalRunDeps,
): Promise<AgentRunResult> {
  const runId = options.runId ?? crypto.randomUUID();
  const publish = <E extends EventDefinition>(event: E, data: EventData<E>): void => {
    if (deps.events !== undefined && !deps.events.closed) deps.events.publish(event, data);
  };
  publish(agentRunStartedEvent, { runId, agent: agent.name, plugin: deps.plugin, depth });
  // Only a tool call has a caller: a direct run inside some other tool call is not that call's delegate.
  const delegation = depth > 0 ? currentDelegation() : undefined;
  const started = deps.now();
  const call = (): Promise<ExternalAgentReply> =>
    agent.run({
      input: options.input,
      runId,
      depth,
      ...(delegation === undefined ? {} : { delegation }),
      ...(options.budgets === undefined ? {} : { budgets: options.budgets }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.threadId === undefined ? {} : { threadId: options.threadId }),
      ...(options.userId === undefined ? {} : { userId: options.userId }),
      ...(options.principal === undefined ? {} : { principal: options.principal }),
    });
  let answered: { reply: ExternalAgentReply; error?: AgentRunError };
  try {
    answered =
      options.journal === undefined
        ? { reply: await call() }
        : replyOrFailure(await journaledExternalRun(options.journal, agent.name, options.input, options.signal, call));
  } catch (error) {
    const code = CortexError.is(error) ? error.code : error instanceof Error ? error.name : 'unknown';
    const ended = { runId, agent: agent.name, reason: 'model-failed', steps: 0, totalTokens: 0, cost: 0, code };
    publish(agentRunFailedEvent, { ...ended, status: 'failed' });
    throw error;
  }
  const { reply, error } = answered;
  const totalTokens = reported(reply.totalTokens);
  const result: AgentRunResult = {
    runId,
    agent: agent.name,
    status: reply.status,
    reason: reasonOf(reply),
    ...(reply.status === 'completed' && reply.output !== undefined ? { output: reply.output } : {}),
    text: reply.text,
    ...(error === undefined ? {} : { error }),
    steps: [],
    usage: {
      steps: 0,
      inputTokens: 0,
      outputTokens: 0,
      delegatedTokens: totalTokens,
      totalTokens,
      cost: reported(reply.cost),
      toolCalls: 0,
      wallMs: Math.max(0, deps.now() - started),
    },
    budgets: resolveBudgets(options.budgets),
    trace: [],
  };
  const event =
    result.status === 'completed' ? agentRunCompletedEvent : result.status === 'cancelled' ? agentRunCancelledEvent : agentRunFailedEvent;
  publish(event, {
    runId,
    agent: agent.name,
    status: result.status,
    reason: result.reason,
    steps: 0,
    totalTokens,
    cost: result.usage.cost,
    ...(error === undefined ? {} : { code: error.code }),
  });
  return result;
}
