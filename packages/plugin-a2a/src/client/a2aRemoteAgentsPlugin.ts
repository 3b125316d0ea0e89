import { createRequire } from 'node:module';
import { definePlugin, kernelExtensionPoints, type PluginFactory } from '@cortex-os/kernel';
import { agentExtensionPoints } from '@cortex-os/plugin-agents';
import type { z } from 'zod';
import { type A2aClientPluginOptions, a2aClientOptionsSchema, loadA2aRemoteTools } from './a2aClientPlugin.js';
import { a2aExternalAgent } from './a2aExternalAgent.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * Imports remote A2A agents as sub-agents of the runtime's agents (plugin-agents): each configured
 * remote is the tool `a2a.<name>`, as with {@link a2aClientPlugin}, and also an external agent
 * `<name>` — listed by `AgentsService.list()`, run by name with `AgentsService.run`, and callable
 * by local agents as `agent.<name>` under plugin-agents' `maxDepth`.
 *
 * @remarks
 * Takes {@link a2aClientPlugin}'s options and replaces it (using both for one remote registers
 * `a2a.<name>` twice, `TOOL_DUPLICATE`); needs `agentsPlugin` in the runtime, which declares the
 * external agents' extension point. Cards are read at start as {@link a2aClientPlugin} reads them.
 * A run sends `metadata.cortexDelegationDepth` like the tool, and is bounded by the wall time the
 * calling run lends it.
 * @example
 * ```ts
 * a2aRemoteAgentsPlugin({ remotes: [{ name: 'weather', url: 'http://127.0.0.1:4000' }] })
 * // then: await kernel.get(agentsServiceToken).run('weather', { input: 'Oslo?' })
 * ```
 * @public
 */
export const a2aRemoteAgentsPlugin: PluginFactory<z.ZodType<A2aClientPluginOptions, A2aClientPluginOptions>> = definePlugin({
  name: 'a2a-remote-agents',
  version: packageVersion,
  description: 'Imports remote Agent2Agent (A2A) agents as sub-agents (agent.<name>) and tools (a2a.<name>).',
  options: a2aClientOptionsSchema,
  contributes: { tools: kernelExtensionPoints.tools, externalAgents: agentExtensionPoints.externalAgents },
  async start({ options, tools: registry }) {
    const tools = await loadA2aRemoteTools(options.remotes);
    const externalAgents = options.remotes.map((remote, index) =>
      // The tool's description names the card's agent and skills: the sub-agent's is the same.
      a2aExternalAgent(remote.name, tools[index]?.description ?? remote.name, registry),
    );
    return { tools, externalAgents };
  },
});
