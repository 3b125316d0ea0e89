import { definePlugin, kernelExtensionPoints, type Plugin, type ToolDefinition } from '@cortex-os/kernel';
import { type ModelProvider, modelProviderToken, routerPlugin } from '@cortex-os/kernel/router';
import { createFakeClock, createTestKernel, type FakeClock, type TestKernel } from '@cortex-os/kernel/testing';
import {
  type AgentDefinition,
  type AgentsService,
  type ExternalAgent,
  agentExtensionPoints,
  agentsPlugin,
  agentsServiceToken,
} from '@cortex-os/plugin-agents';
import {
  type CreateScriptedModelProviderOptions,
  createScriptedModelProvider,
  type ScriptedModelProvider,
} from '@cortex-os/provider-kit/testing';
import type { z } from 'zod';

/** A started kernel with the router, a scripted model, the agents plugin and a plugin contributing tools and agents. */
export interface AgentKernel extends AsyncDisposable {
  readonly kernel: TestKernel;
  readonly agents: AgentsService;
  readonly model: ScriptedModelProvider;
  readonly clock: FakeClock;
}

/** Options of {@link startAgentKernel}. */
export interface StartAgentKernelOptions {
  readonly agents: readonly AgentDefinition[];
  readonly tools?: readonly ToolDefinition<z.ZodType, z.ZodType>[];
  /** The scripted model (script and declared capabilities), or several providers. */
  readonly model: CreateScriptedModelProviderOptions;
  /** More providers, after the scripted model. */
  readonly providers?: readonly ModelProvider[];
  /** The agents plugin's `maxDepth`. */
  readonly maxDepth?: number;
  /** Agents that are not model loops, contributed by the same plugin. */
  readonly externalAgents?: readonly ExternalAgent[];
  /** More plugins (memory, embedders), started before the agents plugin. */
  readonly plugins?: readonly Plugin[];
}

/** A kernel that is assembled but not started, for tests of start failures. */
export function createAgentKernel(options: StartAgentKernelOptions): {
  kernel: TestKernel;
  model: ScriptedModelProvider;
  clock: FakeClock;
} {
  const model = createScriptedModelProvider(options.model);
  const clock = createFakeClock(Date.UTC(2026, 11, 1));
  const providers = [model, ...(options.providers ?? [])];
  const kernel = createTestKernel({
    plugins: [
      routerPlugin({ retry: false }),
      definePlugin({ name: 'models', version: '1.0.0', provides: { models: modelProviderToken }, start: () => ({ models: providers }) })(),
      ...(options.plugins ?? []),
      agentsPlugin({ clock, maxDepth: options.maxDepth }),
      definePlugin({
        name: 'crew',
        version: '1.0.0',
        contributes: {
          tools: kernelExtensionPoints.tools,
          agents: agentExtensionPoints.agents,
          externalAgents: agentExtensionPoints.externalAgents,
        },
        start: () => ({
          tools: [...(options.tools ?? [])],
          agents: [...options.agents],
          externalAgents: [...(options.externalAgents ?? [])],
        }),
      })(),
    ],
  });
  return { kernel, model, clock };
}

/** Starts a kernel with the agents plugin and returns its agents service; `await using` stops it. */
export async function startAgentKernel(options: StartAgentKernelOptions): Promise<AgentKernel> {
  const { kernel, model, clock } = createAgentKernel(options);
  await kernel.start();
  return {
    kernel,
    agents: kernel.get(agentsServiceToken),
    model,
    clock,
    [Symbol.asyncDispose]: async () => {
      await kernel.stop();
    },
  };
}
