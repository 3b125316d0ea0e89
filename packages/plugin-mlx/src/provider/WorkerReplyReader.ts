import type { GenerateResult, ModelStreamPart, ModelToolCall } from '@cortex-os/kernel/router';
import { MlxError } from '../errors/MlxError.js';
import { toGenerateResult, toStreamedToolCall } from './workerGeneration.js';

function callPart(index: number, call: ModelToolCall): ModelStreamPart {
  // The worker parses a call only once its end marker arrived: one piece carries all of it.
  return { type: 'tool-call-delta', index, id: call.id, name: call.name, argumentsDelta: call.arguments };
}

function sameCall(a: ModelToolCall, b: ModelToolCall | undefined): boolean {
  return b !== undefined && a.id === b.id && a.name === b.name && a.arguments === b.arguments;
}

/**
 * Turns the messages of one streamed `generate` request into stream parts: `token` messages into
 * text deltas, `tool_call` messages into tool-call deltas, the result into the `finish` part.
 *
 * @remarks
 * The worker streams only text outside tool-call markers, so no part ever shows half a call.
 * Calls must arrive in order; the result's calls are checked against the streamed ones, and
 * calls only the result carries (a worker that streamed none) are sent before `finish`.
 */
export class WorkerReplyReader {
  readonly #calls: ModelToolCall[] = [];

  /** A `token` message. */
  token(text: string): ModelStreamPart[] {
    return text === '' ? [] : [{ type: 'text-delta', text }];
  }

  /**
   * A `tool_call` message.
   * @throws {@link MlxError} `MLX_PROTOCOL_ERROR` for a malformed payload or a call out of order.
   */
  toolCall(value: unknown): ModelStreamPart[] {
    const { index, id, name, arguments: args } = toStreamedToolCall(value);
    if (index !== this.#calls.length)
      throw new MlxError('MLX_PROTOCOL_ERROR', `The MLX worker streamed tool call ${index} where call ${this.#calls.length} was due.`);
    const call = { id, name, arguments: args };
    this.#calls.push(call);
    return [callPart(index, call)];
  }

  /**
   * The `generate` result: the reply as `generate` returns it, and the last parts of the stream.
   * @throws {@link MlxError} `MLX_PROTOCOL_ERROR` for a malformed result, or one whose calls differ from those streamed.
   */
  finish(value: unknown): { readonly result: GenerateResult; readonly parts: ModelStreamPart[] } {
    const result = toGenerateResult(value);
    const calls = result.toolCalls ?? [];
    const streamed = this.#calls;
    const differs = streamed.length > calls.length || streamed.some((call, i) => !sameCall(call, calls[i]));
    if (differs)
      throw new MlxError('MLX_PROTOCOL_ERROR', 'The MLX worker ended "generate" with tool calls other than those it streamed.', {
        details: { streamed: streamed.length, result: calls.length },
      });
    const parts = calls.slice(streamed.length).map((call, i) => callPart(streamed.length + i, call));
    parts.push({ type: 'finish', finishReason: result.finishReason, ...(result.usage === undefined ? {} : { usage: result.usage }) });
    return { result, parts };
  }
}
