// A started kernel for agent benchmarks: the policy router over one model, the agents plugin,
// any extra plugins (memory, say), and a plugin contributing the benchmark's tools and agents.
import { createKernel, createLogger, defineTool, type Kernel, type Plugin, type ToolDefinition } from '@cortex-os/kernel';
import type { ChatMessage, GenerateResult, ModelProvider } from '@cortex-os/kernel/router';
import type { AgentDefinition } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { z } from 'zod';

export async function startAgentKernel(
  model: ModelProvider,
  tools: readonly ToolDefinition[],
  agents: readonly AgentDefinition[],
  plugins: readonly Plugin[] = [],
): Promise<Kernel> {
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: agentRuntimePlugins({ model, tools, agents, plugins }),
  });
  await kernel.start();
  return kernel;
}

/** The benchmarks' tool: looks a key up and answers a fixed object. */
export const lookupTool = defineTool({
  name: 'lookup',
  description: 'Looks a key up.',
  input: z.object({ key: z.string() }),
  annotations: { readOnlyHint: true },
  handler: ({ key }) => ({ key, value: 42 }),
});

/** A model's reply in a `steps`-step run: call `lookup` until the conversation holds steps − 1 results, then answer. */
export function lookupReply(messages: readonly ChatMessage[], steps: number): GenerateResult {
  const results = messages.reduce((count, message) => count + (message.role === 'tool' ? 1 : 0), 0);
  if (results >= steps - 1) return { model: 'fixed-1', text: 'done', finishReason: 'stop', usage: { inputTokens: 40, outputTokens: 2 } };
  const call = { id: `c${results}`, name: 'lookup', arguments: '{"key":"k"}' };
  return { model: 'fixed-1', text: '', finishReason: 'tool_calls', toolCalls: [call], usage: { inputTokens: 40, outputTokens: 8 } };
}
