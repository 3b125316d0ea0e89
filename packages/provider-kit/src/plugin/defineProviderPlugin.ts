import type { z } from 'zod';
import {
  CortexError,
  definePlugin,
  KernelError,
  optional,
  pluginOptionsSchema,
  type PluginFactory,
  type PowerModeService,
  powerModeToken,
} from '@cortex-os/kernel';
import { modelProviderToken, type ModelProvider } from '@cortex-os/kernel/router';
import { observeModelProvider } from '../observe/observeModelProvider.js';
import { followPowerMode } from '../power/followPowerMode.js';
import { traceModelProvider } from '../tracing/traceModelProvider.js';
import type { ProviderPluginDefinition } from './ProviderPluginDefinition.js';

/**
 * Defines a plugin that contributes model providers to the router: the plugin factory hosts
 * call (`acmePlugin(options)`), whose options are checked when the runtime is assembled and
 * whose `create` builds the providers when it starts.
 *
 * @remarks
 * The providers go on the kernel's `modelProviderToken`, which `routerPlugin` reads. The
 * plugin never closes them: the router owns every provider it was given and calls each
 * one's `close()` exactly once, in its own `stop` hook, after the plugins that use the router
 * have stopped.
 *
 * Failures name the plugin: bad options make `createKernel` throw `KERNEL_ASSEMBLY_FAILED`
 * (`[PLUGIN_OPTIONS_INVALID] Plugin "acme" options are invalid: <field>: <problem>`); a `create`
 * that throws fails `kernel.start()` with `PLUGIN_HOOK_FAILED` (`Plugin "acme" hook "start"
 * failed [<its code>]: <its message>`, the thrown error as `cause`); a `create` that returns
 * something other than providers fails it with `PLUGIN_PROVIDE_MISSING` saying what came back.
 *
 * @throws `PLUGIN_DEFINITION_INVALID` (a `KernelError`) listing every problem of the definition
 * at once: a bad name or version, an `options` that is not a zod schema, a missing `create`.
 * @example
 * ```ts
 * export const acmePlugin = defineProviderPlugin({
 *   name: 'acme',
 *   version: '1.0.0',
 *   options: z.strictObject({ baseUrl: z.url().exactOptional() }),
 *   create: (options, { logger }) => createAcmeProvider({ ...options, logger }),
 * });
 * const kernel = createKernel({ plugins: [routerPlugin(), acmePlugin({ baseUrl: 'http://127.0.0.1:9000' })] });
 * ```
 * @public
 */
export function defineProviderPlugin<S extends z.ZodType | undefined = undefined>(
  definition: ProviderPluginDefinition<S>,
): PluginFactory<S> {
  const { name, create, options } = definition;
  const problems: string[] = [];
  if (typeof create !== 'function') problems.push('create is not a function; give `create: (options, context) => provider`');
  if (options !== undefined && typeof (options as { safeParse?: unknown } | null)?.safeParse !== 'function') {
    problems.push('options is not a zod schema (e.g. `z.strictObject({ … })`)');
  }
  try {
    const factory = definePlugin({
      name,
      version: definition.version,
      ...(definition.description === undefined ? {} : { description: definition.description }),
      // Typed as the author's schema: the wrapper only drops keys set to `undefined`.
      ...(options === undefined ? {} : { options: pluginOptionsSchema(options as z.ZodType) as unknown as S }),
      // The runtime's power mode, when it has one (plugin-energy): providers follow it.
      requires: { power: optional(powerModeToken) },
      provides: { providers: modelProviderToken },
      start: async ({ options: parsed, pluginName, logger, signal, deps }) => ({
        providers: toModelProviders(pluginName, await create.call(definition, parsed, { pluginName, logger, signal }), deps.power),
      }),
    });
    if (problems.length === 0) return factory;
  } catch (error) {
    if (problems.length === 0 || !CortexError.is(error, 'PLUGIN_DEFINITION_INVALID')) throw error;
    problems.unshift(...(error.details['problems'] as readonly string[]));
  }
  throw new KernelError('PLUGIN_DEFINITION_INVALID', `Plugin "${String(name)}" is invalid: ${problems.join('; ')}.`, {
    details: { plugin: name, problems },
  });
}

/** Checks what `create` returned, and lists every value that is not a provider at once. */
function toModelProviders(plugin: string, returned: unknown, power: PowerModeService | undefined): readonly ModelProvider[] {
  if (returned === undefined || returned === null) {
    throw new KernelError(
      'PLUGIN_PROVIDE_MISSING',
      `Provider plugin "${plugin}": create() returned ${String(returned)} instead of a ModelProvider or an array of them; did you forget to \`return\` the provider?`,
      { details: { plugin } },
    );
  }
  const values: readonly unknown[] = Array.isArray(returned) ? returned : [returned];
  const problems = values.flatMap((value, index) =>
    providerProblems(value).map((problem) => (Array.isArray(returned) ? `[${index}] ${problem}` : problem)),
  );
  if (problems.length > 0) {
    throw new KernelError(
      'PLUGIN_PROVIDE_MISSING',
      `Provider plugin "${plugin}": create() returned something that is not a ModelProvider: ${problems.join('; ')}.`,
      { details: { plugin, problems } },
    );
  }
  // Every contributed provider's calls become spans when an OpenTelemetry SDK is registered, and
  // are announced on the provider-call diagnostics channel when something (energy) listens. The
  // power-mode wrapper is outermost, so spans and energy see the merged calls that really go out.
  return (values as readonly ModelProvider[]).map((provider) => {
    const observed = traceModelProvider(observeModelProvider(provider));
    return power === undefined ? observed : followPowerMode(observed, power);
  });
}

/** Why a value is not a {@link ModelProvider}, in the words of its contract; empty when it is one. */
function providerProblems(value: unknown): string[] {
  if (typeof value === 'function') return ['a function, not a provider; call it (e.g. `createAcmeProvider(options)`)'];
  if (typeof value !== 'object' || value === null) return [`${value === null ? 'null' : typeof value}, not a provider object`];
  const { name, capabilities, health } = value as Partial<Record<keyof ModelProvider, unknown>>;
  return [
    ...(typeof name === 'string' && name !== '' ? [] : ['no `name` (a non-empty string)']),
    ...(typeof capabilities === 'object' && capabilities !== null ? [] : ['no `capabilities` object']),
    ...(typeof health === 'function' ? [] : ['no `health()` method']),
  ];
}
