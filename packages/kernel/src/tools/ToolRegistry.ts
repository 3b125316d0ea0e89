import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { compiledSchema } from '../contracts/Contract.js';
import { describeIssues, toValidationIssues } from '../contracts/ContractValidationIssue.js';
import { CortexError, toError } from '../errors/CortexError.js';
import { KernelError } from '../errors/KernelError.js';
import type { EventBus } from '../events/EventBus.js';
import { currentCorrelationId, runWithCorrelationId } from '../logging/correlation.js';
import { closestName } from './closestName.js';
import { describeTool } from './describeTool.js';
import { isToolResult } from './ToolContent.js';
import type { ToolCaller, ToolCallerCapabilities, ToolContext, ToolLogLevel, ToolProgress } from './ToolContext.js';
import type { ToolAnnotations, ToolDefinition } from './ToolDefinition.js';
import { toolExecutionCompletedEvent, toolExecutionFailedEvent, toolExecutionStartedEvent, toolsChangedEvent } from './toolEvents.js';
import type { ToolCall, ToolCallResult, ToolInterceptor } from './ToolInterceptor.js';
import { createDisposer, type Disposer } from '../lifecycle/Disposer.js';

/**
 * What callers see of a tool: its name, description, JSON Schemas (2020-12) and annotations.
 * @public
 */
export interface ToolDescriptor {
  /** The tool's name. */
  readonly name: string;
  /** What the tool does. */
  readonly description: string;
  /** JSON Schema (2020-12) of the input. */
  readonly inputSchema: Readonly<Record<string, unknown>>;
  /** JSON Schema (2020-12) of the structured output, when the tool declares one. */
  readonly outputSchema?: Readonly<Record<string, unknown>>;
  /** Hints about the tool's behaviour, when the tool declares them. */
  readonly annotations?: ToolAnnotations;
}

/**
 * Options of a tool call.
 * @public
 */
export interface ToolCallOptions extends ToolCallerCapabilities {
  /**
   * Who is calling.
   * @defaultValue `{ transport: 'in-process' }`
   */
  readonly caller?: ToolCaller;
  /** Cancels the call; the handler's context signal aborts with it. */
  readonly signal?: AbortSignal;
  /**
   * The correlation id of the call.
   * @defaultValue the current async context's, else a new one
   */
  readonly correlationId?: string;
  /** Receives the progress the handler reports. */
  readonly onProgress?: (progress: ToolProgress) => void;
  /** Receives the log messages the handler sends. */
  readonly onLog?: (level: ToolLogLevel, data: unknown) => void;
}

/**
 * A change to the set of registered tools.
 * @public
 */
export interface ToolRegistryChange {
  /** Names of the tools added. */
  readonly added: readonly string[];
  /** Names of the tools removed. */
  readonly removed: readonly string[];
}

/**
 * The kernel's tools: the one path by which MCP, REST and in-process callers run them.
 * @public
 */
export interface ToolRegistry {
  /**
   * Adds a tool; returns a function that removes it.
   * @throws {@link KernelError} `TOOL_DUPLICATE` when the name is taken.
   */
  register(tool: ToolDefinition<z.ZodType, z.ZodType>): Disposer;
  /** Removes a tool; true when it was registered. */
  unregister(name: string): boolean;
  /** True when a tool with that name is registered. */
  has(name: string): boolean;
  /** The tool with that name, or undefined. */
  get(name: string): ToolDefinition | undefined;
  /** Every tool, sorted by name, with JSON Schemas computed once at registration. */
  list(): readonly ToolDescriptor[];
  /**
   * Validates input, runs interceptors and the handler, validates output, and emits
   * `tool.execution.started` / `completed` / `failed`.
   * @throws {@link KernelError} `TOOL_UNKNOWN`, `TOOL_INPUT_INVALID`, `TOOL_OUTPUT_INVALID`,
   * `TOOL_EXECUTION_FAILED` or `TOOL_ABORTED` (or an interceptor's own error).
   */
  call<O = unknown>(name: string, input: unknown, options?: ToolCallOptions): Promise<ToolCallResult<O>>;
  /** Adds an interceptor around every call (first added is outermost); returns a remover. */
  intercept(interceptor: ToolInterceptor): Disposer;
  /** Listens for tools added or removed; returns a remover. */
  onChange(listener: (change: ToolRegistryChange) => void): Disposer;
}

