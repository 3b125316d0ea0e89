import { createServiceContainer, type ServiceContainer, type ServiceScope } from '../container/ServiceContainer.js';
import { isToken, type AnyToken, type TokenValue } from '../container/Token.js';
import { createContractRegistry, type ContractRegistry } from '../contracts/ContractRegistry.js';
import { KernelAggregateError, KernelError, type KernelProblem } from '../errors/KernelError.js';
import { createEventBus, subscriberFailedEvent, type EventBus } from '../events/EventBus.js';
import type { EventBusTransport } from '../events/EventBusTransport.js';
import type { ExtensionPointContributions } from '../extensions/ExtensionPointContributions.js';
import { ExtensionRegistry } from '../extensions/ExtensionRegistry.js';
import { kernelExtensionPoints } from '../extensions/kernelExtensionPoints.js';
import { createLogger, type Logger } from '../logging/Logger.js';
import { createPromptRegistry, type PromptRegistry } from '../prompts/PromptRegistry.js';
import { createResourceRegistry, type ResourceRegistry } from '../resources/ResourceRegistry.js';
import {
  toolExecutionCompletedEvent,
  toolExecutionFailedEvent,
  toolExecutionStartedEvent,
  toolsChangedEvent,
} from '../tools/toolEvents.js';
import { createToolRegistry, type ToolRegistry } from '../tools/ToolRegistry.js';
import { assembleRuntime, problemOf, toPlanNode, type AssembledPlugin, type KernelDeclarations } from './assembleRuntime.js';
import type { KernelDescription, KernelPluginDescription } from './KernelDescription.js';
import { kernelTokens } from './kernelTokens.js';
import type { Plugin } from './Plugin.js';
import { ScopedPluginBinder } from './PluginBinder.js';
import { createDisposer, type Disposer } from './Disposer.js';
import type {
  OptionalRequirement,
  PluginHookContext,
  PluginLifecycleListener,
  PluginLifecycleListenerOptions,
  PluginStopContext,
} from './PluginDefinition.js';
import type { PluginStartProgress } from './PluginStartProgress.js';
import type { StartPlan } from './planStartOrder.js';
import { runHook } from './runHook.js';

/**
 * Where a kernel is in its life.
 * @public
 */
export type KernelState = 'created' | 'starting' | 'started' | 'stopping' | 'stopped';

/**
 * The outcome of `kernel.stop()`: every hook that failed is listed; stopping never stops early.
 * @public
 */
export interface KernelStopReport {
  /** True when every `drain` and `stop` hook and every disposer succeeded. */
  readonly ok: boolean;
  /** Every hook or disposer that failed, in the order they failed. */
  readonly problems: readonly KernelProblem[];
  /** How long stopping took, in milliseconds. */
  readonly durationMs: number;
}

/**
 * A runtime assembled from plugins.
 * @public
 */
export interface Kernel extends AsyncDisposable {
  /** Where the kernel is in its life. */
  readonly state: KernelState;
  /** The kernel's logger; each plugin gets a child of it bound to its name. */
  readonly logger: Logger;
  /** The contract registry every plugin's contracts and events are registered in. */
  readonly contracts: ContractRegistry;
  /** The kernel's event bus. */
  readonly events: EventBus;
  /** The kernel's tool registry: tools plugins contribute on `kernelExtensionPoints.tools`, and dynamic ones. */
  readonly tools: ToolRegistry;
  /** The kernel's resource registry: resources plugins contribute on `kernelExtensionPoints.resources`, served by every transport. */
  readonly resources: ResourceRegistry;
  /** The kernel's prompt registry: prompts plugins contribute on `kernelExtensionPoints.prompts`, served by every transport. */
  readonly prompts: PromptRegistry;
  /** The plugins in start order. */
  readonly plugins: readonly { readonly name: string; readonly version: string; readonly dependsOn: readonly string[] }[];
  /**
   * Registers every plugin, checks contracts, then starts plugins in dependency order
   * (independent ones concurrently), each hook under the time limit.
   * @throws {@link KernelAggregateError} `KERNEL_START_FAILED` with every cause; plugins that
   * had started are stopped again in reverse order.
   */
  start(): Promise<void>;
  /** Drains every started plugin, then stops them, in reverse dependency order. Idempotent. */
  stop(): Promise<KernelStopReport>;
  /** Resolves a token (after start). */
  get<K extends AnyToken>(token: K): TokenValue<K>;
  /** Resolves a token whose factory may be async (after start). */
  getAsync<K extends AnyToken>(token: K): Promise<TokenValue<K>>;
  /** A child scope for scoped services (e.g. one per HTTP request). */
  createScope(): ServiceScope;
  /**
   * The runtime's picture as JSON: plugins with their tokens, contracts and contributions (by
   * extension point), extension points, tools, resources, prompts, events. Render it with {@link kernelDescriptionToMermaid}.
   */
  describe(): KernelDescription;
}

