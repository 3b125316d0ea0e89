import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '@cortex-os/kernel';
import { createPolicyRouter } from '@cortex-os/kernel/internal';
import {
  type ChatMessage,
  collectModelStream,
  type GenerateOptions,
  type ModelProvider,
  type ModelStreamPart,
  parseModelToolCall,
  parseStructuredOutput,
  toModelResponseFormat,
  toModelTools,
} from '@cortex-os/kernel/router';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { createMlxProvider } from '@cortex-os/plugin-mlx';
import { createScriptedModelProvider, startFakeOpenAiChatServer } from '@cortex-os/provider-kit/testing';

// Server mode against provider-kit's wire fake of the Chat Completions API on 127.0.0.1; the
// shapes only mlx_lm.server sends are in MlxServerProvider.wire.test.ts.

const weather = defineTool({
  name: 'weather',
  description: 'The weather in a city now.',
  input: z.object({ city: z.string() }),
  handler: ({ city }) => ({ city, sky: 'clear' }),
});
const localTime = defineTool({
  name: 'local_time',
  description: 'The local time in a city.',
  input: z.object({ city: z.string() }),
  handler: ({ city }) => ({ city, time: '09:30' }),
});
const tools = toModelTools([weather, localTime]);
const user: ChatMessage[] = [{ role: 'user', content: 'Weather and time in Oslo?' }];
const MODEL = 'mlx-community/Qwen2.5-7B-Instruct-4bit';

function serverProvider(url: string): ModelProvider {
  return createMlxProvider({ serverUrl: url, generationModels: [MODEL] });
}

function streamOf(provider: ModelProvider, messages: readonly ChatMessage[], options: GenerateOptions = {}) {
  if (provider.stream === undefined) throw new Error(`${provider.name} has no stream method`);
  return provider.stream(messages, options);
}

