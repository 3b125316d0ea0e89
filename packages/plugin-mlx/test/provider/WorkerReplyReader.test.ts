import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectModelStream, type ModelStreamPart, type ModelToolCall } from '@cortex-os/kernel/router';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { WorkerReplyReader } from '../../src/provider/WorkerReplyReader.js';
import { toGenerateResult } from '../../src/provider/workerGeneration.js';

const call = (n: number): ModelToolCall => ({ id: `call_${n}`, name: 'weather', arguments: `{"n":${n}}` });
const wire = (calls: readonly ModelToolCall[], extra: Record<string, unknown> = {}) => ({
  model: 'm',
  text: 'Let me check.',
  finish_reason: calls.length > 0 ? 'tool_calls' : 'stop',
  tool_calls: calls,
  prompt_tokens: 7,
  generation_tokens: 5,
  ...extra,
});

async function* fromArray(parts: readonly ModelStreamPart[]): AsyncGenerator<ModelStreamPart> {
  yield* parts;
}

describe('WorkerReplyReader', () => {
  it('turns tokens, streamed calls and the result into text deltas, one delta per call, then finish', () => {
    const reader = new WorkerReplyReader();
    expect(reader.token('Let me ')).toEqual([{ type: 'text-delta', text: 'Let me ' }]);
    expect(reader.token('')).toEqual([]);
    expect(reader.toolCall({ index: 0, ...call(0) })).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'call_0', name: 'weather', argumentsDelta: '{"n":0}' },
    ]);
    const { result, parts } = reader.finish(wire([call(0), call(1)]));
    expect(result).toEqual({
      model: 'm',
      text: 'Let me check.',
      finishReason: 'tool_calls',
      usage: { inputTokens: 7, outputTokens: 5 },
      toolCalls: [call(0), call(1)],
    });
    // The call only the result carried comes before finish.
    expect(parts).toEqual([
      { type: 'tool-call-delta', index: 1, id: 'call_1', name: 'weather', argumentsDelta: '{"n":1}' },
      { type: 'finish', finishReason: 'tool_calls', usage: { inputTokens: 7, outputTokens: 5 } },
    ]);
  });

  it('refuses a malformed or out-of-order tool call, and a result that contradicts the streamed calls', async () => {
    const reader = new WorkerReplyReader();
    const malformed = await expectCortexError(() => reader.toolCall({ index: 0, name: 'x' }), 'MLX_PROTOCOL_ERROR');
    expect(malformed.message).toMatch(/^The MLX worker answered "generate" with a malformed tool call: id: /);
    const late = await expectCortexError(() => reader.toolCall({ index: 1, ...call(1) }), 'MLX_PROTOCOL_ERROR');
    expect(late.message).toBe('The MLX worker streamed tool call 1 where call 0 was due.');
    reader.toolCall({ index: 0, ...call(0) });
    const other = await expectCortexError(() => reader.finish(wire([call(9)])), 'MLX_PROTOCOL_ERROR');
    expect(other.message).toBe('The MLX worker ended "generate" with tool calls other than those it streamed.');
    await expectCortexError(() => new WorkerReplyReader().finish({ text: 1 }), 'MLX_PROTOCOL_ERROR');
  });

  it('reads results of workers older than tool calling, and maps finish reasons', () => {
    const old = { model: 'm', text: 'hi', finish_reason: 'length', prompt_tokens: null, generation_tokens: 2 };
    expect(toGenerateResult(old)).toEqual({ model: 'm', text: 'hi', finishReason: 'length', usage: { outputTokens: 2 } });
    expect(toGenerateResult({ ...old, finish_reason: 'eos' }).finishReason).toBe('stop');
    // Calls decide, whatever the worker said.
    expect(toGenerateResult({ ...old, tool_calls: [call(0)] }).finishReason).toBe('tool_calls');
  });

  it('streams what generate returns, however the calls are split between messages and result (property, seeded)', async () => {
    const callArb = fc.record({ id: fc.string({ minLength: 1 }), name: fc.string({ minLength: 1 }), arguments: fc.string() });
    const scenario = fc.record({
      tokens: fc.array(fc.string(), { maxLength: 8 }),
      calls: fc.array(callArb, { maxLength: 4 }),
      streamedCalls: fc.nat(4),
      finish: fc.constantFrom('stop', 'length', 'tool_calls'),
      promptTokens: fc.option(fc.nat(), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ tokens, calls, streamedCalls, finish, promptTokens }) => {
        const reader = new WorkerReplyReader();
        const parts = tokens.flatMap((token) => reader.token(token));
        const streamed = Math.min(streamedCalls, calls.length);
        for (const [index, c] of calls.slice(0, streamed).entries()) parts.push(...reader.toolCall({ index, ...c }));
        const raw = {
          model: 'm',
          text: tokens.join(''),
          finish_reason: finish,
          tool_calls: calls,
          prompt_tokens: promptTokens,
          generation_tokens: 3,
        };
        const { result, parts: last } = reader.finish(raw);
        const collected = await collectModelStream(fromArray([...parts, ...last]));
        expect(collected).toEqual({
          text: result.text,
          toolCalls: result.toolCalls ?? [],
          finishReason: result.finishReason,
          usage: result.usage,
        });
        // `tool_calls` exactly when there are calls, whatever the worker said.
        expect(collected.finishReason === 'tool_calls').toBe(calls.length > 0);
      }),
      { seed: 16, numRuns: 200 },
    );
  });
});
