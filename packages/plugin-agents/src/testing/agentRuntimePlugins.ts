import { createRequire } from 'node:module';
import { definePlugin, kernelExtensionPoints, type Plugin, type ToolDefinition } from '@cortex-os/kernel';
import { type ModelProvider, modelProviderToken, routerPlugin } from '@cortex-os/kernel/router';
import type { AgentDefinition } from '../definition/AgentDefinition.js';
import { agentExtensionPoints } from '../agentExtensionPoints.js';
import { agentsPlugin } from '../plugin/agentsPlugin.js';

// The helper plugins carry the package's version (read from package.json, same path from src/ and dist/).
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * What {@link agentRuntimePlugins} assembles.
 * @public
 */
export interface AgentRuntimePluginsOptions {
  /** The model the agents run on — in tests, a scripted model (`createScriptedModelProvider` of `@cortex-os/provider-kit/testing`). */
  readonly model: ModelProvider;
  /** Tools the agents may call. */
  readonly tools?: readonly ToolDefinition[];
  /** The agents. */
  readonly agents: readonly AgentDefinition[];
  /** More plugins (memory, tasks, HTTP, …), placed after the model and before plugin-agents. */
  readonly plugins?: readonly Plugin[];
}

/**
 * The plugins of a small agent runtime for tests, examples and benchmarks: the policy router, the
 * given model, any extra plugins, plugin-agents, and one plugin contributing the tools and agents.
 * Pass them to `createKernel` (or `createTestKernel`) and start it.
 *
 * @example
 * ```ts
 * const model = createScriptedModelProvider({ script: [{ text: 'Hi.' }] });
 * await using kernel = createKernel({ plugins: agentRuntimePlugins({ model, agents: [greeter] }) });
 * await kernel.start();
 * const result = await kernel.get(agentsServiceToken).run('greeter', { input: 'Hello' });
 * ```
 * @public
 */
export function agentRuntimePlugins(options: AgentRuntimePluginsOptions): Plugin[] {
  const { model, tools = [], agents, plugins = [] } = options;
  return [
    routerPlugin(),
    definePlugin({ name: 'test-model', version, provides: { models: modelProviderToken }, start: () => ({ models: model }) })(),
    ...plugins,
    agentsPlugin(),
    definePlugin({
      name: 'test-agents',
      version,
      contributes: { tools: kernelExtensionPoints.tools, agents: agentExtensionPoints.agents },
      start: () => ({ tools: [...tools], agents: [...agents] }),
    })(),
  ];
}
