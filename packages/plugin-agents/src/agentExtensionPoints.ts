import { createRequire } from 'node:module';
import { defineExtensionPoint, type ExtensionPoint } from '@cortex-os/kernel';
import type { AgentDefinition } from './definition/AgentDefinition.js';
import type { ExternalAgent } from './external/ExternalAgent.js';

const { name: packageName } = createRequire(import.meta.url)('../package.json') as { name: string };

/**
 * The extension points the agents plugin declares.
 *
 * @remarks
 * Any plugin contributes agents declaratively; `kernel.describe()` then lists each agent under
 * the plugin that contributed it (point id `agents.agent`). The agents plugin checks every
 * agent against the runtime once all plugins have started.
 * @example
 * ```ts
 * definePlugin({
 *   name: 'research', version: '1.0.0',
 *   contributes: { agents: agentExtensionPoints.agents },
 *   start: () => ({ agents: [researcher] }),
 * });
 * ```
 * @public
 */
export const agentExtensionPoints: {
  /** Agents, run by `AgentsService.run`; labelled by name. */
  readonly agents: ExtensionPoint<AgentDefinition>;
  /** Agents that are not model loops ({@link ExternalAgent}), listed and run like the others and always exposed as `agent.<name>`; labelled by name. */
  readonly externalAgents: ExtensionPoint<ExternalAgent>;
} = Object.freeze({
  agents: defineExtensionPoint<AgentDefinition>({
    id: 'agents.agent',
    owner: { package: packageName, version: '1' },
    description: 'Agents the agents plugin runs (instructions, model policy, allowed tools, approval, budgets).',
    label: (agent) => agent.name,
  }),
  externalAgents: defineExtensionPoint<ExternalAgent>({
    id: 'agents.external',
    owner: { package: packageName, version: '1' },
    description: 'Agents that are not model loops (remote agents, workflows): listed, run by name and exposed as agent.<name>.',
    label: (agent) => agent.name,
  }),
});
