import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '@cortex-os/kernel';
import { createPolicyRouter } from '@cortex-os/kernel/internal';
import { type ChatMessage, collectModelStream, type ModelStreamPart, parseModelToolCall, toModelTools } from '@cortex-os/kernel/router';
import { expectCortexError, rejectionOf } from '@cortex-os/kernel/testing';
import { createScriptedModelProvider, type ScriptedModelProvider } from '@cortex-os/provider-kit/testing';

const weather = defineTool({
  name: 'weather',
  description: 'Weather in a city.',
  input: z.object({ city: z.string() }),
  handler: ({ city }) => ({ city, sky: 'sunny' }),
});
const user = [{ role: 'user' as const, content: 'Weather in Oslo?' }];

/** The provider's stream; fails the test when the provider has no stream method. */
function streamOf(model: ScriptedModelProvider, messages: readonly ChatMessage[]): AsyncIterable<ModelStreamPart> {
  if (model.stream === undefined) throw new Error(`${model.name} has no stream method`);
  return model.stream(messages);
}

async function partsOf(stream: AsyncIterable<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const parts: ModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('createScriptedModelProvider', () => {
  it('answers each call with the next step and records what it was sent', async () => {
    const model = createScriptedModelProvider({
      script: [
        { toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }], usage: { inputTokens: 9, outputTokens: 3 } },
        { text: 'Sunny.' },
      ],
    });
    const tools = toModelTools([weather]);
    const first = await model.generate(user, { tools, toolChoice: 'auto' });
    expect(first).toEqual({
      model: 'scripted-model',
      text: '',
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'call_0_0', name: 'weather', arguments: '{"city":"Oslo"}' }],
      usage: { inputTokens: 9, outputTokens: 3 },
    });
    const history = [
      ...user,
      { role: 'assistant' as const, content: '', toolCalls: first.toolCalls ?? [] },
      { role: 'tool' as const, toolCallId: 'call_0_0', content: '{"sky":"sunny"}' },
    ];
    expect(await model.generate(history, { model: 'asked-for' })).toEqual({ model: 'asked-for', text: 'Sunny.', finishReason: 'stop' });
    expect(model.requests).toEqual([
      { method: 'generate', messages: user, options: { tools, toolChoice: 'auto' } },
      { method: 'generate', messages: history, options: { model: 'asked-for' } },
    ]);
    expect(model.remaining).toBe(0);
  });

  it('fails with a coded error when the script runs out', async () => {
    const model = createScriptedModelProvider({ name: 'agent-model', script: [{ text: 'only one' }] });
    await model.generate(user);
    const error = await expectCortexError(model.generate(user), 'TESTING_SCRIPT_EXHAUSTED');
    expect(error.message).toBe('Test double "agent-model" ran out of script: call 2 has no step (the script has 1).');
    expect(error.details).toMatchObject({ calls: 2, steps: 1, lastMessage: 'Weather in Oslo?' });
  });

  it('streams the same reply as deterministic pieces: text, then each call with id and name first, then finish', async () => {
    const script = [{ text: 'Checking the sky', toolCalls: [{ id: 'w1', name: 'weather', arguments: { city: 'Oslo' } }] }];
    const first = await partsOf(streamOf(createScriptedModelProvider({ script, chunkSize: 6 }), user));
    expect(first).toEqual([
      { type: 'text-delta', text: 'Checki' },
      { type: 'text-delta', text: 'ng the' },
      { type: 'text-delta', text: ' sky' },
      { type: 'tool-call-delta', index: 0, id: 'w1', name: 'weather', argumentsDelta: '{"city' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '":"Osl' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'o"}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
    const again = await partsOf(streamOf(createScriptedModelProvider({ script, chunkSize: 6 }), user));
    expect(again).toEqual(first);
    const collected = await collectModelStream(streamOf(createScriptedModelProvider({ script }), user));
    expect(parseModelToolCall(collected.toolCalls[0] ?? { id: '', name: '', arguments: '' }, [weather]).input).toEqual({ city: 'Oslo' });
  });

  it('sends arguments given as text unchanged, so malformed calls can be scripted', async () => {
    const model = createScriptedModelProvider({ script: [{ toolCalls: [{ name: 'weather', arguments: '{"city":' }] }] });
    const { toolCalls = [] } = await model.generate(user);
    const call = toolCalls[0] ?? { id: '', name: '', arguments: '' };
    await expectCortexError(() => parseModelToolCall(call, [weather]), 'PROVIDER_TOOL_CALL_INVALID');
  });

  it('lets a step answer from the request, and fail by throwing', async () => {
    const model = createScriptedModelProvider({
      script: [
        (request) => ({ text: `you said: ${request.messages.at(-1)?.content}` }),
        () => {
          throw new Error('model crashed');
        },
      ],
    });
    expect((await model.generate(user)).text).toBe('you said: Weather in Oslo?');
    expect(((await rejectionOf(model.generate(user))) as Error).message).toBe('model crashed');
  });

  it('passes text pieces to onToken', async () => {
    const tokens: string[] = [];
    await createScriptedModelProvider({ script: [{ text: 'abcdefghij' }] }).generate(user, { onToken: (t) => tokens.push(t) });
    expect(tokens).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('declares its capabilities from options, and has no stream method without streaming', () => {
    const model = createScriptedModelProvider({
      script: [],
      name: 'cloud',
      model: 'm',
      tools: false,
      structuredOutput: false,
      streaming: false,
      contextLength: 8_000,
      locality: 'remote',
      relativeCost: 2,
      prices: { inputPer1k: 0.5, outputPer1k: 1.5 },
    });
    expect(model.capabilities).toEqual({
      operations: ['generate'],
      generationModels: ['m'],
      locality: 'remote',
      relativeCost: 2,
      tools: false,
      structuredOutput: false,
      streaming: false,
      contextLength: 8_000,
      prices: { inputPer1k: 0.5, outputPer1k: 1.5 },
    });
    expect(typeof model.stream).toBe('undefined');
    expect(createScriptedModelProvider({ script: [] }).capabilities).toMatchObject({
      tools: true,
      structuredOutput: true,
      streaming: true,
    });
  });

  it('refuses a bad chunk size or a script that is not an array', async () => {
    await expectCortexError(() => createScriptedModelProvider({ script: [], chunkSize: 0 }), 'TESTING_ARGUMENT_INVALID');
    await expectCortexError(() => createScriptedModelProvider({ script: 'hi' as unknown as [] }), 'TESTING_ARGUMENT_INVALID');
  });

  it('stops at once when the call is already aborted, using no step', async () => {
    const model = createScriptedModelProvider({ script: [{ text: 'x' }] });
    const reason = new Error('gone');
    expect(await rejectionOf(model.generate(user, { signal: AbortSignal.abort(reason) }))).toBe(reason);
    expect(model.remaining).toBe(1);
  });

  it('is routed to by the policy router for tool-calling streams', async () => {
    const plain = createScriptedModelProvider({ name: 'plain', script: [], tools: false });
    const caller = createScriptedModelProvider({ name: 'caller', script: [{ text: 'ok' }] });
    const router = createPolicyRouter({ providers: [plain, caller] });
    const streamed = await router.stream(user, { tools: toModelTools([weather]) });
    expect(streamed.provider).toBe('caller');
    expect((await collectModelStream(streamed.parts)).text).toBe('ok');
    expect(plain.requests).toEqual([]);
  });
});