async function partsOf(stream: AsyncIterable<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const parts: ModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('createMlxProvider in server mode: capabilities', () => {
  it('declares tools and streaming, and no structured output, which mlx_lm.server cannot constrain', () => {
    const provider = createMlxProvider({ serverUrl: 'http://127.0.0.1:8080/v1', generationModels: [MODEL] });
    expect(provider.capabilities).toMatchObject({ tools: true, streaming: true, structuredOutput: false, locality: 'local' });
    expect(provider.stream).toBeTypeOf('function');
    // Without a chat model there is nothing to call tools or stream with: `stream` is hidden, as the contract asks.
    const idle = createMlxProvider({ serverUrl: 'http://127.0.0.1:8080/v1' });
    expect(idle.capabilities).not.toHaveProperty('tools');
    expect(idle.capabilities).not.toHaveProperty('streaming');
    expect(idle.stream).toBeUndefined();
  });
});

describe('createMlxProvider in server mode: generate with tools', () => {
  it('offers the tools and returns one call with finish reason tool_calls and usage', async () => {
    await using fake = await startFakeOpenAiChatServer({
      reply: { toolCalls: [{ id: 'call_w', name: 'weather', arguments: '{"city":"Oslo"}' }], usage: { inputTokens: 31, outputTokens: 12 } },
    });
    const reply = await serverProvider(fake.url).generate!(user, { tools, maxTokens: 64 });
    expect(reply).toEqual({
      model: MODEL,
      text: '',
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'call_w', name: 'weather', arguments: '{"city":"Oslo"}' }],
      usage: { inputTokens: 31, outputTokens: 12 },
    });
    expect(parseModelToolCall(reply.toolCalls![0]!, [weather, localTime])).toMatchObject({ tool: weather, input: { city: 'Oslo' } });
    expect(fake.rejections).toEqual([]);
    const body = fake.requests[0]?.body ?? {};
    expect(body).toMatchObject({ model: MODEL, max_tokens: 64 });
    expect(body).not.toHaveProperty('stream');
    expect(body).not.toHaveProperty('tool_choice');
    // `$schema` is dropped: the chat template prints the schema into the prompt.
    const { $schema: _dialect, ...parameters } = tools[0]?.inputSchema ?? {};
    expect(body['tools']).toEqual([
      { type: 'function', function: { name: 'weather', description: 'The weather in a city now.', parameters } },
      { type: 'function', function: { name: 'local_time', description: 'The local time in a city.', parameters: expect.any(Object) } },
    ]);
  });

  it('returns parallel calls, and sends the calls and their results back on the next turn', async () => {
    await using fake = await startFakeOpenAiChatServer({
      reply: (request) =>
        (request.body['messages'] as unknown[]).length === 1
          ? {
              toolCalls: [
                { id: 'call_w', name: 'weather', arguments: '{"city":"Oslo"}' },
                { id: 'call_t', name: 'local_time', arguments: '{"city":"Oslo"}' },
              ],
              usage: { inputTokens: 40, outputTokens: 18 },
            }
          : { text: 'Clear, and it is 09:30.', usage: { inputTokens: 80, outputTokens: 9 } },
    });
    const provider = serverProvider(fake.url);
    const first = await provider.generate!(user, { tools, toolChoice: 'auto' });
    expect(first.toolCalls).toEqual([
      { id: 'call_w', name: 'weather', arguments: '{"city":"Oslo"}' },
      { id: 'call_t', name: 'local_time', arguments: '{"city":"Oslo"}' },
    ]);
    expect(first.finishReason).toBe('tool_calls');
    const history: ChatMessage[] = [...user, { role: 'assistant', content: first.text, toolCalls: first.toolCalls ?? [] }];
    for (const call of first.toolCalls ?? []) {
      const { tool, input } = parseModelToolCall(call, [weather, localTime]);
      const output = await (tool.handler as (value: unknown) => unknown)(input);
      history.push({ role: 'tool', toolCallId: call.id, content: JSON.stringify(output) });
    }
    const second = await provider.generate!(history, { tools });
    expect(second).toEqual({
      model: MODEL,
      text: 'Clear, and it is 09:30.',
      finishReason: 'stop',
      usage: { inputTokens: 80, outputTokens: 9 },
    });
    expect(fake.rejections).toEqual([]);
    expect(fake.requests[0]?.body['tool_choice']).toBe('auto');
    expect(((fake.requests[1]?.body['messages'] ?? []) as unknown[]).slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_w', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
          { id: 'call_t', type: 'function', function: { name: 'local_time', arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_w', content: '{"city":"Oslo","sky":"clear"}' },
      { role: 'tool', tool_call_id: 'call_t', content: '{"city":"Oslo","time":"09:30"}' },
    ]);
  });

  it.each([
    { wire: 'stop', calls: true, expected: 'tool_calls' },
    { wire: 'tool_calls', calls: true, expected: 'tool_calls' },
    { wire: 'length', calls: true, expected: 'length' },
    { wire: 'length', calls: false, expected: 'length' },
    { wire: 'stop', calls: false, expected: 'stop' },
  ])('reads finish reason "$wire" (tool calls: $calls) as $expected', async ({ wire, calls, expected }) => {
    await using fake = await startFakeOpenAiChatServer({
      reply: {
        text: calls ? '' : 'Sunny.',
        finishReason: wire,
        ...(calls ? { toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }] } : {}),
      },
    });
    const provider = serverProvider(fake.url);
    expect((await provider.generate!(user, { tools })).finishReason).toBe(expected);
    const streamed = await partsOf(streamOf(provider, user, { tools }));
    expect(streamed.at(-1)).toMatchObject({ type: 'finish', finishReason: expected });
  });

  it('steers the tool choice as worker mode does: none offers no tools, a name only that tool', async () => {
    await using fake = await startFakeOpenAiChatServer({ reply: { text: 'ok' } });
    const provider = serverProvider(fake.url);
    await provider.generate!(user, { tools, toolChoice: 'none' });
    await provider.generate!(user, { tools, toolChoice: { name: 'local_time' } });
    await provider.generate!(user, { tools, toolChoice: 'required' });
    expect(fake.rejections).toEqual([]);
    const [none, named, required] = fake.requests.map((request) => request.body);
    expect(none).not.toHaveProperty('tools');
    expect(none).not.toHaveProperty('tool_choice');
    expect(named).toMatchObject({
      tools: [{ type: 'function', function: { name: 'local_time' } }],
      tool_choice: { type: 'function', function: { name: 'local_time' } },
    });
    expect(named?.['tools']).toHaveLength(1);
    expect(required).toMatchObject({ tool_choice: 'required' });
    expect(required?.['tools']).toHaveLength(2);
  });

  it('never sends response_format: a direct call asks for the schema in the system message, to validate', async () => {
    const city = z.object({ name: z.string(), population: z.int() });
    await using fake = await startFakeOpenAiChatServer({ reply: { text: '{"name":"Oslo","population":709037}' } });
    const provider = serverProvider(fake.url);
    const format = toModelResponseFormat('city', city, 'A city and its population.');
    const messages: ChatMessage[] = [{ role: 'system', content: 'Be brief.' }, ...user];
    const reply = await provider.generate!(messages, { responseFormat: format });
    const streamed = await collectModelStream(streamOf(provider, user, { responseFormat: format }));
    for (const text of [reply.text, streamed.text])
      expect(parseStructuredOutput(text, city, 'city')).toEqual({ name: 'Oslo', population: 709037 });
    expect(fake.rejections).toEqual([]);
    const instruction = `Reply with only a JSON value, without prose or code fences, that matches the JSON Schema "city" (A city and its population.): ${JSON.stringify(format.schema)}`;
    for (const request of fake.requests) expect(request.body).not.toHaveProperty('response_format');
    expect(fake.requests[0]?.body['messages']).toEqual([
      { role: 'system', content: `Be brief.\n\n${instruction}` },
      { role: 'user', content: user[0]?.content },
    ]);
    expect(fake.requests[1]?.body['messages']).toEqual([
      { role: 'system', content: instruction },
      { role: 'user', content: user[0]?.content },
    ]);
  });
});

