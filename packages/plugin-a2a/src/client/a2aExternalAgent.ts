import type { ToolRegistry } from '@cortex-os/kernel';
import type { ExternalAgent } from '@cortex-os/plugin-agents';
import type { A2aRemoteToolOutput } from './createA2aRemoteTool.js';

/**
 * A remote A2A agent as one of plugin-agents' external agents: each run calls its tool `a2a.<name>`
 * through the registry (so interceptors, the resilience policy, the remote-task cancel on abort and
 * the `cortexDelegationDepth` metadata all apply as for a direct tool call). The caller's lent
 * wall-time budget bounds the call: past it the call is aborted and the remote task canceled.
 * The reply's `output` is the tool's structured output (`state`, `taskId`, `contextId`, `data`),
 * so a caller can continue an `input-required` task in its context; A2A reports no token usage,
 * so nothing is charged to the caller.
 */
export function a2aExternalAgent(name: string, description: string, tools: ToolRegistry): ExternalAgent {
  const tool = `a2a.${name}`;
  return {
    name,
    description,
    run: async ({ input, signal, budgets }) => {
      const bounds = [signal, budgets?.maxWallMs === undefined ? undefined : AbortSignal.timeout(budgets.maxWallMs)];
      const present = bounds.filter((each): each is AbortSignal => each !== undefined);
      const result = await tools.call<A2aRemoteToolOutput>(
        tool,
        { input },
        present.length === 0 ? {} : { signal: AbortSignal.any(present) },
      );
      const output = result.structured;
      return { status: 'completed', text: output?.text ?? '', ...(output === undefined ? {} : { output }) };
    },
  };
}
