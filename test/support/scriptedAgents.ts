// The plugins of a runtime whose agents follow a scripted model (no real LLM): the router, the
// scripted model provider, plugin-agents and one plugin contributing the given tools and agents.
// Shared by the tests that serve such agents over a protocol (MCP, A2A).
import { defineTool, type Plugin, type ToolDefinition } from '@cortex-os/kernel';
import type { AgentDefinition } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { createScriptedModelProvider, type ScriptedModelStep } from '@cortex-os/provider-kit/testing';
import { z } from 'zod';

/** A read-only tool answering the weather of a city (always sunny). */
export const weatherTool = defineTool({
  name: 'weather',
  description: 'Weather in a city.',
  input: z.object({ city: z.string() }),
  annotations: { readOnlyHint: true },
  handler: ({ city }) => ({ city, sky: 'sunny' }),
});

/** What {@link scriptedAgentPlugins} contributes. */
export interface ScriptedAgentsOptions {
  /** The model's answers, in order. */
  readonly script: readonly ScriptedModelStep[];
  /** The tools the agents may call. */
  readonly tools: readonly ToolDefinition[];
  /** The agents. */
  readonly agents: readonly AgentDefinition[];
}

/** Router, scripted model, plugin-agents and the contributed tools and agents, in start order. */
export function scriptedAgentPlugins(options: ScriptedAgentsOptions): Plugin[] {
  return agentRuntimePlugins({
    model: createScriptedModelProvider({ script: options.script }),
    tools: options.tools,
    agents: options.agents,
  });
}
