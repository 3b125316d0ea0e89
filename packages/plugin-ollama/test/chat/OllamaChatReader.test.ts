import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import type { ModelStreamPart } from '@cortex-os/kernel/router';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { emulateToolChoice } from '../../src/chat/emulateToolChoice.js';
import { inventToolCallId, OllamaChatReader } from '../../src/chat/OllamaChatReader.js';
import { readNdjsonLines } from '../../src/ndjson/readNdjsonLines.js';
import { type FakeReply, streamedLines, unstreamedBody } from '../wire/ollamaWireFake.js';

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function read(lines: readonly string[], reader = new OllamaChatReader('ollama', emulateToolChoice(undefined))): Promise<ModelStreamPart[]> {
  return collect(reader.read(fromArray(lines)));
}

const encoder = new TextEncoder();

/** The NDJSON body Ollama streams for `reply`. */
function ndjson(reply: FakeReply): Uint8Array {
  return encoder.encode(
    streamedLines('qwen3', reply)
      .map((line) => `${JSON.stringify(line)}\n`)
      .join(''),
  );
}

function partsOf(bytes: Uint8Array, cuts: readonly number[]): Promise<ModelStreamPart[]> {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks = [0, ...points].map((start, i) => bytes.slice(start, [...points, bytes.length][i]));
  const reader = new OllamaChatReader('ollama', emulateToolChoice(undefined));
  return collect(reader.read(readNdjsonLines(fromArray(chunks), 1 << 20)));
}

const toolCall = fc.record(
  {
    id: fc.stringMatching(/^call_[a-z0-9]{8}$/),
    name: fc.stringMatching(/^[a-z_]{1,12}$/),
    arguments: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  },
  { requiredKeys: ['name', 'arguments'] },
);
const reply: fc.Arbitrary<FakeReply> = fc.record(
  {
    content: fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 5 }),
    toolCallChunks: fc.array(fc.array(toolCall, { minLength: 1, maxLength: 2 }), { maxLength: 3 }),
    doneReason: fc.constantFrom('stop' as const, 'length' as const),
    promptEvalCount: fc.nat(),
    evalCount: fc.nat(),
  },
  { requiredKeys: [] },
);

