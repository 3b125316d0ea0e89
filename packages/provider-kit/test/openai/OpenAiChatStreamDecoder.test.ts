import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectModelStream, type ModelStreamPart } from '@cortex-os/kernel/router';
import { OpenAiChatStreamDecoder } from '../../src/openai/OpenAiChatStreamDecoder.js';

interface Call {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  model: 'm',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

async function* over(parts: readonly ModelStreamPart[]): AsyncGenerator<ModelStreamPart> {
  yield* parts;
}

/** Decodes chunk objects as the client does, ending with the decoder's finish part. */
function decodeAll(chunks: readonly Record<string, unknown>[]): { parts: ModelStreamPart[]; decoder: OpenAiChatStreamDecoder } {
  const decoder = new OpenAiChatStreamDecoder('requested');
  const parts = chunks.flatMap((each) => decoder.decode(each));
  parts.push(decoder.end());
  return { parts, decoder };
}

/** Cuts `text` at the given positions (sorted, deduplicated) into pieces that join back to it. */
function cut(text: string, at: readonly number[]): string[] {
  const points = [...new Set(at.map((n) => n % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(text.slice(start, point));
    start = point;
  }
  pieces.push(text.slice(start));
  return pieces;
}

const argumentsText = fc.jsonValue().map((value) => JSON.stringify({ value }));
const callsArbitrary = fc.uniqueArray(fc.stringMatching(/^[a-z_]{1,12}$/), { minLength: 1, maxLength: 3 }).chain((names) =>
  fc.tuple(
    ...names.map((name, index) =>
      fc.record({
        call: argumentsText.map((args): Call => ({ id: `call_${index}_${name}`, name, arguments: args })),
        cuts: fc.array(fc.nat(), { maxLength: 8 }),
      }),
    ),
  ),
);

describe('OpenAiChatStreamDecoder', () => {
  it('assembles the same calls from any split of their arguments, interleaved in any order', async () => {
    await fc.assert(
      fc.asyncProperty(callsArbitrary, fc.array(fc.nat(), { maxLength: 40 }), async (calls, order) => {
        // Each call's pieces keep their order; `order` picks which call's next piece goes out.
        const queues = calls.map(({ call, cuts }, index) => [
          { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
          ...cut(call.arguments, cuts).map((piece) => ({ index, function: { arguments: piece } })),
        ]);
        const deltas: Record<string, unknown>[] = [];
        for (const pick of order) {
          const queue = queues.filter((each) => each.length > 0)[pick % Math.max(1, queues.filter((each) => each.length > 0).length)];
          const next = queue?.shift();
          if (next !== undefined) deltas.push(next);
        }
        for (const queue of queues) deltas.push(...queue.splice(0));
        const { parts } = decodeAll([...deltas.map((delta) => chunk({ tool_calls: [delta] })), chunk({}, 'tool_calls')]);
        const collected = await collectModelStream(over(parts));
        expect(collected.toolCalls).toEqual(calls.map(({ call }) => call));
        expect(collected.finishReason).toBe('tool_calls');
      }),
      { seed: 16, numRuns: 200 },
    );
  });

  it('assembles the same text from any split of it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.array(fc.nat(), { maxLength: 10 }), async (text, cuts) => {
        const { parts } = decodeAll([...cut(text, cuts).map((piece) => chunk({ content: piece })), chunk({}, 'stop')]);
        const collected = await collectModelStream(over(parts));
        expect(collected.text).toBe(text);
        // Empty pieces are not parts: a consumer never sees a delta that adds nothing.
        expect(parts.every((part) => part.type !== 'text-delta' || part.text !== '')).toBe(true);
      }),
      { seed: 16, numRuns: 200 },
    );
  });

  it('keeps the usage of the last chunk (which has no choices) and the model the chunks name', () => {
    const { parts, decoder } = decodeAll([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hi' }),
      chunk({}, 'length'),
      { model: 'm-2024', choices: [], usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 } },
    ]);
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hi' },
      { type: 'finish', finishReason: 'length', usage: { inputTokens: 7, outputTokens: 2 } },
    ]);
    expect(decoder.model).toBe('m-2024');
    expect(decoder.finished).toBe(true);
  });

  it('reads calls without an index by position, and names a call without an id after its index', () => {
    const { parts } = decodeAll([
      chunk({ tool_calls: [{ function: { name: 'a', arguments: '{}' } }, { id: 'call_b', function: { name: 'b', arguments: { x: 1 } } }] }),
    ]);
    expect(parts).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'call_0', name: 'a', argumentsDelta: '{}' },
      { type: 'tool-call-delta', index: 1, id: 'call_b', name: 'b', argumentsDelta: '{"x":1}' },
      // No finish reason: a server that sends none and called tools reads as tool_calls.
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it.each([
    ['stop', false, 'stop'],
    ['stop', true, 'tool_calls'],
    ['length', true, 'length'],
    ['content_filter', false, 'content_filter'],
    ['function_call', false, 'tool_calls'],
    ['max_tokens', false, 'length'],
    ['eos', false, 'stop'],
    ['abort', true, 'tool_calls'],
  ] as const)('maps the wire finish reason %s (tools called: %s) to %s', (raw, called, expected) => {
    const calls = called ? [chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 't', arguments: '' } }] })] : [];
    const { parts } = decodeAll([...calls, chunk({}, raw)]);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: expected });
  });
});