/**
 * Options of {@link createKernel}.
 * @public
 */
export interface CreateKernelOptions {
  /** The plugins of the runtime, each made by calling its plugin factory (e.g. `clockPlugin()`). */
  readonly plugins: readonly Plugin[];
  /**
   * The kernel's logger.
   * @defaultValue `createLogger()`: pino JSON lines on stderr at `info` (the kernel reads no environment)
   */
  readonly logger?: Logger;
  /**
   * Time limit of each plugin hook, in milliseconds.
   * @defaultValue `10_000`
   */
  readonly hookTimeoutMs?: number;
  /**
   * CloudEvents `source` of kernel events.
   * @defaultValue `'/cortex-os'`
   */
  readonly eventSource?: string;
  /**
   * Recent events retained for replaying subscribers.
   * @defaultValue `0`
   */
  readonly eventReplay?: number;
  /**
   * Carries the kernel's events to and from other runtimes (e.g. Redis Streams); absent, the
   * event bus is in-process only. The bus closes it when the kernel stops.
   */
  readonly eventTransport?: EventBusTransport;
  /**
   * Called as each plugin's `start` hook begins and ends, for hosts that show progress (the CLI
   * names the plugins still starting: a first start may migrate a database or rebuild an index).
   * It is told, never waited for; an exception it throws is logged and ignored.
   */
  readonly onStartProgress?: (progress: PluginStartProgress) => void;
}

/** A lifecycle listener with the plugin that added it and its own time limit, if any. */
interface LifecycleListenerEntry {
  readonly plugin: string;
  readonly listener: PluginLifecycleListener;
  readonly timeoutMs: number | undefined;
}

/** A plugin of this kernel: checked at assembly, then filled in as it registers and starts. */
interface KernelPlugin extends AssembledPlugin {
  provided: Record<string, unknown>;
  deps: Record<string, unknown>;
  /** The binder its `register` hook received; it knows which provided tokens were bound there. */
  binder: ScopedPluginBinder | undefined;
  /** The live contributions to the extension points it declares, by the names it declared them under. */
  readonly extensions: Record<string, ExtensionPointContributions<unknown>>;
}

/**
 * Assembles a runtime: checks every plugin, its options, requirements, providers and the
 * dependency graph, and reports every problem at once.
 *
 * @throws {@link KernelAggregateError} `KERNEL_ASSEMBLY_FAILED` listing each problem
 * (invalid plugin, duplicate name, invalid options, missing requirement, duplicate provider, cycle,
 * an extension point declared twice or contributed to but never declared, a token or point id with two owners).
 * @example
 * ```ts
 * await using kernel = createKernel({ plugins: [clockPlugin()] });
 * await kernel.start();
 * ```
 * @public
 */
export function createKernel(options: CreateKernelOptions): Kernel {
  return new AssembledKernel(options);
}

const KERNEL_EVENTS = [toolExecutionStartedEvent, toolExecutionCompletedEvent, toolExecutionFailedEvent, toolsChangedEvent];

const KERNEL_DECLARATIONS: KernelDeclarations = {
  tokens: Object.values(kernelTokens),
  points: Object.values(kernelExtensionPoints),
};

class AssembledKernel implements Kernel {
  readonly logger: Logger;
  readonly contracts: ContractRegistry;
  readonly events: EventBus;
  readonly tools: ToolRegistry;
  readonly resources: ResourceRegistry;
  readonly prompts: PromptRegistry;
  readonly plugins: Kernel['plugins'];
  readonly #container: ServiceContainer;
  readonly #extensions: ExtensionRegistry;
  readonly #assembled: ReadonlyMap<string, KernelPlugin>;
  readonly #plan: StartPlan;
  readonly #hookTimeoutMs: number;
  readonly #onStartProgress: ((progress: PluginStartProgress) => void) | undefined;
  #startsReported = 0;
  #state: KernelState = 'created';
  readonly #startedListeners: LifecycleListenerEntry[] = [];
  readonly #stoppingListeners: LifecycleListenerEntry[] = [];
  #started: KernelPlugin[] = [];
  #stopping: Promise<KernelStopReport> | undefined;

