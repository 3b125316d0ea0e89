import type { GenerateResult, ModelStreamPart, ModelToolCallDelta } from '@cortex-os/kernel/router';
import { restoreStrictNulls } from './OpenAiStrictSchema.js';
import type { OpenAiChatPayload } from './toOpenAiChatPayload.js';

type Widened = Pick<OpenAiChatPayload, 'widenedTools' | 'widenedFormat'>;

/** A reply to a request whose strict schemas were widened, with the model's extra nulls removed. */
export function restoreStrictResult(result: GenerateResult, widened: Widened): GenerateResult {
  if (widened.widenedTools.size === 0 && widened.widenedFormat === undefined) return result;
  const format = widened.widenedFormat;
  return {
    ...result,
    text: format === undefined ? result.text : restoreStrictNulls(result.text, format),
    ...(result.toolCalls === undefined
      ? {}
      : {
          toolCalls: result.toolCalls.map((call) => {
            const schema = widened.widenedTools.get(call.name);
            return schema === undefined ? call : { ...call, arguments: restoreStrictNulls(call.arguments, schema) };
          }),
        }),
  };
}

interface HeldCall {
  readonly index: number;
  readonly id: string | undefined;
  readonly name: string;
  arguments: string;
}

/**
 * The parts of a streamed reply to a request whose strict schemas were widened. Text (when the
 * response format was widened) and the calls of widened tools cannot be fixed piece by piece:
 * they are held and sent whole, restored, just before `finish`. Everything else passes at once.
 */
export async function* restoreStrictParts(parts: AsyncIterable<ModelStreamPart>, widened: Widened): AsyncGenerator<ModelStreamPart> {
  if (widened.widenedTools.size === 0 && widened.widenedFormat === undefined) {
    yield* parts;
    return;
  }
  const format = widened.widenedFormat;
  let text = '';
  const held = new Map<number, HeldCall>();
  for await (const part of parts) {
    if (part.type === 'text-delta' && format !== undefined) text += part.text;
    else if (part.type === 'tool-call-delta' && (held.has(part.index) || isWidened(part, widened))) hold(held, part);
    else if (part.type === 'finish') {
      if (text !== '') yield { type: 'text-delta', text: restoreStrictNulls(text, format ?? {}) };
      for (const call of [...held.values()].sort((a, b) => a.index - b.index)) {
        const schema = widened.widenedTools.get(call.name) ?? {};
        yield {
          type: 'tool-call-delta',
          index: call.index,
          ...(call.id === undefined ? {} : { id: call.id }),
          name: call.name,
          argumentsDelta: restoreStrictNulls(call.arguments, schema),
        };
      }
      yield part;
    } else yield part;
  }
}

function isWidened(part: ModelToolCallDelta, widened: Widened): boolean {
  return part.name !== undefined && widened.widenedTools.has(part.name);
}

function hold(held: Map<number, HeldCall>, part: ModelToolCallDelta): void {
  const call = held.get(part.index);
  if (call === undefined) held.set(part.index, { index: part.index, id: part.id, name: part.name ?? '', arguments: part.argumentsDelta });
  else call.arguments += part.argumentsDelta;
}
