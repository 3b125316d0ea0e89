import { resolveBudgets } from '../definition/AgentBudgets.js';
import type { AgentRunOptions } from '../run/AgentRunOptions.js';
import type { AgentRunReason, AgentRunResult } from '../run/AgentRunResult.js';
import { currentDelegation } from './currentDelegation.js';
import type { ExternalAgent, ExternalAgentReply } from './ExternalAgent.js';

function reasonOf(reply: ExternalAgentReply): AgentRunReason {
  if (reply.reason !== undefined) return reply.reason;
  if (reply.status === 'completed') return 'final-answer';
  return reply.status === 'cancelled' ? 'cancelled' : 'model-failed';
}

/** A usage figure the agent reported, or 0 when it is missing or not a finite, non-negative number. */
function reported(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/**
 * Runs an external agent at a depth and words its reply as a run result: no steps, its reported
 * tokens counted as delegated (so a calling run's token budget sees them), its wall time by `now`.
 */
export async function runExternalAgent(
  agent: ExternalAgent,
  options: AgentRunOptions,
  depth: number,
  now: () => number,
): Promise<AgentRunResult> {
  const runId = options.runId ?? crypto.randomUUID();
  // Only a tool call has a caller: a direct run inside some other tool call is not that call's delegate.
  const delegation = depth > 0 ? currentDelegation() : undefined;
  const started = now();
  const reply = await agent.run({
    input: options.input,
    runId,
    depth,
    ...(delegation === undefined ? {} : { delegation }),
    ...(options.budgets === undefined ? {} : { budgets: options.budgets }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.threadId === undefined ? {} : { threadId: options.threadId }),
    ...(options.userId === undefined ? {} : { userId: options.userId }),
  });
  const totalTokens = reported(reply.totalTokens);
  return {
    runId,
    agent: agent.name,
    status: reply.status,
    reason: reasonOf(reply),
    ...(reply.status === 'completed' && reply.output !== undefined ? { output: reply.output } : {}),
    text: reply.text,
    steps: [],
    usage: {
      steps: 0,
      inputTokens: 0,
      outputTokens: 0,
      delegatedTokens: totalTokens,
      totalTokens,
      cost: reported(reply.cost),
      toolCalls: 0,
      wallMs: Math.max(0, now() - started),
    },
    budgets: resolveBudgets(options.budgets),
    trace: [],
  };
}
