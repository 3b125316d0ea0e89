import type { ModelStreamFinish, ModelStreamPart, ModelTextDelta, ModelToolCallDelta } from '@cortex-os/kernel/router';
import { argumentsText, type OpenAiWireUsage, toModelFinishReason, toModelUsage } from './parseOpenAiChatCompletion.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Turns the chunks of a streamed chat completion (`chat.completion.chunk` objects, parsed) into
 * {@link ModelStreamPart}s, and remembers what the end needs: the model, the finish reason and the
 * usage of `stream_options.include_usage`'s last chunk (which has no choices and follows the finish
 * reason).
 *
 * @remarks
 * Each `delta.tool_calls[]` entry becomes one `tool-call-delta` with its `index`, so pieces of
 * several calls may interleave; `collectModelStream` joins them by index. Servers that leave out
 * the index are read by position, and a call whose first piece has no id gets `call_<index>`.
 */
export class OpenAiChatStreamDecoder {
  /** The model the chunks name, or the requested one until they name it. */
  model: string;
  #finish: unknown;
  #sawFinish = false;
  #usage: OpenAiWireUsage | undefined;
  #textLength = 0;
  readonly #started = new Set<number>();

  constructor(requestedModel: string) {
    this.model = requestedModel;
  }

  /** True once a chunk carried a finish reason: a stream cut after it lost nothing but `[DONE]`. */
  get finished(): boolean {
    return this.#sawFinish;
  }

  /** Characters of text received so far, for error messages. */
  get textLength(): number {
    return this.#textLength;
  }

  /** The parts one chunk carries, in order: its text, then its tool-call pieces. */
  decode(chunk: Readonly<Record<string, unknown>>): ModelStreamPart[] {
    if (typeof chunk['model'] === 'string' && chunk['model'] !== '') this.model = chunk['model'];
    if (isRecord(chunk['usage'])) this.#usage = chunk['usage'];
    const choices = chunk['choices'];
    const choice: unknown = Array.isArray(choices) ? choices[0] : undefined;
    if (!isRecord(choice)) return [];
    const parts: ModelStreamPart[] = [];
    const delta = isRecord(choice['delta']) ? choice['delta'] : {};
    const text = nonEmptyString(delta['content']);
    if (text !== undefined) {
      this.#textLength += text.length;
      parts.push({ type: 'text-delta', text } satisfies ModelTextDelta);
    }
    if (Array.isArray(delta['tool_calls'])) {
      for (const [position, entry] of delta['tool_calls'].entries()) parts.push(this.#toolCallDelta(entry, position));
    }
    if (choice['finish_reason'] !== undefined && choice['finish_reason'] !== null) {
      this.#finish = choice['finish_reason'];
      this.#sawFinish = true;
    }
    return parts;
  }

  /** The closing part: the finish reason in the kernel's words and the usage, when reported. */
  end(): ModelStreamFinish {
    const finishReason = toModelFinishReason(this.#finish, this.#started.size > 0);
    const usage = toModelUsage(this.#usage);
    return usage === undefined ? { type: 'finish', finishReason } : { type: 'finish', finishReason, usage };
  }

  #toolCallDelta(entry: unknown, position: number): ModelToolCallDelta {
    const call = isRecord(entry) ? entry : {};
    const index = typeof call['index'] === 'number' && Number.isInteger(call['index']) ? call['index'] : position;
    const fn = isRecord(call['function']) ? call['function'] : {};
    const first = !this.#started.has(index);
    this.#started.add(index);
    const id = nonEmptyString(call['id']) ?? (first ? `call_${index}` : undefined);
    const name = nonEmptyString(fn['name']);
    return {
      type: 'tool-call-delta',
      index,
      ...(id === undefined ? {} : { id }),
      ...(name === undefined ? {} : { name }),
      argumentsDelta: argumentsText(fn['arguments']),
    };
  }
}