  constructor(options: CreateKernelOptions) {
    this.logger = options.logger ?? createLogger();
    this.#hookTimeoutMs = options.hookTimeoutMs ?? 10_000;
    this.#onStartProgress = options.onStartProgress;
    const { assembled, plan } = assembleRuntime(options.plugins, this.logger, KERNEL_DECLARATIONS);
    this.#plan = plan;
    this.plugins = plan.levels.flat().map((name) => {
      const { plugin } = assembled.get(name) as AssembledPlugin;
      return Object.freeze({ name, version: plugin.version, dependsOn: [...(plan.dependsOn.get(name) ?? [])] });
    });

    this.contracts = createContractRegistry();
    for (const event of KERNEL_EVENTS) this.contracts.register(event);
    this.events = createEventBus({
      contracts: this.contracts,
      logger: this.logger.child({ component: 'event-bus' }),
      ...(options.eventSource === undefined ? {} : { source: options.eventSource }),
      ...(options.eventReplay === undefined ? {} : { replay: options.eventReplay }),
      ...(options.eventTransport === undefined ? {} : { transport: options.eventTransport }),
    });
    this.tools = createToolRegistry({ events: this.events });
    this.resources = createResourceRegistry();
    this.prompts = createPromptRegistry();
    this.#extensions = this.#createExtensions();
    this.#assembled = this.#declarePoints(assembled);
    this.#container = createServiceContainer();
    this.#container.bindValue(kernelTokens.logger, this.logger);
    this.#container.bindValue(kernelTokens.contracts, this.contracts);
    this.#container.bindValue(kernelTokens.events, this.events);
    this.#container.bindValue(kernelTokens.tools, this.tools);
    this.#container.bindValue(kernelTokens.resources, this.resources);
    this.#container.bindValue(kernelTokens.prompts, this.prompts);
  }

  get state(): KernelState {
    return this.#state;
  }

