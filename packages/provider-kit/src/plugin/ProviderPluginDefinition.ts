import type { z } from 'zod';
import type { Logger, PluginOptions } from '@cortex-os/kernel';
import type { ModelProvider } from '@cortex-os/kernel/router';

/**
 * What a provider plugin's `create` receives besides its options.
 * @public
 */
export interface ProviderPluginCreateContext {
  /** The plugin's name, as errors and logs print it. */
  readonly pluginName: string;
  /** A child of the kernel's logger, bound to the plugin's name: send the provider's own notes here. */
  readonly logger: Logger;
  /** Aborted when `create` runs past the kernel's hook time limit; pass it to anything `create` awaits. */
  readonly signal: AbortSignal;
}

/**
 * What a provider plugin's `create` returns: one provider, or several (none is allowed too,
 * for a plugin whose options turned every provider off).
 * @public
 */
export type ProviderPluginCreateResult = ModelProvider | readonly ModelProvider[];

/**
 * Everything a provider plugin declares. See {@link defineProviderPlugin}.
 * @public
 */
export interface ProviderPluginDefinition<S extends z.ZodType | undefined> {
  /** Lowercase letters, digits and dashes; unique per runtime (e.g. `openai`, `acme-llm`). */
  readonly name: string;
  /** Semver of the plugin. */
  readonly version: string;
  /** What the plugin provides, in plain words. */
  readonly description?: string;
  /**
   * Zod schema of the plugin's options, checked when the runtime is assembled. Keys set to
   * `undefined` read as "not set", so hosts can pass `process.env.X` under strict schemas.
   */
  readonly options?: S;
  /**
   * Builds the plugin's providers from its parsed options, when the runtime starts. Keep it
   * cheap: connect, spawn or load lazily on the first call, and release in `close()`, which the
   * router calls once when the runtime stops.
   */
  create(options: PluginOptions<S>, context: ProviderPluginCreateContext): ProviderPluginCreateResult | Promise<ProviderPluginCreateResult>;
}
