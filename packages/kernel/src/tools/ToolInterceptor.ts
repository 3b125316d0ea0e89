import type { ToolContext } from './ToolContext.js';
import type { ToolDefinition } from './ToolDefinition.js';
import type { ToolContent } from './ToolContent.js';

/**
 * The outcome of a successful tool call.
 * @public
 */
export interface ToolCallResult<O = unknown> {
  /** Name of the tool that was called. */
  readonly tool: string;
  /** The structured output, validated when the tool has an output schema. */
  readonly structured?: O;
  /** Text, images, audio or resource links the tool returned; empty when it returned only structured output. */
  readonly content: readonly ToolContent[];
  /** Time from the start of the call to the handler's validated result, in milliseconds. */
  readonly durationMs: number;
}

/**
 * A call as interceptors see it: the tool, its validated input and the handler context.
 * @public
 */
export interface ToolCall {
  /** The tool being called. */
  readonly tool: ToolDefinition;
  /** The input, already validated against the tool's input schema. */
  readonly input: unknown;
  /** The context the handler receives. */
  readonly context: ToolContext;
}

/**
 * Wraps every tool call (metrics, tracing, resilience). Call `next()` exactly once to proceed.
 * @public
 */
export interface ToolInterceptor {
  /** Name of the interceptor, for logs and errors. */
  readonly name: string;
  /** Wraps one call; call `next()` exactly once to run the inner interceptors and the handler. */
  intercept(call: ToolCall, next: () => Promise<ToolCallResult>): Promise<ToolCallResult>;
}

/**
 * Hooks of {@link createToolInterceptor}.
 * @public
 */
export interface CreateToolInterceptorOptions {
  /** Name of the interceptor, for logs and errors. */
  readonly name: string;
  /** Runs before the call proceeds; throwing stops the call. */
  before?(call: ToolCall): void | Promise<void>;
  /** Runs after a successful call, with its result. */
  after?(call: ToolCall, result: ToolCallResult): void | Promise<void>;
  /** Runs when the call fails; the error is rethrown afterwards. */
  error?(call: ToolCall, error: unknown): void | Promise<void>;
}

/**
 * Builds an interceptor from before/after/error hooks; the error is rethrown after `error` runs.
 * @public
 */
export function createToolInterceptor(options: CreateToolInterceptorOptions): ToolInterceptor {
  return {
    name: options.name,
    async intercept(call, next) {
      await options.before?.(call);
      let result: ToolCallResult;
      try {
        result = await next();
      } catch (error) {
        await options.error?.(call, error);
        throw error;
      }
      await options.after?.(call, result);
      return result;
    },
  };
}
