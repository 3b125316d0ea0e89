import { z } from 'zod';
import type { ChatMessage, GenerateOptions, GenerateResult, ModelFinishReason, ModelToolCall, ModelUsage } from '@cortex-os/kernel/router';
import { MlxError } from '../errors/MlxError.js';
import { withFormatInstruction } from './withFormatInstruction.js';

// The worker's `generate` op, both ways. Keep in sync with python/cortex_mlx_worker.py and
// python/cortex_mlx_chat_template.py, which turn these shapes into what chat templates read.

const workerToolCallSchema = z.object({ id: z.string().min(1), name: z.string().min(1), arguments: z.string() });

/** A `tool_call` message's payload: one call, complete, with its position in the reply. */
const workerStreamedToolCallSchema = workerToolCallSchema.extend({ index: z.int().nonnegative() });

const tokenCount = z.int().nonnegative().nullish();

/** A `generate` result. `tool_calls` is absent from worker scripts older than tool calling. */
const workerGenerateResultSchema = z.object({
  model: z.string(),
  text: z.string(),
  finish_reason: z.string(),
  tool_calls: z.array(workerToolCallSchema).optional(),
  prompt_tokens: tokenCount,
  generation_tokens: tokenCount,
});

/** A tool call the worker parsed and streamed. */
export type WorkerStreamedToolCall = z.infer<typeof workerStreamedToolCallSchema>;

function invalid(what: string, error: z.ZodError, value: unknown): MlxError {
  const issues = error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
  return new MlxError('MLX_PROTOCOL_ERROR', `The MLX worker answered "generate" with a malformed ${what}: ${issues}.`, {
    details: { received: JSON.stringify(value)?.slice(0, 200) },
  });
}

/** The `generate` request's fields (without `id` and `op`). */
export function toWorkerGenerateParams(
  model: string,
  messages: readonly ChatMessage[],
  options: GenerateOptions,
  stream: boolean,
): Record<string, unknown> {
  const tools = options.tools ?? [];
  return {
    model,
    // The kernel's message shapes go as they are: the worker converts them for the chat template.
    messages: withFormatInstruction(messages, options.responseFormat),
    stream,
    ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
    ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
    ...(tools.length === 0 ? {} : { tools, tool_choice: options.toolChoice ?? 'auto' }),
  };
}

function finishReasonOf(reason: string, toolCalls: readonly ModelToolCall[]): ModelFinishReason {
  if (toolCalls.length > 0) return 'tool_calls';
  return reason === 'length' ? 'length' : 'stop';
}

/**
 * Reads a `generate` result.
 * @throws {@link MlxError} `MLX_PROTOCOL_ERROR` when it does not have the protocol's shape.
 */
export function toGenerateResult(value: unknown): GenerateResult {
  const parsed = workerGenerateResultSchema.safeParse(value);
  if (!parsed.success) throw invalid('result', parsed.error, value);
  const result = parsed.data;
  const toolCalls = (result.tool_calls ?? []).map(({ id, name, arguments: args }): ModelToolCall => ({ id, name, arguments: args }));
  const usage: ModelUsage = {
    ...(typeof result.prompt_tokens === 'number' ? { inputTokens: result.prompt_tokens } : {}),
    ...(typeof result.generation_tokens === 'number' ? { outputTokens: result.generation_tokens } : {}),
  };
  return {
    model: result.model,
    text: result.text,
    finishReason: finishReasonOf(result.finish_reason, toolCalls),
    usage,
    ...(toolCalls.length === 0 ? {} : { toolCalls }),
  };
}

/**
 * Reads a `tool_call` message's payload.
 * @throws {@link MlxError} `MLX_PROTOCOL_ERROR` when it does not have the protocol's shape.
 */
export function toStreamedToolCall(value: unknown): WorkerStreamedToolCall {
  const parsed = workerStreamedToolCallSchema.safeParse(value);
  if (!parsed.success) throw invalid('tool call', parsed.error, value);
  return parsed.data;
}
