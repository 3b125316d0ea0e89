import { KernelError } from '@cortex-os/kernel';
import type { GenerateResult, ModelFinishReason, ModelToolCall } from '@cortex-os/kernel/router';

// MCP's stop reasons; any other string (the protocol allows them) reads as a plain stop.
const finishReasons: Readonly<Record<string, ModelFinishReason>> = {
  endTurn: 'stop',
  stopSequence: 'stop',
  maxTokens: 'length',
  toolUse: 'tool_calls',
};

/**
 * Reads a client's `sampling/createMessage` answer (one block or, with tools, an array): text
 * blocks join into the text, `tool_use` blocks become tool calls with JSON-text arguments.
 * @throws `PROVIDER_REQUEST_FAILED` when the answer is not a sampling result.
 */
export function fromSamplingResult(provider: string, raw: unknown): GenerateResult {
  const result = (typeof raw === 'object' && raw !== null ? raw : {}) as { content?: unknown; model?: unknown; stopReason?: unknown };
  const blocks = Array.isArray(result.content) ? (result.content as unknown[]) : [result.content];
  if (typeof result.model !== 'string' || blocks.some((block) => !isBlock(block))) {
    throw new KernelError(
      'PROVIDER_REQUEST_FAILED',
      `Model provider "${provider}" failed: the MCP client's sampling answer is malformed.`,
      {
        details: { provider, reason: 'malformed-sampling-result' },
      },
    );
  }
  let text = '';
  const toolCalls: ModelToolCall[] = [];
  for (const block of blocks as { type: string; text?: unknown; id?: unknown; name?: unknown; input?: unknown }[]) {
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    if (block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
      toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
    }
  }
  const stated = typeof result.stopReason === 'string' ? finishReasons[result.stopReason] : undefined;
  // ADR 0017: a reply with calls finishes with `tool_calls`, whatever (or whether) the client said,
  // unless it was cut off by maxTokens.
  const finishReason = stated === 'length' ? 'length' : toolCalls.length > 0 ? 'tool_calls' : (stated ?? 'stop');
  return { model: result.model, text, finishReason, ...(toolCalls.length === 0 ? {} : { toolCalls }) };
}

function isBlock(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
