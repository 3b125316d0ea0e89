import type { ChatMessage, ModelResponseFormat } from '@cortex-os/kernel/router';

/**
 * Structured output without a constraint: mlx-lm has no grammar-constrained decoding (and
 * mlx_lm.server reads no `response_format`), so the schema is asked for in the system message.
 * Callers check the reply with `parseStructuredOutput`. Both modes use it.
 */
export function withFormatInstruction(messages: readonly ChatMessage[], format: ModelResponseFormat | undefined): readonly ChatMessage[] {
  if (format === undefined) return messages;
  const about = format.description === undefined ? '' : ` (${format.description})`;
  const instruction = `Reply with only a JSON value, without prose or code fences, that matches the JSON Schema "${format.name}"${about}: ${JSON.stringify(format.schema)}`;
  const [first, ...rest] = messages;
  // Many templates accept one system message, and only first.
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content}\n\n${instruction}` }, ...rest];
  return [{ role: 'system', content: instruction }, ...messages];
}
