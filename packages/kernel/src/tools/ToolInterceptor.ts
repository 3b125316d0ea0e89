import type { ToolContext } from './ToolContext.js';
import type { ToolDefinition } from './ToolDefinition.js';
import type { ToolContent } from './ToolContent.js';

/**
 * The outcome of a successful tool call.
 * @public
 */
export interface ToolCallResult<O = unknown> {
  readonly tool: string;
  readonly structured?: O;
  readonly content: readonly ToolContent[];
  readonly durationMs: number;
}

/**
 * A call as interceptors see it: the tool, its validated input and the handler context.
 * @public
 */
export interface ToolCall {
  readonly tool: ToolDefinition;
  readonly input: unknown;
  readonly context: ToolContext;
}

/**
 * Wraps every tool call (metrics, tracing, resilience). Call `next()` exactly once to proceed.
 * @public
 */
export interface ToolInterceptor {
  readonly name: string;
  intercept(call: ToolCall, next: () => Promise<ToolCallResult>): Promise<ToolCallResult>;
}

/**
 * Hooks of {@link createToolInterceptor}.
 * @public
 */
export interface CreateToolInterceptorOptions {
  readonly name: string;
  before?(call: ToolCall): void | Promise<void>;
  after?(call: ToolCall, result: ToolCallResult): void | Promise<void>;
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
