import { createKernel, createLogger, type ToolDefinition } from '@cortex-os/kernel';
import { type AgentDefinition, agentsServiceToken } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { createScriptedModelProvider, type ScriptedModelStep } from '@cortex-os/provider-kit/testing';

/** A started runtime whose agents follow a scripted model (no real LLM). Stop its kernel. */
export async function startScriptedAgents(
  script: readonly ScriptedModelStep[],
  tools: readonly ToolDefinition[],
  agents: readonly AgentDefinition[],
) {
  const model = createScriptedModelProvider({ script });
  const kernel = createKernel({ logger: createLogger({ level: 'silent' }), plugins: agentRuntimePlugins({ model, tools, agents }) });
  await kernel.start();
  return { kernel, model, agents: kernel.get(agentsServiceToken) };
}
