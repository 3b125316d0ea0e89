import type { z } from 'zod';
import type { ServiceScope } from '../container/ServiceContainer.js';
import type { AnyToken, Token, TokenContribution, TokenValue } from '../container/Token.js';
import type { Contract } from '../contracts/Contract.js';
import type { ContractRegistry } from '../contracts/ContractRegistry.js';
import type { EventBus } from '../events/EventBus.js';
import type { EventDefinition } from '../events/EventDefinition.js';
import type { AnyExtensionPoint, ExtensionPointValue } from '../extensions/ExtensionPoint.js';
import type { ExtensionPointContributions } from '../extensions/ExtensionPointContributions.js';
import type { Logger } from '../logging/Logger.js';
import type { Disposer } from './Disposer.js';
import type { PromptRegistry } from '../prompts/PromptRegistry.js';
import type { ResourceRegistry } from '../resources/ResourceRegistry.js';
import type { ToolRegistry } from '../tools/ToolRegistry.js';
import type { KernelDescription } from './KernelDescription.js';
import type { PluginBinder } from './PluginBinder.js';

/**
 * A requirement that may be absent: the plugin then receives `undefined`.
 * @public
 */
export interface OptionalRequirement<K extends AnyToken = AnyToken> {
  /** The token that is required if present. */
  readonly token: K;
  /** Always `true`: marks the requirement optional. */
  readonly optional: true;
}

/**
 * Marks a required token as optional.
 * @example
 * ```ts
 * requires: { http: optional(httpServiceToken) }
 * ```
 * @public
 */
export function optional<K extends AnyToken>(token: K): OptionalRequirement<K> {
  return { token, optional: true };
}

/**
 * What a plugin requires: named tokens, each required or optional.
 * @public
 */
export type PluginRequirements = Readonly<Record<string, AnyToken | OptionalRequirement>>;

/**
 * What a plugin provides: named tokens.
 * @public
 */
export type PluginProvisions = Readonly<Record<string, AnyToken>>;

/**
 * The resolved dependencies a plugin's hooks receive.
 * @public
 */
export type PluginDependencies<R extends PluginRequirements> = {
  readonly [K in keyof R]: R[K] extends OptionalRequirement<infer T> ? TokenValue<T> | undefined : TokenValue<R[K]>;
};

/**
 * What `start` returns: a value for each provided token (for multi tokens, one value or several),
 * except those already bound in `register`.
 * @public
 */
export type PluginProvidedValues<P extends PluginProvisions> = {
  readonly [K in keyof P]?: P[K] extends Token<infer T, true> ? T | readonly T[] : TokenContribution<P[K]>;
};

/**
 * The extension points a plugin declares, by name: other plugins contribute to them, and the
 * plugin reads the contributions as `extensions.<name>` in its hooks.
 * @public
 */
export type PluginExtensionPoints = Readonly<Record<string, AnyExtensionPoint>>;

/**
 * The extension points a plugin contributes to, by name: `start` returns the values under the same names.
 * @public
 */
export type PluginContributions = Readonly<Record<string, AnyExtensionPoint>>;

/**
 * What `start` returns for the points a plugin contributes to: one value or several per name;
 * a name left out contributes nothing.
 * @public
 */
export type PluginContributedValues<C extends PluginContributions> = {
  readonly [K in keyof C]?: ExtensionPointValue<C[K]> | readonly ExtensionPointValue<C[K]>[];
};

/**
 * The live contributions to each extension point a plugin declares, by the names it declared them under.
 * @public
 */
export type PluginExtensions<E extends PluginExtensionPoints> = {
  readonly [K in keyof E]: ExtensionPointContributions<ExtensionPointValue<E[K]>>;
};

/**
 * The kernel services every hook can reach.
 * @public
 */
export interface PluginKernelServices {
  /** A child of the kernel's logger, bound to the plugin's name. */
  readonly logger: Logger;
  /** The kernel's contract registry. */
  readonly contracts: ContractRegistry;
  /** The kernel's event bus. */
  readonly events: EventBus;
  /** The kernel's tool registry. */
  readonly tools: ToolRegistry;
  /** The kernel's resource registry, which every transport serves. */
  readonly resources: ResourceRegistry;
  /** The kernel's prompt registry, which every transport serves. */
  readonly prompts: PromptRegistry;
  /** The runtime's picture (plugins, tokens, contracts, tools, events); complete once every plugin has started. */
  describe(): KernelDescription;
  /** Opens a child scope of the kernel's container, in which `scoped` bindings get their own instances (e.g. one per request). */
  createScope(): ServiceScope;
}

/**
 * A listener of a runtime-wide lifecycle moment; it runs under the plugin's hook time limit
 * (or its own, see {@link PluginLifecycleListenerOptions}).
 * @public
 */
export type PluginLifecycleListener = (signal: AbortSignal) => void | Promise<void>;

/**
 * Options of one lifecycle listener.
 * @public
 */
export interface PluginLifecycleListenerOptions {
  /**
   * This listener's time limit in milliseconds, instead of the kernel's `hookTimeoutMs`: for a
   * listener whose own deadline is longer (the HTTP plugin's drain deadline), so that one time
   * budget governs rather than two.
   * @defaultValue the kernel's `hookTimeoutMs`
   */
  readonly timeoutMs?: number;
}

/**
 * Runtime-wide lifecycle moments a plugin can take part in, beyond its own hooks.
 * @public
 */
