import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { describeIssues, toValidationIssues } from '../contracts/ContractValidationIssue.js';
import { CortexError, toError } from '../errors/CortexError.js';
import { KernelError } from '../errors/KernelError.js';
import type { EventBus } from '../events/EventBus.js';
import { currentCorrelationId, runWithCorrelationId } from '../logging/correlation.js';
import { closestName } from './closestName.js';
import { isToolResult } from './ToolContent.js';
import type { ToolCaller, ToolCallerCapabilities, ToolContext, ToolLogLevel, ToolProgress } from './ToolContext.js';
import type { ToolAnnotations, ToolDefinition } from './ToolDefinition.js';
import { toolExecutionCompletedEvent, toolExecutionFailedEvent, toolExecutionStartedEvent, toolsChangedEvent } from './toolEvents.js';
import type { ToolCall, ToolCallResult, ToolInterceptor } from './ToolInterceptor.js';

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
  register(tool: ToolDefinition<z.ZodType, z.ZodType>): () => void;
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
  intercept(interceptor: ToolInterceptor): () => void;
  /** Listens for tools added or removed; returns a remover. */
  onChange(listener: (change: ToolRegistryChange) => void): () => void;
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
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: #12 (kernel seams §5) turns this closure factory into a class
export function createToolRegistry(options: CreateToolRegistryOptions = {}): ToolRegistry {
  const tools = new Map<string, RegisteredTool>();
  let descriptors: readonly ToolDescriptor[] | undefined;
  let interceptors: readonly ToolInterceptor[] = [];
  const listeners = new Set<(change: ToolRegistryChange) => void>();
  const events = options.events;
  const now = options.now ?? (() => performance.now());

  const changed = (change: ToolRegistryChange): void => {
    descriptors = undefined;
    for (const listener of listeners) listener(change);
    if (events !== undefined && !events.closed)
      events.publish(toolsChangedEvent, { added: [...change.added], removed: [...change.removed] });
  };

  const publish = (emit: () => void): void => {
    if (events !== undefined && !events.closed) emit();
  };

  const registry: ToolRegistry = {
    register(tool) {
      if (tools.has(tool.name)) {
        throw new KernelError(
          'TOOL_DUPLICATE',
          `A tool named "${tool.name}" is already registered; unregister it first or choose another name.`,
          { details: { tool: tool.name } },
        );
      }
      tools.set(tool.name, { definition: tool as ToolDefinition, descriptor: describe(tool as ToolDefinition) });
      changed({ added: [tool.name], removed: [] });
      return () => {
        if (tools.get(tool.name)?.definition === tool) registry.unregister(tool.name);
      };
    },
    unregister(name) {
      const removed = tools.delete(name);
      if (removed) changed({ added: [], removed: [name] });
      return removed;
    },
    has: (name) => tools.has(name),
    get: (name) => tools.get(name)?.definition,
    list() {
      descriptors ??= [...tools.values()].map((t) => t.descriptor).sort((a, b) => a.name.localeCompare(b.name));
      return descriptors;
    },
    intercept(interceptor) {
      interceptors = [...interceptors, interceptor];
      return () => {
        interceptors = interceptors.filter((i) => i !== interceptor);
      };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async call<O>(name: string, input: unknown, callOptions: ToolCallOptions = {}): Promise<ToolCallResult<O>> {
      const registered = tools.get(name);
      if (registered === undefined) {
        const suggestion = closestName(name, tools.keys());
        throw new KernelError(
          'TOOL_UNKNOWN',
          `Unknown tool "${name}".${suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`}`,
          {
            details: { tool: name, ...(suggestion === undefined ? {} : { suggestion }) },
          },
        );
      }
      const callId = randomUUID();
      // A call outside any correlation starts one, named after itself (one id fewer to generate).
      const correlationId = callOptions.correlationId ?? currentCorrelationId() ?? callId;
      return runWithCorrelationId(correlationId, () => execute<O>(registered.definition, input, callOptions, correlationId, callId));
    },
  };

  async function execute<O>(
    tool: ToolDefinition,
    input: unknown,
    callOptions: ToolCallOptions,
    correlationId: string,
    callId: string,
  ): Promise<ToolCallResult<O>> {
    const started = now();
    const caller = callOptions.caller ?? { transport: 'in-process' };
    const base = { tool: tool.name, callId, caller: caller.transport };
    const fail = (error: CortexError): never => {
      publish(() =>
        events?.publish(toolExecutionFailedEvent, { ...base, durationMs: now() - started, code: error.code, message: error.message }),
      );
      throw error;
    };

    const parsedInput = tool.input.safeParse(input);
    if (!parsedInput.success) {
      const issues = toValidationIssues(parsedInput.error);
      return fail(
        new KernelError('TOOL_INPUT_INVALID', `Invalid input for tool "${tool.name}": ${describeIssues(issues)}.`, {
          details: { tool: tool.name, issues },
        }),
      );
    }

    // Only the caller's signal can abort a call, so one listener on it both aborts the handler's
    // signal and stops waiting for the handler (no listener on our own signal per call).
    const controller = new AbortController();
    const callerSignal = callOptions.signal;
    let stopWaiting: ((error: KernelError) => void) | undefined;
    const onCallerAbort = (): void => {
      controller.abort(callerSignal?.reason);
      stopWaiting?.(abortError(tool.name, controller.signal));
    };
    if (callerSignal?.aborted) onCallerAbort();
    else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const untilAborted =
      callerSignal === undefined
        ? <T>(work: Promise<T>): Promise<T> => work
        : <T>(work: Promise<T>): Promise<T> =>
            new Promise<T>((resolve, reject) => {
              stopWaiting = reject;
              work.then(resolve, reject);
            });

    const context: ToolContext = {
      toolName: tool.name,
      signal: controller.signal,
      correlationId,
      caller,
      reportProgress: (progress) => callOptions.onProgress?.(progress),
      log: (level, data) => callOptions.onLog?.(level, data),
      ...(callOptions.sample === undefined ? {} : { sample: callOptions.sample }),
      ...(callOptions.elicit === undefined ? {} : { elicit: callOptions.elicit }),
    };
    const call: ToolCall = { tool, input: parsedInput.data, context };
    publish(() => events?.publish(toolExecutionStartedEvent, base));

    try {
      const result = await runInterceptors(call, 0, () => runHandler(call, started, untilAborted));
      publish(() => events?.publish(toolExecutionCompletedEvent, { ...base, durationMs: result.durationMs }));
      return result as ToolCallResult<O>;
    } catch (thrown) {
      return fail(classify(tool.name, thrown, controller.signal));
    } finally {
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  function runInterceptors(call: ToolCall, index: number, last: () => Promise<ToolCallResult>): Promise<ToolCallResult> {
    const interceptor = interceptors[index];
    if (interceptor === undefined) return last();
    return interceptor.intercept(call, () => runInterceptors(call, index + 1, last));
  }

  /** Runs the handler; `untilAborted` settles early with `TOOL_ABORTED` when the caller aborts. */
  async function runHandler(call: ToolCall, started: number, untilAborted: <T>(work: Promise<T>) => Promise<T>): Promise<ToolCallResult> {
    const { tool, context } = call;
    if (context.signal.aborted) throw abortError(tool.name, context.signal);
    let returned: unknown;
    try {
      returned = await untilAborted(Promise.resolve().then(() => tool.handler(call.input, context)));
    } catch (thrown) {
      // Classified here, so interceptors see the kernel's error codes rather than raw handler errors.
      throw classify(tool.name, thrown, context.signal);
    }
    const value = returned;
    const rich = isToolResult(value);
    const structured = rich ? value.structured : value;
    const content = rich ? value.content : [];
    let output: unknown = structured;
    if (tool.output !== undefined && (structured !== undefined || !rich)) {
      const parsed = tool.output.safeParse(structured);
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
    return { tool: tool.name, content, durationMs: now() - started, ...(output === undefined ? {} : { structured: output }) };
  }

  return registry;
}

function describe(tool: ToolDefinition): ToolDescriptor {
  return Object.freeze({
    name: tool.name,
    description: tool.description,
    inputSchema: z.toJSONSchema(tool.input, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }),
    ...(tool.output === undefined
      ? {}
      : { outputSchema: z.toJSONSchema(tool.output, { target: 'draft-2020-12', unrepresentable: 'any', io: 'output' }) }),
    ...(tool.annotations === undefined ? {} : { annotations: tool.annotations }),
  });
}

function abortError(tool: string, signal: AbortSignal): KernelError {
  const reason: unknown = signal.reason;
  return new KernelError('TOOL_ABORTED', `Tool "${tool}" was cancelled${reason instanceof Error ? `: ${reason.message}` : ''}.`, {
    details: { tool },
    cause: reason,
  });
}

function classify(tool: string, thrown: unknown, signal: AbortSignal): CortexError {
  if (CortexError.is(thrown)) return thrown;
  if (signal.aborted) return abortError(tool, signal);
  const error = toError(thrown);
  return new KernelError('TOOL_EXECUTION_FAILED', `Tool "${tool}" failed: ${error.message}`, { details: { tool }, cause: error });
}
