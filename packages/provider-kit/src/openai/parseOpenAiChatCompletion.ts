import type { GenerateResult, ModelFinishReason, ModelToolCall, ModelUsage } from '@cortex-os/kernel/router';

/** `usage` of a completion or of a stream's last chunk. */
export interface OpenAiWireUsage {
  readonly prompt_tokens?: unknown;
  readonly completion_tokens?: unknown;
}

/** Finish reasons outside OpenAI's four that compatible servers send, in the kernel's words. */
const finishAliases: Readonly<Record<string, ModelFinishReason>> = {
  // The legacy function-calling name, still sent by some servers.
  function_call: 'tool_calls',
  // Anthropic- and Gemini-style names that some gateways pass through.
  max_tokens: 'length',
  tool_use: 'tool_calls',
  safety: 'content_filter',
};

/**
 * A wire finish reason in the kernel's words. OpenAI's own four map to themselves and a few
 * aliases to theirs. Anything else (`eos`, `abort`, none) reads as `tool_calls` when the reply
 * called tools and `stop` otherwise; so does `stop` with tool calls, which OpenAI sends when a
 * named `tool_choice` forced the call, since the caller must run the tools either way.
 */
export function toModelFinishReason(raw: unknown, calledTools: boolean): ModelFinishReason {
  if (raw === 'length' || raw === 'content_filter' || raw === 'tool_calls') return raw;
  const alias = typeof raw === 'string' ? finishAliases[raw] : undefined;
  if (alias !== undefined) return alias;
  return calledTools ? 'tool_calls' : 'stop';
}

/** `usage` in the kernel's words, or `undefined` when the server reported none. */
export function toModelUsage(usage: OpenAiWireUsage | null | undefined): ModelUsage | undefined {
  if (usage === null || typeof usage !== 'object') return undefined;
  const { prompt_tokens: inputTokens, completion_tokens: outputTokens } = usage;
  return {
    ...(typeof inputTokens === 'number' ? { inputTokens } : {}),
    ...(typeof outputTokens === 'number' ? { outputTokens } : {}),
  };
}

/** Arguments as JSON text: servers that send an object (as Ollama does natively) are serialised. */
export function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `message.tool_calls`, or a problem; a call without an id gets `call_<index>`, as ADR 0017 asks of providers. */
function toolCallsOf(raw: unknown): ModelToolCall[] | string {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return 'expected `choices[0].message.tool_calls` to be an array';
  const calls: ModelToolCall[] = [];
  for (const [index, entry] of raw.entries()) {
    const fn = isRecord(entry) ? entry['function'] : undefined;
    const name = isRecord(fn) ? fn['name'] : undefined;
    if (!isRecord(fn) || typeof name !== 'string' || name === '') return `tool call ${index} has no \`function.name\``;
    const id = isRecord(entry) && typeof entry['id'] === 'string' && entry['id'] !== '' ? entry['id'] : `call_${index}`;
    calls.push({ id, name, arguments: argumentsText(fn['arguments']) });
  }
  return calls;
}

/**
 * A non-streamed chat completion in the kernel's words: the text (or the model's refusal), the
 * tool calls with their arguments as the model wrote them, the finish reason and usage; or, when
 * the body is not a completion, a sentence saying what is wrong.
 */
export function parseOpenAiChatCompletion(body: unknown, requestedModel: string): GenerateResult | string {
  const choices = isRecord(body) ? body['choices'] : undefined;
  const choice: unknown = Array.isArray(choices) ? choices[0] : undefined;
  const message = isRecord(choice) ? choice['message'] : undefined;
  if (!isRecord(choice) || !isRecord(message)) return 'expected `choices[0].message` to be an object';
  const { content, refusal } = message;
  if (content !== undefined && content !== null && typeof content !== 'string') {
    return 'expected `choices[0].message.content` to be a string or null';
  }
  const toolCalls = toolCallsOf(message['tool_calls']);
  if (typeof toolCalls === 'string') return toolCalls;
  // A strict model that refuses answers `refusal` instead of content; the caller sees why.
  const text = typeof content === 'string' ? content : typeof refusal === 'string' ? refusal : '';
  const usage = toModelUsage(isRecord(body) ? (body['usage'] as OpenAiWireUsage | null | undefined) : undefined);
  const model = isRecord(body) && typeof body['model'] === 'string' ? body['model'] : requestedModel;
  return {
    model,
    text,
    finishReason: toModelFinishReason(choice['finish_reason'], toolCalls.length > 0),
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(usage === undefined ? {} : { usage }),
  };
}