/**
 * Options of {@link createToolRegistry}.
 * @public
 */
export interface CreateToolRegistryOptions {
  /** Where execution and change events go; the bus's registry must know the tool event contracts. */
  readonly events?: EventBus;
  /**
   * Clock for durations, in milliseconds.
   * @defaultValue `performance.now`
   */
  readonly now?: () => number;
}

interface RegisteredTool {
  readonly definition: ToolDefinition;
  readonly descriptor: ToolDescriptor;
}

/**
 * Creates an empty {@link ToolRegistry}.
 * @public
 */
export function createToolRegistry(options: CreateToolRegistryOptions = {}): ToolRegistry {
  return new KernelToolRegistry(options);
}

/** What every execution event of one call carries. */
interface CallEventBase {
  readonly tool: string;
  readonly callId: string;
  readonly caller: string;
}

const ignore = (): void => undefined;

/**
 * How one call can be cancelled. Only the caller's signal can abort a call, so one listener on
 * it both aborts the handler's signal and stops waiting for the handler (no listener on our own
 * signal per call). Without a caller signal nothing can abort the call: the handler's signal is
 * then made only when something reads it. Checked on a hot path.
 */
class ToolCallCancellation {
  readonly #tool: string;
  readonly #callerSignal: AbortSignal | undefined;
  #controller: AbortController | undefined;
  #onCallerAbort: (() => void) | undefined;
  #stopWaiting: ((error: KernelError) => void) | undefined;

  constructor(tool: string, callerSignal: AbortSignal | undefined) {
    this.#tool = tool;
    this.#callerSignal = callerSignal;
    if (callerSignal === undefined) return;
    this.#controller = new AbortController();
    if (callerSignal.aborted) this.#abort();
    else {
      this.#onCallerAbort = () => this.#abort();
      callerSignal.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
  }

  /** The handler's signal. */
  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#controller?.signal.aborted === true;
  }