describe('createMlxProvider in server mode: stream', () => {
  it('streams text and tool-call pieces as typed parts, then finish with the usage chunk', async () => {
    await using fake = await startFakeOpenAiChatServer({
      reply: {
        text: 'Checking.',
        toolCalls: [
          { id: 'call_w', name: 'weather', arguments: '{"city":"Oslo"}' },
          { id: 'call_t', name: 'local_time', arguments: '{"city":"Oslo"}' },
        ],
        usage: { inputTokens: 40, outputTokens: 21 },
        chunkSize: 8,
        sseChunkSize: 13,
      },
    });
    const tokens: string[] = [];
    const parts = await partsOf(streamOf(serverProvider(fake.url), user, { tools, onToken: (token) => tokens.push(token) }));
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Checking' },
      { type: 'text-delta', text: '.' },
      { type: 'tool-call-delta', index: 0, id: 'call_w', name: 'weather', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"Oslo"}' },
      { type: 'tool-call-delta', index: 1, id: 'call_t', name: 'local_time', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '"Oslo"}' },
      { type: 'finish', finishReason: 'tool_calls', usage: { inputTokens: 40, outputTokens: 21 } },
    ]);
    // `stream` reports text as parts only; `onToken` belongs to `generate`.
    expect(tokens).toEqual([]);
    const collected = await collectModelStream(
      (async function* () {
        yield* parts;
      })(),
    );
    expect(collected.toolCalls).toEqual([
      { id: 'call_w', name: 'weather', arguments: '{"city":"Oslo"}' },
      { id: 'call_t', name: 'local_time', arguments: '{"city":"Oslo"}' },
    ]);
    expect(fake.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true }, tools: expect.any(Array) });
    expect(fake.rejections).toEqual([]);
  });

  it('generate with onToken streams the text and still returns the calls', async () => {
    await using fake = await startFakeOpenAiChatServer({
      reply: { text: 'One moment.', toolCalls: [{ id: 'call_w', name: 'weather', arguments: '{"city":"Oslo"}' }], chunkSize: 4 },
    });
    const tokens: string[] = [];
    const reply = await serverProvider(fake.url).generate!(user, { tools, onToken: (token) => tokens.push(token) });
    expect(tokens.join('')).toBe('One moment.');
    expect(reply).toMatchObject({
      text: 'One moment.',
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'call_w', name: 'weather', arguments: '{"city":"Oslo"}' }],
    });
  });

  it('is unavailable without a server URL or a model, when the first part is asked for', async () => {
    const unconfigured = createMlxProvider({ serverUrl: '', generationModels: [MODEL] });
    const error = await expectCortexError(partsOf(streamOf(unconfigured, user)), 'PROVIDER_UNAVAILABLE');
    expect(error.message).toBe('Provider "mlx" is unavailable: no serverUrl configured.');
  });
});

describe('createMlxProvider in server mode: routing', () => {
  it('is chosen by the policy router for tool requests, and passed over for structured output', async () => {
    await using fake = await startFakeOpenAiChatServer({
      reply: (request) =>
        request.body['tools'] === undefined
          ? { text: 'never' }
          : { toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }], usage: { inputTokens: 9, outputTokens: 7 } },
    });
    // Listed first and as cheap, but it calls no tools: the router must look past it for tool requests.
    const plain = createScriptedModelProvider({
      name: 'plain',
      tools: false,
      script: [{ text: '{"name":"Oslo","population":709037}' }],
    });
    const router = createPolicyRouter({ providers: [plain, serverProvider(fake.url)] });
    const generated = await router.generate(user, { tools: toModelTools([weather]) });
    expect(generated).toMatchObject({
      provider: 'mlx',
      fellBack: false,
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }],
    });
    const streamed = await router.stream(user, { tools: toModelTools([weather]) });
    expect(streamed.provider).toBe('mlx');
    expect(await collectModelStream(streamed.parts)).toMatchObject({
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }],
      usage: { inputTokens: 9, outputTokens: 7 },
    });
    // structuredOutput is not declared, so a request with responseFormat goes to the provider that declares it.
    const structured = await router.generate(user, { responseFormat: toModelResponseFormat('city', z.object({ name: z.string() })) });
    expect(structured.provider).toBe('plain');
    expect(fake.requests).toHaveLength(2);
    expect(fake.rejections).toEqual([]);
  });
});
