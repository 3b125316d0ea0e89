import type { z } from 'zod';
import { KernelError, type ContractValidationIssue, type ToolDefinition } from '@cortex-os/kernel';
import { describeIssues, toValidationIssues } from '../contracts/ContractValidationIssue.js';

/**
 * A tool call in a model's reply, as the model made it.
 *
 * @remarks
 * `arguments` stays the model's JSON text: backends send it as text (OpenAI) or as an object
 * (Ollama, which providers serialise), and text is what a streamed call is assembled from and
 * what goes back to the model in the conversation's history, unchanged.
 * @public
 */
export interface ModelToolCall {
  /** The call's id; the `tool` message carrying its result names it in `toolCallId`. */
  readonly id: string;
  /** Name of the tool the model called. */
  readonly name: string;
  /** The arguments as JSON text, unchecked; {@link parseModelToolCall} parses and validates them. */
  readonly arguments: string;
}

/**
 * A model's tool call whose arguments were parsed and validated against the tool's input schema.
 * @public
 */
export interface ParsedModelToolCall<T extends ToolDefinition = ToolDefinition> {
  /** The call's id, for the `tool` message that answers it. */
  readonly id: string;
  /** The tool the model called. */
  readonly tool: T;
  /** The arguments as the model sent them, parsed from JSON (what `tools.call` takes). */
  readonly arguments: unknown;
  /** The arguments after the tool's input schema (defaults and transforms applied). */
  readonly input: z.output<T['input']>;
}

function invalidCall(call: ModelToolCall, reason: string, details: Readonly<Record<string, unknown>>, cause?: unknown): KernelError {
  return new KernelError('PROVIDER_TOOL_CALL_INVALID', `The model's call "${call.id}" of tool "${call.name}" is invalid: ${reason}.`, {
    details: { tool: call.name, toolCallId: call.id, ...details, retryable: false },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Parses a model's tool call and validates its arguments against the offered tool's input schema.
 *
 * @remarks
 * A model can name a tool it was not offered, send text that is not JSON, or send arguments that
 * break the schema; each throws one error whose message the agent can hand back to the model
 * (in a `tool` message) so it can correct itself.
 * @throws {@link KernelError} `PROVIDER_TOOL_CALL_INVALID` naming the tool, with `details.issues`
 * (each field's path and problem), or `details.offered` when the tool was not offered.
 * @example
 * ```ts
 * for (const call of reply.toolCalls ?? []) {
 *   const { tool, input } = parseModelToolCall(call, [weather]);
 * }
 * ```
 * @public
 */
export function parseModelToolCall<T extends ToolDefinition>(call: ModelToolCall, tools: readonly T[]): ParsedModelToolCall<T> {
  const tool = tools.find((candidate) => candidate.name === call.name);
  if (tool === undefined) {
    const offered = tools.map((candidate) => candidate.name);
    throw invalidCall(call, `no such tool was offered (offered: ${offered.join(', ') || 'none'})`, { offered });
  }
  let parsedArguments: unknown;
  try {
    // Some backends send no arguments at all for a tool without parameters.
    parsedArguments = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch (error) {
    const issues: ContractValidationIssue[] = [{ path: '', message: 'the arguments are not valid JSON', code: 'invalid_json' }];
    throw invalidCall(call, 'its arguments are not valid JSON', { issues, arguments: call.arguments }, error);
  }
  const result = tool.input.safeParse(parsedArguments);
  if (!result.success) {
    const issues = toValidationIssues(result.error);
    throw invalidCall(call, describeIssues(issues), { issues, arguments: call.arguments });
  }
  return { id: call.id, tool, arguments: parsedArguments, input: result.data as z.output<T['input']> };
}
