// The plugins of a runtime whose agents follow a scripted model (no real LLM): the router, the
// scripted model provider, plugin-agents and one plugin contributing the given tools and agents.
// Shared by the tests that serve such agents over a protocol (MCP, A2A).
import { definePlugin, defineTool, kernelExtensionPoints, type Plugin, type ToolDefinition } from '@cortex-os/kernel';
import { modelProviderToken, routerPlugin } from '@cortex-os/kernel/router';
import { type AgentDefinition, agentExtensionPoints, agentsPlugin } from '@cortex-os/plugin-agents';
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
  const model = createScriptedModelProvider({ script: options.script });
  return [
    routerPlugin(),
    definePlugin({ name: 'models', version: '1.0.0', provides: { models: modelProviderToken }, start: () => ({ models: model }) })(),
    agentsPlugin(),
    definePlugin({
      name: 'scripted-agents',
      version: '1.0.0',
      contributes: { tools: kernelExtensionPoints.tools, agents: agentExtensionPoints.agents },
      start: () => ({ tools: [...options.tools], agents: [...options.agents] }),
    })(),
  ];
}
