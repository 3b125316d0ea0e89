// A started kernel for agent benchmarks: the policy router over one model, the agents plugin,
// any extra plugins (memory, say), and a plugin contributing the benchmark's tools and agents.
import {
  createKernel,
  createLogger,
  definePlugin,
  defineTool,
  kernelExtensionPoints,
  type Kernel,
  type Plugin,
  type ToolDefinition,
} from '@cortex-os/kernel';
import { type ChatMessage, type GenerateResult, type ModelProvider, modelProviderToken, routerPlugin } from '@cortex-os/kernel/router';
import { z } from 'zod';
import { type AgentDefinition, agentExtensionPoints, agentsPlugin } from '@cortex-os/plugin-agents';

export async function startAgentKernel(
  model: ModelProvider,
  tools: readonly ToolDefinition[],
  agents: readonly AgentDefinition[],
  plugins: readonly Plugin[] = [],
): Promise<Kernel> {
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: [
      routerPlugin(),
      definePlugin({ name: 'model', version: '1.0.0', provides: { models: modelProviderToken }, start: () => ({ models: model }) })(),
      ...plugins,
      agentsPlugin(),
      definePlugin({
        name: 'bench',
        version: '1.0.0',
        contributes: { tools: kernelExtensionPoints.tools, agents: agentExtensionPoints.agents },
        start: () => ({ tools: [...tools], agents: [...agents] }),
      })(),
    ],
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
