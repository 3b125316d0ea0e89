import type { z } from 'zod';
import { createServiceContainer, type ServiceContainer, type ServiceScope } from '../container/ServiceContainer.js';
import { isToken, type AnyToken, type TokenValue } from '../container/Token.js';
import { createContractRegistry, type ContractRegistry } from '../contracts/ContractRegistry.js';
import { describeIssues, toValidationIssues } from '../contracts/ContractValidationIssue.js';
import { CortexError } from '../errors/CortexError.js';
import { KernelAggregateError, KernelError, type KernelProblem } from '../errors/KernelError.js';
import { createEventBus, subscriberFailedEvent, type EventBus } from '../events/EventBus.js';
import { createLogger, type Logger } from '../logging/Logger.js';
import {
  toolExecutionCompletedEvent,
  toolExecutionFailedEvent,
  toolExecutionStartedEvent,
  toolsChangedEvent,
} from '../tools/toolEvents.js';
import { createToolRegistry, type ToolRegistry } from '../tools/ToolRegistry.js';
import type { KernelDescription } from './KernelDescription.js';
import { kernelTokens } from './kernelTokens.js';
import { toInternalPlugin, type InternalPlugin, type Plugin } from './Plugin.js';
import type { OptionalRequirement, PluginLifecycleListener, PluginStopContext } from './PluginDefinition.js';
import { planStartOrder, type PlanNode, type StartPlan } from './planStartOrder.js';
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
  /** The kernel's tool registry. */
  readonly tools: ToolRegistry;
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
  /** The runtime's picture as JSON: plugins with their tokens and contracts, tools, events. Render it with {@link kernelDescriptionToMermaid}. */
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
}

interface AssembledPlugin {
  readonly plugin: InternalPlugin;
  readonly options: unknown;
  readonly logger: Logger;
  provided: Record<string, unknown>;
  deps: Record<string, unknown>;
}