describe('OllamaChatReader', () => {
  it('reads the same parts from any split of the NDJSON bytes, multi-byte characters included', async () => {
    await fc.assert(
      fc.asyncProperty(reply, fc.array(fc.nat(), { maxLength: 12 }), async (scripted, cuts) => {
        const bytes = ndjson(scripted);
        expect(await partsOf(bytes, cuts)).toEqual(await partsOf(bytes, []));
      }),
      { seed: 1617, numRuns: 150 },
    );
  });

  it('reads a streamed reply and its unstreamed form alike, once text deltas are joined', async () => {
    await fc.assert(
      fc.asyncProperty(reply, async (scripted) => {
        const join = (parts: ModelStreamPart[]) => ({
          text: parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : [])).join(''),
          rest: parts.filter((part) => part.type !== 'text-delta'),
        });
        const streamed = await read(streamedLines('qwen3', scripted).map((line) => JSON.stringify(line)));
        const whole = await read([JSON.stringify(unstreamedBody('qwen3', scripted))]);
        expect(join(whole)).toEqual(join(streamed));
      }),
      { seed: 1618, numRuns: 100 },
    );
  });

  it('emits a whole tool call as one delta: arguments as JSON text, numbered across the reply', async () => {
    const parts = await read(
      streamedLines('qwen3', {
        content: ['Checking.'],
        toolCallChunks: [
          [{ id: 'call_a', name: 'get_temperature', arguments: { city: 'Paris' } }],
          [{ name: 'get_conditions', arguments: {} }],
        ],
        promptEvalCount: 12,
        evalCount: 7,
      }).map((line) => JSON.stringify(line)),
    );
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Checking.' },
      { type: 'tool-call-delta', index: 0, id: 'call_a', name: 'get_temperature', argumentsDelta: '{"city":"Paris"}' },
      { type: 'tool-call-delta', index: 1, id: inventToolCallId(1, 'get_conditions', '{}'), name: 'get_conditions', argumentsDelta: '{}' },
      { type: 'finish', finishReason: 'tool_calls', usage: { inputTokens: 12, outputTokens: 7 } },
    ]);
  });

  it('invents ids from the position and the call, the same every time', () => {
    expect(inventToolCallId(0, 'f', '{}')).toBe(inventToolCallId(0, 'f', '{}'));
    expect(inventToolCallId(0, 'f', '{}')).toMatch(/^call_0_[0-9a-f]{8}$/);
    expect(
      new Set([
        inventToolCallId(0, 'f', '{}'),
        inventToolCallId(1, 'f', '{}'),
        inventToolCallId(0, 'g', '{}'),
        inventToolCallId(0, 'f', '{"a":1}'),
      ]).size,
    ).toBe(4);
  });

  it('keeps JSON text arguments, reads absent ones as {}, and reports the model Ollama named', async () => {
    const reader = new OllamaChatReader('ollama', emulateToolChoice(undefined));
    const line = {
      model: 'qwen3:8b',
      message: {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'c1', function: { name: 'a', arguments: '{"x":1}' } },
          { id: 'c2', function: { name: 'b' } },
        ],
      },
      done: true,
      done_reason: 'length',
    };
    expect(await read([JSON.stringify(line)], reader)).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'c1', name: 'a', argumentsDelta: '{"x":1}' },
      { type: 'tool-call-delta', index: 1, id: 'c2', name: 'b', argumentsDelta: '{}' },
      // A reply cut off by `num_predict` says so, even when it called tools.
      { type: 'finish', finishReason: 'length' },
    ]);
    expect(reader.model).toBe('qwen3:8b');
  });

  it('stops at the line with "done": true and ignores what follows', async () => {
    const done = JSON.stringify({ message: { content: 'a' }, done: true, done_reason: 'stop' });
    expect(await read([done, 'not json'])).toEqual([
      { type: 'text-delta', text: 'a' },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it.each([
    ['not json', 'line is not JSON: not json'],
    ['[1,2]', 'line is not a JSON object: [1,2]'],
    ['{"message":"hi","done":false}', 'expected `message` to be an object'],
    ['{"message":{"content":42},"done":false}', 'expected `message.content` to be a string'],
    ['{"message":{"content":"","tool_calls":{}},"done":false}', 'expected `message.tool_calls` to be an array'],
    [
      '{"message":{"content":"","tool_calls":[{"function":{"arguments":{}}}]},"done":false}',
      'expected tool call 0 to have `function.name`',
    ],
    [
      '{"message":{"content":"","tool_calls":[{"function":{"name":"f","arguments":[1]}}]},"done":false}',
      'expected the arguments of tool call 0 ("f") to be an object',
    ],
  ])('rejects %s as an invalid response', async (line, problem) => {
    const error = await expectCortexError(read([line]), 'PROVIDER_REQUEST_FAILED');
    expect(error.message).toBe(`Provider "ollama" answered POST /api/chat with an invalid body: ${problem}.`);
    expect(error.details).toEqual({ provider: 'ollama', reason: 'invalid-response' });
    expect(CortexError.is(error.cause, 'OLLAMA_RESPONSE_INVALID')).toBe(true);
  });

  it('rejects lines that end before "done": true as truncated, naming what was received', async () => {
    const error = await expectCortexError(read([JSON.stringify({ message: { content: 'abc' }, done: false })]), 'PROVIDER_REQUEST_FAILED');
    expect(error.message).toBe(
      'Provider "ollama" ended the stream of POST /api/chat before the line with "done": true (3 characters received).',
    );
    expect(error.details).toEqual({ provider: 'ollama', reason: 'stream-truncated' });
    expect(CortexError.is(error.cause, 'OLLAMA_STREAM_TRUNCATED')).toBe(true);
  });

  it('turns a line over the size limit into an invalid response', async () => {
    const reader = new OllamaChatReader('ollama', emulateToolChoice(undefined));
    const error = await expectCortexError(
      collect(reader.read(readNdjsonLines(fromArray([encoder.encode('x'.repeat(50))]), 10))),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.message).toBe('Provider "ollama" answered POST /api/chat with an invalid body: NDJSON line exceeds the 10 limit.');
    expect(CortexError.is(error.cause, 'OLLAMA_RESPONSE_INVALID')).toBe(true);
  });

  it('checks the tool choice before the finish part', async () => {
    const tools = [{ name: 'f', description: 'F', inputSchema: { type: 'object' } }];
    const reader = new OllamaChatReader('ollama', emulateToolChoice(tools, 'required'));
    const parts: ModelStreamPart[] = [];
    const error = await expectCortexError(
      (async () => {
        for await (const part of reader.read(fromArray([JSON.stringify({ message: { content: 'no' }, done: true })]))) parts.push(part);
      })(),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(parts).toEqual([{ type: 'text-delta', text: 'no' }]);
    expect(CortexError.is(error.cause, 'OLLAMA_TOOL_CHOICE_UNMET')).toBe(true);
  });
});
