import { delegationStorage } from '../subagents/Delegation.js';
import type { AgentDelegationView } from './ExternalAgent.js';

/**
 * The delegation of the agent run whose tool call is executing now, read-only: its depth, run id,
 * budgets left for the call, whether it is held to local providers and whom it acts for; `undefined` outside an
 * agent's tool call. A tool that forwards work elsewhere (a remote agent, a queue) reads it to pass
 * the caller's depth and budgets on; it cannot charge or approve through it.
 * @example
 * ```ts
 * handler: async ({ input }) => {
 *   const delegation = currentDelegation();
 *   return forward(input, { depth: (delegation?.depth ?? 0) + 1, maxTokens: delegation?.budgets.maxTokens });
 * }
 * ```
 * @public
 */
export function currentDelegation(): AgentDelegationView | undefined {
  const delegation = delegationStorage.getStore();
  if (delegation === undefined) return undefined;
  const { depth, runId, budgets, localOnly, principal } = delegation;
  return Object.freeze({
    depth,
    runId,
    budgets: Object.freeze({ ...budgets }),
    localOnly,
    ...(principal === undefined ? {} : { principal }),
  });
}
