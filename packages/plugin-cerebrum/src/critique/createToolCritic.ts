import type { ToolCallOptions, ToolRegistry } from '@cortex-os/kernel';
import { stepErrorCode } from '../plan/stepErrorCode.js';
import type { Critic, Critique, CritiqueRequest } from './Critic.js';

/**
 * Options of {@link createToolCritic}.
 * @public
 */
export interface ToolCriticOptions {
  /** The registered tool that runs the check (a test command, a linter, a validator service). */
  readonly tool: string;
  /** The tool's input for the answer being judged. */
  readonly input: (request: CritiqueRequest) => unknown;
  /**
   * Reads the tool's result (its structured output, else its content): what is wrong, or
   * `undefined` when the answer passes. Default: any result that is not an error passes.
   */
  readonly judge?: (result: unknown) => string | undefined;
  /** Passed to each call (caller, correlation id); the request's signal is added. */
  readonly call?: ToolCallOptions;
}

/**
 * A deterministic critic that runs a command through a tool of the runtime: each critique is one
 * real call through the registry (interceptors, approval and tool events apply), judged by
 * `judge`. Satisfied (score 1) when the call succeeds and the judge finds nothing; otherwise
 * score 0 with one feedback line — the judge's reason, or `failed with <code>` when the call
 * throws (the error's code only, never its raw message).
 * @public
 */
export function createToolCritic(tools: Pick<ToolRegistry, 'call'>, options: ToolCriticOptions): Critic {
  const judge = options.judge ?? (() => undefined);
  return {
    async critique(request: CritiqueRequest): Promise<Critique> {
      let problem: string | undefined;
      try {
        const result = await tools.call(options.tool, options.input(request), {
          ...options.call,
          ...(request.signal === undefined ? {} : { signal: request.signal }),
        });
        problem = judge(result.structured ?? result.content);
      } catch (error) {
        request.signal?.throwIfAborted();
        problem = `failed with ${stepErrorCode(error)}`;
      }
      return problem === undefined
        ? { score: 1, satisfied: true, feedback: [] }
        : { score: 0, satisfied: false, feedback: [`${options.tool}: ${problem}`] };
    },
  };
}
