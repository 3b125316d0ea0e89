import { describe, expect, it } from 'vitest';
import { collectModelStream, type ModelStreamPart } from '@cortex-os/kernel/router';
import { expectCortexError } from '@cortex-os/kernel/testing';

async function* partsOf(parts: readonly ModelStreamPart[]): AsyncGenerator<ModelStreamPart> {
  yield* parts;
}

describe('collectModelStream', () => {
  it('joins text and interleaved tool-call pieces by index', async () => {
    const collected = await collectModelStream(
      partsOf([
        { type: 'text-delta', text: 'Let me ' },
        { type: 'text-delta', text: 'check.' },
        { type: 'tool-call-delta', index: 1, id: 'b', name: 'clock', argumentsDelta: '' },
        { type: 'tool-call-delta', index: 0, id: 'a', name: 'weather', argumentsDelta: '{"ci' },
        { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: 'ty":"Oslo"}' },
        { type: 'finish', finishReason: 'tool_calls', usage: { inputTokens: 12, outputTokens: 7 } },
      ]),
    );
    expect(collected).toEqual({
      text: 'Let me check.',
      toolCalls: [
        { id: 'a', name: 'weather', arguments: '{"city":"Oslo"}' },
        { id: 'b', name: 'clock', arguments: '{}' },
      ],
      finishReason: 'tool_calls',
      usage: { inputTokens: 12, outputTokens: 7 },
    });
  });

  it('leaves usage out when the finish part has none', async () => {
    const collected = await collectModelStream(partsOf([{ type: 'finish', finishReason: 'length' }]));
    expect(collected).toEqual({ text: '', toolCalls: [], finishReason: 'length' });
  });

  it('refuses a stream that ends without finishing', async () => {
    const error = await expectCortexError(
      collectModelStream(partsOf([{ type: 'text-delta', text: 'hi' }]), 'ollama'),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.message).toBe('Model provider "ollama" failed: its stream ended without a finish part.');
    expect(error.details['reason']).toBe('stream-invalid');
  });

  it('refuses parts after the finish', async () => {
    const error = await expectCortexError(
      collectModelStream(
        partsOf([
          { type: 'finish', finishReason: 'stop' },
          { type: 'text-delta', text: 'late' },
        ]),
      ),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.message).toContain('sent a "text-delta" part after its finish');
  });

  it('refuses a tool call whose id or name never arrived', async () => {
    const error = await expectCortexError(
      collectModelStream(
        partsOf([
          { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
          { type: 'finish', finishReason: 'tool_calls' },
        ]),
      ),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.message).toContain('never named the id and tool of tool call 0');
  });
});
