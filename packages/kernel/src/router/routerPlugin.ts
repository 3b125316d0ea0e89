import { createRequire } from 'node:module';
import { z } from 'zod';
import {
  createMultiToken,
  createToken,
  definePlugin,
  healthIndicatorToken,
  type MultiToken,
  optional,
  powerModeToken,
  type PluginFactory,
  type SchemaFits,
  type Token,
} from '@cortex-os/kernel';
import { kernelOwner } from '../lifecycle/kernelTokens.js';
import type { ModelProvider } from './ModelProvider.js';
import { createPolicyRouter, type PolicyRouter } from './PolicyRouter.js';
import {
  providerCircuitClosedEvent,
  providerCircuitHalfOpenedEvent,
  providerCircuitOpenedEvent,
  routerFallbackEvent,
} from './routerEvents.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * The multi token model-provider plugins (MLX, Ollama, OpenAI-compatible, local embedders) provide.
 * @public
 */
export const modelProviderToken: MultiToken<ModelProvider> = createMultiToken<ModelProvider>('router.model-provider', {
  owner: kernelOwner,
});

/**
 * The runtime's policy router; every model request goes through it.
 * @public
 */
export const policyRouterToken: Token<PolicyRouter> = createToken<PolicyRouter>('router.policy-router', { owner: kernelOwner });

const routerEvents = {
  'router.fallback': routerFallbackEvent,
  'provider.circuit.opened': providerCircuitOpenedEvent,
  'provider.circuit.half_opened': providerCircuitHalfOpenedEvent,
  'provider.circuit.closed': providerCircuitClosedEvent,
} as const;

/**
 * Options of {@link routerPlugin}, as the plugin reads them (defaults applied).
 * @public
 */
export interface RouterPluginOptions {
  /** Provider names in the order to try them (explicit and exclusive). */
  readonly order?: readonly string[] | undefined;
  /** Never use a remote provider. */
  readonly localOnly?: boolean | undefined;
  /** Try local providers first. @defaultValue `true` */
  readonly preferLocal: boolean;
  /** Pin embeddings to one model id. */
  readonly embeddingModel?: string | undefined;
  /** `false` disables retries before falling back. @defaultValue `true` */
  readonly retry: boolean;
}

/**
 * Options of {@link routerPlugin}, as a host writes them: every field optional.
 * @public
 */
export type RouterPluginOptionsInput = { readonly [K in keyof RouterPluginOptions]?: RouterPluginOptions[K] | undefined };

const routerOptions = z.object({
  order: z.array(z.string().min(1)).min(1).readonly().optional(),
  localOnly: z.boolean().optional(),
  preferLocal: z.boolean().default(true),
  embeddingModel: z.string().min(1).optional(),
  retry: z.boolean().default(true),
});

// Compile-time proof that the options schema and the options interface have not drifted apart.
true satisfies SchemaFits<RouterPluginOptions, typeof routerOptions>;

/**
 * The options schema of {@link routerPlugin}: validate a configuration with it before assembling (`@cortex-os/runtime`'s `loadRuntimeConfig`).
 * @public
 */
export const routerPluginOptions: z.ZodType<RouterPluginOptions, RouterPluginOptionsInput> = routerOptions;

/**
 * Assembles the policy router from every provided {@link modelProviderToken}: publishes
 * `router.fallback` and `provider.circuit.*` on the bus, contributes one non-critical health
 * indicator per provider, and closes the providers when the runtime stops.
 *
 * Options: `order` (provider names, explicit order), `localOnly`, `preferLocal`, `embeddingModel`
 * (pins embeddings to one model id), `retry` (false disables retry before falling back).
 * @public
 */
export const routerPlugin: PluginFactory<z.ZodType<RouterPluginOptions, RouterPluginOptionsInput | undefined>> = definePlugin({
  name: 'router',
  version: packageVersion,
  description: 'Routes embed and generate requests across model providers by policy.',
  options: routerOptions.default({ preferLocal: true, retry: true }),
  requires: { providers: modelProviderToken, power: optional(powerModeToken) },
  provides: { router: policyRouterToken, health: healthIndicatorToken },
  events: Object.values(routerEvents),
  start({ deps, options, events, logger }) {
    const router = createPolicyRouter({
      providers: deps.providers,
      policy: {
        preferLocal: options.preferLocal,
        ...(options.order === undefined ? {} : { order: options.order }),
        ...(options.localOnly === undefined ? {} : { localOnly: options.localOnly }),
      },
      ...(options.embeddingModel === undefined ? {} : { embeddingModel: options.embeddingModel }),
      ...(options.retry ? {} : { resilience: { retry: false } }),
      // Low-power mode (the runtime's power mode, when it has one): cheapest capable provider first.
      ...(deps.power === undefined ? {} : { powerMode: deps.power }),
      onEvent: (event) => {
        if (events.closed) return;
        events.publish(routerEvents[event.type], event.data as never);
        logger.debug({ event: event.type, ...event.data }, 'router event');
      },
    });
    return { router, health: router.healthIndicators };
  },
  async stop({ deps, logger }) {
    for (const provider of deps.providers) {
      try {
        await provider.close?.();
      } catch (error) {
        logger.warn({ err: error, provider: provider.name }, 'closing a model provider failed');
      }
    }
  },
});