/**
 * Assembles a runtime: checks every plugin, its options, requirements, providers and the
 * dependency graph, and reports every problem at once.
 *
 * @throws {@link KernelAggregateError} `KERNEL_ASSEMBLY_FAILED` listing each problem
 * (invalid plugin, duplicate name, invalid options, missing requirement, duplicate provider, cycle).
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

const KERNEL_TOKEN_IDS: ReadonlySet<string> = new Set(Object.values(kernelTokens).map((t) => t.id));

class AssembledKernel implements Kernel {
  readonly logger: Logger;
  readonly contracts: ContractRegistry;
  readonly events: EventBus;
  readonly tools: ToolRegistry;
  readonly plugins: Kernel['plugins'];
  readonly #container: ServiceContainer;
  readonly #assembled: ReadonlyMap<string, AssembledPlugin>;
  readonly #plan: StartPlan;
  readonly #hookTimeoutMs: number;
  #state: KernelState = 'created';
  readonly #startedListeners: { readonly plugin: string; readonly listener: PluginLifecycleListener }[] = [];
  readonly #stoppingListeners: { readonly plugin: string; readonly listener: PluginLifecycleListener }[] = [];
  #started: AssembledPlugin[] = [];
  #stopping: Promise<KernelStopReport> | undefined;

  constructor(options: CreateKernelOptions) {
    this.logger = options.logger ?? createLogger();
    this.#hookTimeoutMs = options.hookTimeoutMs ?? 10_000;
    const { assembled, plan } = assemble(options.plugins, this.logger);
    this.#assembled = assembled;
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
    });
    this.tools = createToolRegistry({ events: this.events });
    this.#container = createServiceContainer();
    this.#container.bindValue(kernelTokens.logger, this.logger);
    this.#container.bindValue(kernelTokens.contracts, this.contracts);
    this.#container.bindValue(kernelTokens.events, this.events);
    this.#container.bindValue(kernelTokens.tools, this.tools);
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
      for (const { plugin, listener } of this.#startedListeners) await runHook(plugin, 'started', this.#hookTimeoutMs, listener);
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
    const plugins = this.plugins.map(({ name, version, dependsOn }) => {
      const { definition } = (this.#assembled.get(name) as AssembledPlugin).plugin;
      for (const e of definition.events ?? []) eventTypes.add(e.type);
      return {
        name,
        version,
        ...(definition.description === undefined ? {} : { description: definition.description }),
        dependsOn,
        provides: Object.values(definition.provides ?? {}).map((t) => t.id),
        requires: toPlanNode((this.#assembled.get(name) as AssembledPlugin).plugin).requires,
        contracts: (definition.contracts ?? []).map((c) => c.id),
        events: (definition.events ?? []).map((e) => e.id),
        requiresContracts: { ...definition.requiresContracts },
      };
    });
    return {
      state: this.#state,
      plugins,
      kernelTokens: [...KERNEL_TOKEN_IDS],
      contracts: this.contracts.list().map((c) => c.id),
      tools: this.tools.list().map(({ name, description }) => ({ name, description })),
      events: [...eventTypes].filter((type) => this.contracts.find(type) !== undefined).sort(),
    };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #registerAll(): Promise<void> {
    for (const name of this.#plan.levels.flat()) {
      const entry = this.#assembled.get(name) as AssembledPlugin;
      const { definition } = entry.plugin;
      for (const contract of [...(definition.contracts ?? []), ...(definition.events ?? [])]) this.contracts.register(contract);
      if (definition.register !== undefined) {
        const register = definition.register.bind(definition);
        await runHook(name, 'register', this.#hookTimeoutMs, (signal) => register({ ...this.#baseContext(entry), signal }));
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
    const results = await Promise.allSettled(level.map((name) => this.#startPlugin(this.#assembled.get(name) as AssembledPlugin)));
    const problems = results.flatMap((r) => (r.status === 'rejected' ? [problemOf(r.reason)] : []));
    if (problems.length > 0) throw new KernelAggregateError('KERNEL_START_FAILED', 'Plugins failed to start:', problems);
  }

  async #startPlugin(entry: AssembledPlugin): Promise<void> {
    const { definition, name } = entry.plugin;
    entry.deps = await this.#resolveDeps(entry);
    let provided: Record<string, unknown> = {};
    if (definition.start !== undefined) {
      const start = definition.start.bind(definition);
      const returned = await runHook(name, 'start', this.#hookTimeoutMs, (signal) =>
        start({ ...this.#baseContext(entry), signal, deps: entry.deps as never }),
      );
      provided = (returned ?? {}) as Record<string, unknown>;
    }
    entry.provided = provided;
    // Counted as started before its provisions are checked, so a failed check still stops it.
    this.#started.push(entry);
    this.#bindProvided(entry);
  }

  #bindProvided(entry: AssembledPlugin): void {
    const { name } = entry.plugin;
    const missing: string[] = [];
    for (const [key, token] of Object.entries(entry.plugin.definition.provides ?? {})) {
      const value = entry.provided[key];
      if (value === undefined) {
        if (!this.#container.has(token)) missing.push(`${key} (${token.id})`);
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

  async #resolveDeps(entry: AssembledPlugin): Promise<Record<string, unknown>> {
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
    for (const { plugin, listener } of this.#stoppingListeners) {
      if (!started.has(plugin)) continue;
      try {
        await runHook(plugin, 'stopping', this.#hookTimeoutMs, listener);
      } catch (error) {
        const problem = problemOf(error);
        problems.push(problem);
        this.logger.error({ err: error, plugin, hook: 'stopping' }, problem.message);
      }
    }
    for (const phase of ['drain', 'stop'] as const) {
      for (const entry of reversed) {
        const hook = entry.plugin.definition[phase];
        if (hook === undefined) continue;
        const bound = hook.bind(entry.plugin.definition);
        try {
          await runHook(entry.plugin.name, phase, this.#hookTimeoutMs, (signal) => bound(this.#stopContext(entry, signal)));
        } catch (error) {
          const problem = problemOf(error);
          problems.push(problem);
          this.logger.error({ err: error, plugin: entry.plugin.name, hook: phase }, problem.message);
        }
      }
    }
    this.#started = [];
    try {
      await this.#container.dispose();
    } catch (error) {
      problems.push(problemOf(error));
    }
    await this.events.complete();
    return { ok: problems.length === 0, problems, durationMs: performance.now() - startedAt };
  }

  #baseContext(entry: AssembledPlugin) {
    const plugin = entry.plugin.name;
    return {
      pluginName: plugin,
      lifecycle: {
        onStarted: (listener: PluginLifecycleListener) => void this.#startedListeners.push({ plugin, listener }),
        onStopping: (listener: PluginLifecycleListener) => void this.#stoppingListeners.push({ plugin, listener }),
      },
      options: entry.options as never,
      logger: entry.logger,
      contracts: this.contracts,
      events: this.events,
      tools: this.tools,
      container: this.#container,
      describe: () => this.describe(),
    };
  }

  #stopContext(entry: AssembledPlugin, signal: AbortSignal): PluginStopContext<never, never, never> {
    return { ...this.#baseContext(entry), signal, deps: entry.deps as never, provided: entry.provided as never };
  }
}

function assemble(plugins: readonly Plugin[], logger: Logger): { assembled: Map<string, AssembledPlugin>; plan: StartPlan } {
  const problems: KernelProblem[] = [];
  const assembled = new Map<string, AssembledPlugin>();
  plugins.forEach((value, index) => {
    let plugin: InternalPlugin;
    try {
      plugin = toInternalPlugin(value, index);
    } catch (error) {
      problems.push(problemOf(error));
      return;
    }
    if (assembled.has(plugin.name)) {
      problems.push({
        code: 'PLUGIN_DUPLICATE_NAME',
        plugin: plugin.name,
        message: `Plugin "${plugin.name}" was added more than once (plugins[${index}]).`,
      });
      return;
    }
    const parsed = parseOptions(plugin);
    if (parsed.problem !== undefined) problems.push(parsed.problem);
    assembled.set(plugin.name, { plugin, options: parsed.options, logger: logger.child({ plugin: plugin.name }), provided: {}, deps: {} });
  });
  const plan = planStartOrder(
    [...assembled.values()].map(({ plugin }) => toPlanNode(plugin)),
    KERNEL_TOKEN_IDS,
  );
  problems.push(...plan.problems);
  if (problems.length > 0) {
    throw new KernelAggregateError(
      'KERNEL_ASSEMBLY_FAILED',
      `Cannot assemble the runtime: ${problems.length} problem${problems.length === 1 ? '' : 's'}:`,
      problems,
    );
  }
  return { assembled, plan };
}

function parseOptions(plugin: InternalPlugin): { options: unknown; problem?: KernelProblem } {
  const schema = plugin.definition.options as z.ZodType | undefined;
  if (schema === undefined) return { options: plugin.rawOptions };
  const result = schema.safeParse(plugin.rawOptions ?? {});
  if (result.success) return { options: result.data };
  const issues = toValidationIssues(result.error);
  return {
    options: undefined,
    problem: {
      code: 'PLUGIN_OPTIONS_INVALID',
      plugin: plugin.name,
      message: `Plugin "${plugin.name}" options are invalid: ${describeIssues(issues)}.`,
    },
  };
}

function toPlanNode(plugin: InternalPlugin): PlanNode {
  return {
    name: plugin.name,
    requires: Object.values(plugin.definition.requires ?? {}).map((r) =>
      isToken(r) ? { token: r.id, optional: false } : { token: (r as OptionalRequirement).token.id, optional: true },
    ),
    provides: Object.values(plugin.definition.provides ?? {}).map((t) => ({ token: t.id, multi: t.multi })),
  };
}

function problemOf(error: unknown): KernelProblem {
  if (CortexError.is(error)) {
    const plugin = error.details['plugin'];
    return {
      code: error.code as KernelProblem['code'],
      message: error.message,
      cause: error,
      ...(typeof plugin === 'string' ? { plugin } : {}),
    };
  }
  return { code: 'PLUGIN_HOOK_FAILED', message: (error as Error)?.message ?? String(error), cause: error };
}