  /** `work`, or `TOOL_ABORTED` as soon as the caller aborts. */
  until<T>(work: Promise<T>): Promise<T> {
    if (this.#callerSignal === undefined) return work;
    return new Promise<T>((resolve, reject) => {
      this.#stopWaiting = reject;
      work.then(resolve, reject);
    });
  }

  /** Stops listening to the caller's signal. */
  dispose(): void {
    if (this.#onCallerAbort !== undefined) this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }

  #abort(): void {
    const controller = this.#controller as AbortController;
    controller.abort(this.#callerSignal?.reason);
    this.#stopWaiting?.(abortError(this.#tool, controller.signal));
  }
}

/** The context a handler receives. */
class ToolCallContext implements ToolContext {
  readonly toolName: string;
  readonly correlationId: string;
  readonly caller: ToolCaller;
  readonly reportProgress: (progress: ToolProgress) => void;
  readonly log: (level: ToolLogLevel, data: unknown) => void;
  // Own properties only when the transport supports them, as `'sample' in context` tells.
  declare readonly sample?: NonNullable<ToolContext['sample']>;
  declare readonly elicit?: NonNullable<ToolContext['elicit']>;
  readonly #cancellation: ToolCallCancellation;

  constructor(toolName: string, correlationId: string, caller: ToolCaller, options: ToolCallOptions, cancellation: ToolCallCancellation) {
    this.toolName = toolName;
    this.correlationId = correlationId;
    this.caller = caller;
    const { onProgress, onLog } = options;
    this.reportProgress = onProgress === undefined ? ignore : (progress) => onProgress(progress);
    this.log = onLog === undefined ? ignore : (level, data) => onLog(level, data);
    if (options.sample !== undefined) this.sample = options.sample;
    if (options.elicit !== undefined) this.elicit = options.elicit;
    this.#cancellation = cancellation;
  }

  get signal(): AbortSignal {
    return this.#cancellation.signal;
  }
}

class KernelToolRegistry implements ToolRegistry {
  readonly #tools = new Map<string, RegisteredTool>();
  #descriptors: readonly ToolDescriptor[] | undefined;
  #interceptors: readonly ToolInterceptor[] = [];
  readonly #listeners = new Set<(change: ToolRegistryChange) => void>();
  readonly #events: EventBus | undefined;
  readonly #now: () => number;
  // Call ids are unique as event ids are (a random prefix per registry and a counter), and far
  // cheaper than a UUID per call.
  readonly #idPrefix = `${randomUUID()}-`;
  #calls = 0;

  constructor(options: CreateToolRegistryOptions) {
    this.#events = options.events;
    this.#now = options.now ?? (() => performance.now());
  }

  register(tool: ToolDefinition<z.ZodType, z.ZodType>): Disposer {
    if (this.#tools.has(tool.name)) {
      throw new KernelError(
        'TOOL_DUPLICATE',
        `A tool named "${tool.name}" is already registered; unregister it first or choose another name.`,
        { details: { tool: tool.name } },
      );
    }
    this.#tools.set(tool.name, { definition: tool as ToolDefinition, descriptor: describeTool(tool as ToolDefinition) });
    this.#changed({ added: [tool.name], removed: [] });
    return createDisposer(() => {
      if (this.#tools.get(tool.name)?.definition === tool) this.unregister(tool.name);
    });
  }

  unregister(name: string): boolean {
    const removed = this.#tools.delete(name);
    if (removed) this.#changed({ added: [], removed: [name] });
    return removed;
  }

  has(name: string): boolean {
    return this.#tools.has(name);
  }

  get(name: string): ToolDefinition | undefined {
    return this.#tools.get(name)?.definition;
  }

  list(): readonly ToolDescriptor[] {
    this.#descriptors ??= [...this.#tools.values()].map((t) => t.descriptor).sort((a, b) => a.name.localeCompare(b.name));
    return this.#descriptors;
  }

  intercept(interceptor: ToolInterceptor): Disposer {
    this.#interceptors = [...this.#interceptors, interceptor];
    return createDisposer(() => {
      this.#interceptors = this.#interceptors.filter((i) => i !== interceptor);
    });
  }

  onChange(listener: (change: ToolRegistryChange) => void): Disposer {
    this.#listeners.add(listener);
    return createDisposer(() => this.#listeners.delete(listener));
  }

  // Not async: the promise of the call itself is returned, one adoption fewer per call. The
  // catch keeps what `async` guaranteed: a caller never sees a synchronous throw (bad options).
  call<O>(name: string, input: unknown, options: ToolCallOptions = {}): Promise<ToolCallResult<O>> {
    try {
      const registered = this.#tools.get(name);
      if (registered === undefined) return Promise.reject(this.#unknown(name));
      const callId = this.#idPrefix + (++this.#calls).toString(36);
      const ambient = currentCorrelationId();
      // A call outside any correlation starts one, named after itself (one id fewer to generate).
      const correlationId = options.correlationId ?? ambient ?? callId;
      const execute = () => this.#execute<O>(registered.definition, input, options, correlationId, callId);
      // Joining the ambient correlation needs no new async context.
      return correlationId === ambient ? execute() : runWithCorrelationId(correlationId, execute);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #execute<O>(
    tool: ToolDefinition,
    input: unknown,
    options: ToolCallOptions,
    correlationId: string,
    callId: string,
  ): Promise<ToolCallResult<O>> {
    const started = this.#now();
    const caller = options.caller ?? { transport: 'in-process' };
    const base: CallEventBase = { tool: tool.name, callId, caller: caller.transport };
    const parsedInput = compiledSchema(tool.input).safeParse(input);
    if (!parsedInput.success) {
      const issues = toValidationIssues(parsedInput.error);
      const error = new KernelError('TOOL_INPUT_INVALID', `Invalid input for tool "${tool.name}": ${describeIssues(issues)}.`, {
        details: { tool: tool.name, issues },
      });
      throw this.#failed(base, started, error);
    }
    const cancellation = new ToolCallCancellation(tool.name, options.signal);
    const context = new ToolCallContext(tool.name, correlationId, caller, options, cancellation);
    const call: ToolCall = { tool, input: parsedInput.data, context };
    this.#openEvents()?.publish(toolExecutionStartedEvent, base);
    try {
      const result =
        this.#interceptors.length === 0
          ? await this.#runHandler(call, started, cancellation)
          : await this.#runInterceptors(call, 0, () => this.#runHandler(call, started, cancellation));
      this.#openEvents()?.publish(toolExecutionCompletedEvent, { ...base, durationMs: result.durationMs });
      return result as ToolCallResult<O>;
    } catch (thrown) {
      throw this.#failed(base, started, classify(tool.name, thrown, cancellation));
    } finally {
      cancellation.dispose();
    }
  }

  #runInterceptors(call: ToolCall, index: number, last: () => Promise<ToolCallResult>): Promise<ToolCallResult> {
    const interceptor = this.#interceptors[index];
    if (interceptor === undefined) return last();
    return interceptor.intercept(call, () => this.#runInterceptors(call, index + 1, last));
  }

  /** Runs the handler; settles early with `TOOL_ABORTED` when the caller aborts. */
  async #runHandler(call: ToolCall, started: number, cancellation: ToolCallCancellation): Promise<ToolCallResult> {
    const { tool, context } = call;
    if (cancellation.aborted) throw abortError(tool.name, cancellation.signal);
    let returned: unknown;
    try {
      returned = await cancellation.until(Promise.resolve().then(() => tool.handler(call.input, context)));
    } catch (thrown) {
      // Classified here, so interceptors see the kernel's error codes rather than raw handler errors.
      throw classify(tool.name, thrown, cancellation);
    }
    return this.#result(tool, returned, started);
  }

  /** Checks the handler's output against the tool's output schema and builds the result. */
  #result(tool: ToolDefinition, value: unknown, started: number): ToolCallResult {
    const rich = isToolResult(value);
    const structured = rich ? value.structured : value;
    const content = rich ? value.content : [];
    let output: unknown = structured;
    if (tool.output !== undefined && (structured !== undefined || !rich)) {
      const parsed = compiledSchema(tool.output).safeParse(structured);
      if (!parsed.success) {
        const issues = toValidationIssues(parsed.error);
        throw new KernelError(
          'TOOL_OUTPUT_INVALID',
          `Tool "${tool.name}" returned output that fails its output contract: ${describeIssues(issues)}.`,
          { details: { tool: tool.name, issues } },
        );
      }
      output = parsed.data;
    }
    const durationMs = this.#now() - started;
    return output === undefined ? { tool: tool.name, content, durationMs } : { tool: tool.name, content, durationMs, structured: output };
  }

  /** Publishes `tool.execution.failed` for `error` and returns it, to be thrown. */
  #failed(base: CallEventBase, started: number, error: CortexError): CortexError {
    this.#openEvents()?.publish(toolExecutionFailedEvent, {
      ...base,
      durationMs: this.#now() - started,
      code: error.code,
      message: error.message,
    });
    return error;
  }

  /** The bus, while it accepts events. */
  #openEvents(): EventBus | undefined {
    const events = this.#events;
    return events !== undefined && !events.closed ? events : undefined;
  }

  #changed(change: ToolRegistryChange): void {
    this.#descriptors = undefined;
    for (const listener of this.#listeners) listener(change);
    this.#openEvents()?.publish(toolsChangedEvent, { added: [...change.added], removed: [...change.removed] });
  }

  #unknown(name: string): KernelError {
    const suggestion = closestName(name, this.#tools.keys());
    return new KernelError('TOOL_UNKNOWN', `Unknown tool "${name}".${suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`}`, {
      details: { tool: name, ...(suggestion === undefined ? {} : { suggestion }) },
    });
  }
}

function abortError(tool: string, signal: AbortSignal): KernelError {
  const reason: unknown = signal.reason;
  return new KernelError('TOOL_ABORTED', `Tool "${tool}" was cancelled${reason instanceof Error ? `: ${reason.message}` : ''}.`, {
    details: { tool },
    cause: reason,
  });
}

function classify(tool: string, thrown: unknown, cancellation: ToolCallCancellation): CortexError {
  if (CortexError.is(thrown)) return thrown;
  if (cancellation.aborted) return abortError(tool, cancellation.signal);
  const error = toError(thrown);
  return new KernelError('TOOL_EXECUTION_FAILED', `Tool "${tool}" failed: ${error.message}`, { details: { tool }, cause: error });
}
