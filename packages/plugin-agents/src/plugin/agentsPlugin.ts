import { createRequire } from 'node:module';
import { definePlugin, optional, type PluginFactory, type SchemaFits } from '@cortex-os/kernel';
import { modelProviderToken, policyRouterToken } from '@cortex-os/kernel/router';
import { z } from 'zod';
import { agentExtensionPoints } from '../agentExtensionPoints.js';
import { agentEvents } from '../events/agentEvents.js';
import { AgentsRuntime } from '../service/AgentsRuntime.js';
import { type AgentThreadStore, createMemoryThreadStore } from '../threads/AgentThreadStore.js';
import { agentsServiceToken } from './agentsServiceToken.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * The clock agent runs measure wall time by.
 * @public
 */
export interface AgentClock {
  /** Current time in epoch milliseconds. */
  now(): number;
}

/**
 * Options of {@link agentsPlugin}, as the plugin reads them (defaults applied).
 * @public
 */
export interface AgentsPluginOptions {
  /**
   * The clock of the wall-time budget and of step and trace times; inject one in tests.
   * @defaultValue `Date.now`
   */
  readonly clock?: AgentClock | undefined;
  /**
   * How deep agents may call agents as tools: a run started directly is depth 0, an agent it calls 1, …
   * @defaultValue `3`
   */
  readonly maxDepth: number;
  /**
   * Where threads (`threadId` runs) keep their history.
   * @defaultValue an in-memory store, for the runtime's life ({@link createMemoryThreadStore})
   */
  readonly threads?: AgentThreadStore | undefined;
}

/**
 * Options of {@link agentsPlugin}, as a host writes them: every field optional.
 * @public
 */
export type AgentsPluginOptionsInput = { readonly [K in keyof AgentsPluginOptions]?: AgentsPluginOptions[K] | undefined };

const clockSchema = z.custom<AgentClock>(
  (value) => typeof value === 'object' && value !== null && typeof (value as { now?: unknown }).now === 'function',
  { error: 'Invalid input: expected a clock, an object with a now() function' },
);
const threadsSchema = z.custom<AgentThreadStore>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { load?: unknown }).load === 'function' &&
    typeof (value as { append?: unknown }).append === 'function',
  { error: 'Invalid input: expected a thread store, an object with load() and append() functions' },
);
// Strict: a misspelled option (`maxdepth`) is an error, not silently ignored.
const optionsSchema = z.strictObject({
  clock: clockSchema.optional(),
  maxDepth: z.number().int().min(1).default(3),
  threads: threadsSchema.optional(),
});

// Compile-time proof that the options schema and the options interfaces have not drifted apart.
true satisfies SchemaFits<AgentsPluginOptions, typeof optionsSchema>;
true satisfies SchemaFits<AgentsPluginOptionsInput, typeof optionsSchema>;

// Declared rather than inferred: the option types are public API.
/**
 * The options schema of {@link agentsPlugin}: validate a configuration with it before assembling
 * (`cortex serve`, `@cortex-os/runtime`'s `loadRuntimeConfig`). Unknown keys are refused; `clock`
 * and `threads` are objects only code can pass, so a JSON configuration holds `maxDepth` alone.
 * @public
 */
export const agentsPluginOptions: z.ZodType<AgentsPluginOptions, AgentsPluginOptionsInput> = optionsSchema;

const systemClock: AgentClock = { now: () => Date.now() };

/**
 * Runs agents: declares `agentExtensionPoints.agents`, provides {@link agentsServiceToken}, and
 * publishes the `agent.*` events. Needs the policy router (`routerPlugin`) and reads the model
 * providers' declared prices for cost budgets.
 *
 * @remarks
 * Once every plugin has started, every contributed agent is checked against the runtime; a
 * problem fails `kernel.start()` with `AGENT_DEFINITIONS_INVALID` listing them all. Agents
 * defined with `asTool`, and every external agent (`agentExtensionPoints.externalAgents`), are also
 * registered as the tools `agent.<name>`.
 * @example
 * ```ts
 * const kernel = createKernel({ plugins: [routerPlugin(), ollamaPlugin(), agentsPlugin(), researchPlugin()] });
 * await kernel.start();
 * const result = await kernel.get(agentsServiceToken).run('researcher', { input: 'What changed last week?' });
 * ```
 * @public
 */
export const agentsPlugin: PluginFactory<z.ZodType<AgentsPluginOptions, AgentsPluginOptionsInput | undefined>> = definePlugin({
  name: 'agents',
  version: packageVersion,
  description: 'Agents and their run loop: model, tools, approval and budgets.',
  options: agentsPluginOptions.default({ maxDepth: 3 }),
  requires: { router: policyRouterToken, providers: optional(modelProviderToken) },
  provides: { agents: agentsServiceToken },
  extensionPoints: { agents: agentExtensionPoints.agents, externalAgents: agentExtensionPoints.externalAgents },
  events: agentEvents,
  start({ deps, options, extensions, tools, events, lifecycle }) {
    const clock = options.clock ?? systemClock;
    const runtime = new AgentsRuntime({
      agents: extensions.agents,
      externalAgents: extensions.externalAgents,
      maxDepth: options.maxDepth,
      threads: options.threads ?? createMemoryThreadStore(),
      router: deps.router,
      tools,
      providers: deps.providers ?? [],
      events,
      now: () => clock.now(),
    });
    lifecycle.onStarted(() => runtime.validate());
    return { agents: runtime };
  },
  stop({ provided }) {
    const runtime = provided.agents;
    if (runtime instanceof AgentsRuntime) runtime[Symbol.dispose]();
  },
});