  async start(): Promise<void> {
    if (this.#state !== 'created') {
      throw new KernelError('KERNEL_STATE_INVALID', `Cannot start a kernel that is ${this.#state}; create a new kernel to start again.`, {
        details: { state: this.#state },
      });
    }
    this.#state = 'starting';
    const startedAt = performance.now();
    try {
      await this.#registerAll();
      this.#checkContracts();
      for (const level of this.#plan.levels) await this.#startLevel(level);
      for (const { plugin, listener, timeoutMs } of [...this.#startedListeners])
        await runHook(plugin, 'started', timeoutMs ?? this.#hookTimeoutMs, listener);
    } catch (error) {
      this.#state = 'stopping';
      const report = await this.#stopStarted();
      this.#state = 'stopped';
      const problems = error instanceof KernelAggregateError ? [...error.problems] : [problemOf(error)];
      throw new KernelAggregateError(
        'KERNEL_START_FAILED',
        `Kernel failed to start; ${report.problems.length === 0 ? 'every started plugin was stopped again' : 'stopping the started plugins also reported problems'}:`,
        [...problems, ...report.problems],
      );
    }
    this.#state = 'started';
    this.logger.info({ plugins: this.plugins.map((p) => p.name), ms: Math.round(performance.now() - startedAt) }, 'kernel started');
  }

  stop(): Promise<KernelStopReport> {
    if (this.#stopping !== undefined) return this.#stopping;
    if (this.#state === 'starting') {
      throw new KernelError(
        'KERNEL_STATE_INVALID',
        'Cannot stop a kernel while it is starting; await start() first (a failed start stops what it started).',
      );
    }
    this.#state = 'stopping';
    this.#stopping = this.#stopStarted().then((report) => {
      this.#state = 'stopped';
      this.logger.info({ ok: report.ok, problems: report.problems.length, ms: Math.round(report.durationMs) }, 'kernel stopped');
      return report;
    });
    return this.#stopping;
  }

  get<K extends AnyToken>(token: K): TokenValue<K> {
    return this.#container.get(token);
  }

  getAsync<K extends AnyToken>(token: K): Promise<TokenValue<K>> {
    return this.#container.getAsync(token);
  }

  createScope(): ServiceScope {
    return this.#container.createScope();
  }

  describe(): KernelDescription {
    const eventTypes = new Set<string>([subscriberFailedEvent.type, ...KERNEL_EVENTS.map((e) => e.type)]);
    const plugins = this.plugins.map((p) => {
      for (const e of (this.#assembled.get(p.name) as KernelPlugin).plugin.definition.events ?? []) eventTypes.add(e.type);
      return this.#describePlugin(p);
    });
    return {
      state: this.#state,
      plugins,
      kernelTokens: KERNEL_DECLARATIONS.tokens.map((t) => t.id),
      extensionPoints: this.#extensions.points(),
      contracts: this.contracts.list().map((c) => c.id),
      tools: this.tools.list().map(({ name, description }) => ({ name, description })),
      resources: [...this.resources.list().map((r) => r.uri), ...this.resources.listTemplates().map((t) => t.uriTemplate)],
      prompts: this.prompts.list().map((p) => p.name),
      events: [...eventTypes].filter((type) => this.contracts.find(type) !== undefined).sort(),
    };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /** The kernel's own points route to its registries; a listener that throws is logged, never fatal. */
  #createExtensions(): ExtensionRegistry {
    const extensions = new ExtensionRegistry((error, point) =>
      this.logger.error({ err: error, point }, `a listener of extension point "${point}" failed`),
    );
    extensions.declareKernelPoint(kernelExtensionPoints.tools, (tool) => this.tools.register(tool as never));
    extensions.declareKernelPoint(kernelExtensionPoints.resources, (resource) => this.resources.register(resource as never));
    extensions.declareKernelPoint(kernelExtensionPoints.prompts, (prompt) => this.prompts.register(prompt as never));
    return extensions;
  }

  /** Declares every plugin's extension points, so contributions have somewhere to go from the first start. */
  #declarePoints(assembled: ReadonlyMap<string, AssembledPlugin>): ReadonlyMap<string, KernelPlugin> {
    const plugins = new Map<string, KernelPlugin>();
    for (const [name, entry] of assembled) {
      const extensions: Record<string, ExtensionPointContributions<unknown>> = {};
      for (const [key, point] of Object.entries(entry.plugin.definition.extensionPoints ?? {})) {
        extensions[key] = this.#extensions.declare(point, name);
      }
      plugins.set(name, { ...entry, provided: {}, deps: {}, binder: undefined, extensions });
    }
    return plugins;
  }

  #describePlugin({ name, version, dependsOn }: Kernel['plugins'][number]): KernelPluginDescription {
    const entry = this.#assembled.get(name) as KernelPlugin;
    const { definition } = entry.plugin;
    const contributed = this.#extensions.contributionsOf(name);
    return {
      name,
      version,
      ...(definition.description === undefined ? {} : { description: definition.description }),
      dependsOn,
      provides: Object.values(definition.provides ?? {}).map((t) => t.id),
      requires: toPlanNode(entry.plugin).requires,
      contracts: (definition.contracts ?? []).map((c) => c.id),
      events: (definition.events ?? []).map((e) => e.id),
      requiresContracts: { ...definition.requiresContracts },
      extensionPoints: Object.values(definition.extensionPoints ?? {}).map((p) => p.id),
      contributions: Object.fromEntries(Object.values(definition.contributes ?? {}).map((p) => [p.id, contributed[p.id] ?? []])),
    };
  }

  async #registerAll(): Promise<void> {
    for (const name of this.#plan.levels.flat()) {
      const entry = this.#assembled.get(name) as KernelPlugin;
      const { definition } = entry.plugin;
      for (const contract of [...(definition.contracts ?? []), ...(definition.events ?? [])]) this.contracts.register(contract);
      if (definition.register === undefined) continue;
      const register = definition.register.bind(definition);
      const binder = new ScopedPluginBinder(name, definition.provides ?? {}, this.#container);
      entry.binder = binder;
      try {
        await runHook(name, 'register', this.#hookTimeoutMs, (signal) => register({ ...this.#hookContext(entry, signal), binder }));
      } finally {
        binder.close();
      }
    }
  }

  #checkContracts(): void {
    const problems: KernelProblem[] = [];
    for (const [name, entry] of this.#assembled) {
      for (const missing of this.contracts.unsatisfied(entry.plugin.definition.requiresContracts ?? {})) {
        problems.push({
          code: 'PLUGIN_CONTRACT_UNSATISFIED',
          plugin: name,
          message: `Plugin "${name}" requires contract "${missing.name}" ${missing.range}; ${missing.available.length === 0 ? 'none is registered' : `registered: ${missing.available.join(', ')}`}.`,
        });
      }
    }
    if (problems.length > 0) throw new KernelAggregateError('KERNEL_START_FAILED', 'Contract requirements are not satisfied:', problems);
  }

  async #startLevel(level: readonly string[]): Promise<void> {
    const results = await Promise.allSettled(level.map((name) => this.#startPlugin(this.#assembled.get(name) as KernelPlugin)));
    const problems = results.flatMap((r) => (r.status === 'rejected' ? [problemOf(r.reason)] : []));
    if (problems.length > 0) throw new KernelAggregateError('KERNEL_START_FAILED', 'Plugins failed to start:', problems);
  }

  async #startPlugin(entry: KernelPlugin): Promise<void> {
    this.#reportStart(entry.plugin.name, 'starting');
    try {
      await this.#runStart(entry);
    } catch (error) {
      this.#reportStart(entry.plugin.name, 'failed');
      throw error;
    }
    this.#reportStart(entry.plugin.name, 'started');
  }

  /** Tells the host's progress listener; a listener that throws is logged, never fails the start. */
  #reportStart(plugin: string, state: PluginStartProgress['state']): void {
    if (this.#onStartProgress === undefined) return;
    if (state === 'started') this.#startsReported += 1;
    const index = this.#startsReported;
    try {
      this.#onStartProgress({ plugin, state, index, total: this.plugins.length });
    } catch (error) {
      this.logger.warn({ err: error, plugin }, 'the onStartProgress listener threw; ignored');
    }
  }

  async #runStart(entry: KernelPlugin): Promise<void> {
    const { definition, name } = entry.plugin;
    entry.deps = await this.#resolveDeps(entry);
    let provided: Record<string, unknown> = {};
    if (definition.start !== undefined) {
      const start = definition.start.bind(definition);
      const returned = await runHook(name, 'start', this.#hookTimeoutMs, (signal) =>
        start({ ...this.#hookContext(entry, signal), deps: entry.deps as never, extensions: entry.extensions as never }),
      );
      provided = (returned ?? {}) as Record<string, unknown>;
    }
    entry.provided = provided;
    // Counted as started before its provisions are checked, so a failed check (or contribution) still stops it.
    this.#started.push(entry);
    this.#bindProvided(entry);
    for (const [key, point] of Object.entries(definition.contributes ?? {})) {
      const value = provided[key];
      if (value !== undefined) this.#extensions.contribute(name, point, Array.isArray(value) ? value : [value]);
    }
  }

  #bindProvided(entry: KernelPlugin): void {
    const { name } = entry.plugin;
    const missing: string[] = [];
    for (const [key, token] of Object.entries(entry.plugin.definition.provides ?? {})) {
      const value = entry.provided[key];
      if (value === undefined) {
        if (entry.binder?.hasBound(token) !== true && !this.#container.has(token)) missing.push(`${key} (${token.id})`);
        continue;
      }
      const values = token.multi && Array.isArray(value) ? value : [value];
      for (const v of values) this.#container.bindValue(token, v as never);
    }
    if (missing.length > 0) {
      throw new KernelError(
        'PLUGIN_PROVIDE_MISSING',
        `Plugin "${name}" declared but did not provide: ${missing.join(', ')}; return them from start() or bind them in register().`,
        {
          details: { plugin: name, missing },
        },
      );
    }
  }

  async #resolveDeps(entry: KernelPlugin): Promise<Record<string, unknown>> {
    const deps: Record<string, unknown> = {};
    for (const [key, requirement] of Object.entries(entry.plugin.definition.requires ?? {})) {
      const { token, optional } = isToken(requirement) ? { token: requirement, optional: false } : (requirement as OptionalRequirement);
      if (optional && !token.multi && !this.#container.has(token)) {
        deps[key] = undefined;
        continue;
      }
      try {
        deps[key] = await this.#container.getAsync(token);
      } catch (error) {
        throw new KernelError(
          'PLUGIN_HOOK_FAILED',
          `Plugin "${entry.plugin.name}" could not resolve requirement "${key}" (${token.id}): ${(error as Error).message}`,
          {
            details: { plugin: entry.plugin.name, token: token.id },
            cause: error,
          },
        );
      }
    }
    return deps;
  }

  async #stopStarted(): Promise<KernelStopReport> {
    const startedAt = performance.now();
    const problems: KernelProblem[] = [];
    const reversed = [...this.#started].reverse();
    const started = new Set(this.#started.map((entry) => entry.plugin.name));
    // Concurrently: an edge waiting for its requests to drain must not delay another edge's refusal of new ones.
    await Promise.all(
      this.#stoppingListeners
        .filter(({ plugin }) => started.has(plugin))
        .map(({ plugin, listener, timeoutMs }) =>
          this.#settle(plugin, 'stopping', problems, () => runHook(plugin, 'stopping', timeoutMs ?? this.#hookTimeoutMs, listener)),
        ),
    );
    for (const entry of reversed) await this.#runStopHook(entry, 'drain', problems);
    for (const entry of reversed) {
      this.#withdraw(entry.plugin.name, problems);
      await this.#runStopHook(entry, 'stop', problems);
    }
    this.#started = [];
    try {
      await this.#container.dispose();
    } catch (error) {
      problems.push(problemOf(error));
    }
    // Last: stops the change feeds of resources registered at run time (contributed ones left with their plugin).
    this.resources.dispose();
    await this.events.complete();
    return { ok: problems.length === 0, problems, durationMs: performance.now() - startedAt };
  }

  async #runStopHook(entry: KernelPlugin, phase: 'drain' | 'stop', problems: KernelProblem[]): Promise<void> {
    const hook = entry.plugin.definition[phase];
    if (hook === undefined) return;
    const bound = hook.bind(entry.plugin.definition);
    const plugin = entry.plugin.name;
    await this.#settle(plugin, phase, problems, () =>
      runHook(plugin, phase, this.#hookTimeoutMs, (signal) => bound(this.#stopContext(entry, signal))),
    );
  }

  /** Removes a plugin's contributions before its `stop` hook, so nothing calls into what it is about to release. */
  #withdraw(plugin: string, problems: KernelProblem[]): void {
    for (const error of this.#extensions.withdraw(plugin)) {
      const failure = new KernelError(
        'PLUGIN_HOOK_FAILED',
        `Removing a contribution of plugin "${plugin}" failed: ${(error as Error)?.message ?? String(error)}`,
        { details: { plugin }, cause: error },
      );
      problems.push(problemOf(failure));
      this.logger.error({ err: error, plugin }, failure.message);
    }
  }

  /** Runs a stop-time hook; a failure is logged and reported, and stopping goes on. */
  async #settle(plugin: string, hook: string, problems: KernelProblem[], run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      const problem = problemOf(error);
      problems.push(problem);
      this.logger.error({ err: error, plugin, hook }, problem.message);
    }
  }

  #hookContext(entry: KernelPlugin, signal: AbortSignal): PluginHookContext<never> {
    const plugin = entry.plugin.name;
    return {
      pluginName: plugin,
      lifecycle: {
        onStarted: (listener: PluginLifecycleListener, options?: PluginLifecycleListenerOptions) =>
          listenTo(this.#startedListeners, { plugin, listener, timeoutMs: options?.timeoutMs }),
        onStopping: (listener: PluginLifecycleListener, options?: PluginLifecycleListenerOptions) =>
          listenTo(this.#stoppingListeners, { plugin, listener, timeoutMs: options?.timeoutMs }),
      },
      options: entry.options as never,
      logger: entry.logger,
      contracts: this.contracts,
      events: this.events,
      tools: this.tools,
      resources: this.resources,
      prompts: this.prompts,
      signal,
      describe: () => this.describe(),
      createScope: () => this.#container.createScope(),
    };
  }

  #stopContext(entry: KernelPlugin, signal: AbortSignal): PluginStopContext<never, never, never, never> {
    return {
      ...this.#hookContext(entry, signal),
      deps: entry.deps as never,
      extensions: entry.extensions as never,
      provided: entry.provided as never,
    };
  }
}

/** Adds a lifecycle listener; its disposer takes out that entry (the same listener added twice runs twice). */
function listenTo<T extends object>(listeners: T[], entry: T): Disposer {
  listeners.push(entry);
  return createDisposer(() => {
    const index = listeners.indexOf(entry);
    if (index !== -1) listeners.splice(index, 1);
  });
}