export interface PluginLifecycle {
  /**
   * Runs once every plugin has started (listeners in registration order), e.g. to start
   * listening for requests only when all routes are mounted. A failing listener fails
   * `kernel.start()`, which then stops every plugin again. The returned disposer takes the listener out.
   */
  onStarted(listener: PluginLifecycleListener, options?: PluginLifecycleListenerOptions): Disposer;
  /**
   * Runs first when the kernel stops, before any plugin drains, e.g. to flip readiness and stop
   * accepting requests at the edge while the plugins behind it still serve the requests in
   * flight. Listeners are called in registration order and run concurrently — one that waits
   * for its requests to drain does not hold back another edge from refusing new ones — and every
   * one has settled before the first `drain` hook runs. The returned disposer takes the listener out.
   */
  onStopping(listener: PluginLifecycleListener, options?: PluginLifecycleListenerOptions): Disposer;
}

/**
 * What every hook of a plugin receives.
 * @public
 */
export interface PluginHookContext<O> extends PluginKernelServices {
  /** The name of the plugin whose hook runs. */
  readonly pluginName: string;
  /** The plugin's options, parsed by its options schema. */
  readonly options: O;
  /** Aborted when the hook exceeds its time limit. */
  readonly signal: AbortSignal;
  /** Runtime-wide moments: all plugins started, kernel stopping. */
  readonly lifecycle: PluginLifecycle;
}

/**
 * Context of the `register` hook: runs for every plugin before any starts.
 * @public
 */
export interface PluginRegisterContext<O, P extends PluginProvisions = PluginProvisions> extends PluginHookContext<O> {
  /** Binds factories for transient or scoped lifetimes of the tokens the plugin provides, and only those. */
  readonly binder: PluginBinder<P>;
}

/**
 * Context of the `start` hook.
 * @public
 */
export interface PluginStartContext<O, R extends PluginRequirements, E extends PluginExtensionPoints = Record<never, never>>
  extends PluginHookContext<O> {
  /** The plugin's requirements, resolved; an optional one that nothing provides is `undefined`. */
  readonly deps: PluginDependencies<R>;
  /** The live contributions to each extension point the plugin declares. */
  readonly extensions: PluginExtensions<E>;
}

/**
 * Context of the `drain` and `stop` hooks.
 * @public
 */
export interface PluginStopContext<
  O,
  R extends PluginRequirements,
  P extends PluginProvisions,
  E extends PluginExtensionPoints = Record<never, never>,
> extends PluginStartContext<O, R, E> {
  /** What `start` returned. */
  readonly provided: PluginProvidedValues<P>;
}

/**
 * Everything a plugin declares. See {@link definePlugin}.
 * @public
 */
export interface PluginDefinition<
  S extends z.ZodType | undefined,
  R extends PluginRequirements,
  P extends PluginProvisions,
  E extends PluginExtensionPoints = Record<never, never>,
  C extends PluginContributions = Record<never, never>,
> {
  /** Lowercase letters, digits and dashes; unique per runtime. */
  readonly name: string;
  /** Semver of the plugin. */
  readonly version: string;
  /** What the plugin does, in plain words. */
  readonly description?: string;
  /** Schema of the plugin's options, validated when the runtime is assembled. */
  readonly options?: S;
  /** Tokens the plugin needs, by name; wrap one in {@link optional} when it may be absent. */
  readonly requires?: R;
  /** Tokens the plugin provides, by name; `start` returns their values or `register` binds them. */
  readonly provides?: P;
  /** Extension points the plugin declares, by name; its hooks read the contributions as `extensions.<name>`. */
  readonly extensionPoints?: E;
  /**
   * Extension points the plugin contributes to, by name; `start` returns the values under the same
   * names. The kernel adds them once the plugin has started and removes them when it stops, before `stop`.
   */
  readonly contributes?: C;
  /** Contracts the plugin registers (before any plugin starts). */
  readonly contracts?: readonly Contract[];
  /** Event contracts the plugin publishes (registered before any plugin starts). */
  readonly events?: readonly EventDefinition[];
  /** Contracts by name and semver range that must be registered (checked before start). */
  readonly requiresContracts?: Readonly<Record<string, string>>;
  /** Runs for every plugin before any starts; bind transient or scoped factories of provided tokens here. */
  register?(context: PluginRegisterContext<PluginOptions<S>, P>): void | Promise<void>;
  /**
   * Starts the plugin once the plugins it depends on have started; returns the values of the tokens
   * it provides and of the extension points it contributes to.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a start hook that returns nothing is written without `return`, which only `void` accepts
  start?(context: PluginStartContext<PluginOptions<S>, R, E>): PluginStartResult<P, C> | void | Promise<PluginStartResult<P, C> | void>;
  /** Stop taking new work; runs for every plugin before any `stop`. */
  drain?(context: PluginStopContext<PluginOptions<S>, R, P, E>): void | Promise<void>;
  /** Releases what the plugin holds; runs after every plugin has drained, in reverse start order. */
  stop?(context: PluginStopContext<PluginOptions<S>, R, P, E>): void | Promise<void>;
}

/**
 * What `start` returns: the values of the provided tokens and of the contributions, by their names.
 * @public
 */
export type PluginStartResult<P extends PluginProvisions, C extends PluginContributions> = PluginProvidedValues<P> &
  PluginContributedValues<C>;

/**
 * The parsed options type of a plugin.
 * @public
 */
export type PluginOptions<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * The options a host passes to a plugin factory.
 * @public
 */
export type PluginOptionsInput<S> = S extends z.ZodType ? z.input<S> : undefined;
