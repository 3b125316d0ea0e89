import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { CortexError, defineTool } from '@cortex-os/kernel';
import { createPolicyRouter } from '@cortex-os/kernel/internal';
import {
  type ChatMessage,
  collectModelStream,
  type ModelProvider,
  type ModelStreamPart,
  parseModelToolCall,
  parseStructuredOutput,
  toModelResponseFormat,
  toModelTools,
} from '@cortex-os/kernel/router';
import { expectCortexError, rejectionOf } from '@cortex-os/kernel/testing';
import { createOpenAiProvider } from '@cortex-os/plugin-openai';
import { sendSse, startFakeOpenAiChatServer, startTestHttpServer } from '@cortex-os/provider-kit/testing';

const weather = defineTool({
  name: 'weather',
  description: 'The weather in a city now.',
  input: z.object({ city: z.string(), unit: z.enum(['celsius', 'fahrenheit']).optional() }),
  handler: ({ city }) => ({ city, sky: 'clear', degrees: -3 }),
});
const localTime = defineTool({
  name: 'local_time',
  description: 'The local time in a city.',
  input: z.object({ city: z.string() }),
  handler: ({ city }) => ({ city, time: '09:30' }),
});
const user: ChatMessage[] = [{ role: 'user', content: 'Weather and time in Oslo?' }];

function streamOf(
  provider: ModelProvider,
  messages: readonly ChatMessage[],
  options: Parameters<NonNullable<ModelProvider['stream']>>[1] = {},
) {
  if (provider.stream === undefined) throw new Error(`${provider.name} has no stream method`);
  return provider.stream(messages, options);
}

async function partsOf(stream: AsyncIterable<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const parts: ModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('createOpenAiProvider: capabilities', () => {
  it('declares tools, structured output and streaming for chat models, each of which can be turned off', () => {
    const base = 'http://127.0.0.1:8080/v1';
    expect(createOpenAiProvider({ baseUrl: base, generationModels: ['m'] }).capabilities).toMatchObject({
      tools: true,
      structuredOutput: true,
      streaming: true,
    });
    expect(
      createOpenAiProvider({ baseUrl: base, generationModels: ['m'], tools: false, structuredOutput: false, streaming: false })
        .capabilities,
    ).toMatchObject({ tools: false, structuredOutput: false, streaming: false });
    const embedder = createOpenAiProvider({ baseUrl: base, embedding: { model: 'e', dimensions: 3 } });
    expect(embedder.capabilities).not.toHaveProperty('tools');
    // `stream` exists only where streaming is declared, as the contract says.
    expect(embedder.stream).toBeUndefined();
    expect(createOpenAiProvider({ baseUrl: base, generationModels: ['m'], streaming: false }).stream).toBeUndefined();
    expect(createOpenAiProvider({ baseUrl: base, generationModels: ['m'] }).stream).toBeTypeOf('function');
  });
});

describe('createOpenAiProvider: tool calling against the fake OpenAI server', () => {
  it('offers tools, returns parallel calls, and sends the calls and their results back', async () => {
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
          : { text: 'Clear, -3 °C, and it is 09:30.', usage: { inputTokens: 80, outputTokens: 11 } },
    });
    const provider = createOpenAiProvider({ baseUrl: fake.url, generationModels: ['fake-model'] });
    const tools = toModelTools([weather, localTime]);
    const first = await provider.generate!(user, { tools, toolChoice: 'auto' });
    expect(first).toEqual({
      model: 'fake-model',
      text: '',
      finishReason: 'tool_calls',
      toolCalls: [
        { id: 'call_w', name: 'weather', arguments: '{"city":"Oslo"}' },
        { id: 'call_t', name: 'local_time', arguments: '{"city":"Oslo"}' },
      ],
      usage: { inputTokens: 40, outputTokens: 18 },
    });
    const history: ChatMessage[] = [...user, { role: 'assistant', content: first.text, toolCalls: first.toolCalls ?? [] }];
    for (const call of first.toolCalls ?? []) {
      const { tool, input } = parseModelToolCall(call, [weather, localTime]);
      const output = await (tool.handler as (value: unknown) => unknown)(input);
      history.push({ role: 'tool', toolCallId: call.id, content: JSON.stringify(output) });
    }
    const second = await provider.generate!(history, { tools });
    expect(second.text).toBe('Clear, -3 °C, and it is 09:30.');
    expect(fake.rejections).toEqual([]);
    expect(fake.requests[0]?.body).toMatchObject({
      tools: [
        { type: 'function', function: { name: 'weather', description: 'The weather in a city now.', parameters: tools[0]?.inputSchema } },
        { type: 'function', function: { name: 'local_time' } },
      ],
      tool_choice: 'auto',
    });
    expect(((fake.requests[1]?.body['messages'] ?? []) as unknown[]).slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_w', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
          { id: 'call_t', type: 'function', function: { name: 'local_time', arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_w', content: '{"city":"Oslo","sky":"clear","degrees":-3}' },
      { role: 'tool', tool_call_id: 'call_t', content: '{"city":"Oslo","time":"09:30"}' },
    ]);
  });

  it('sends a named tool choice as a function, and reads the forced call (finish `stop`) as tool_calls', async () => {
    await using fake = await startFakeOpenAiChatServer({
      reply: { toolCalls: [{ id: 'call_1', name: 'local_time', arguments: '{"city":"Rome"}' }], finishReason: 'stop' },
    });
    const provider = createOpenAiProvider({ baseUrl: fake.url, generationModels: ['fake-model'] });
    const reply = await provider.generate!(user, { tools: toModelTools([weather, localTime]), toolChoice: { name: 'local_time' } });
    expect(reply.finishReason).toBe('tool_calls');
    expect(fake.requests[0]?.body['tool_choice']).toEqual({ type: 'function', function: { name: 'local_time' } });
  });

  it('keeps arguments that are not JSON as the model wrote them, for parseModelToolCall to report', async () => {
    await using fake = await startFakeOpenAiChatServer({
      reply: { toolCalls: [{ id: 'call_bad', name: 'weather', arguments: '{"city": "Oslo",' }], chunkSize: 4 },
    });
    const provider = createOpenAiProvider({ baseUrl: fake.url, generationModels: ['fake-model'] });
    const tools = toModelTools([weather]);
    const generated = await provider.generate!(user, { tools });
    const streamed = await collectModelStream(streamOf(provider, user, { tools }));
    for (const calls of [generated.toolCalls, streamed.toolCalls]) {
      expect(calls).toEqual([{ id: 'call_bad', name: 'weather', arguments: '{"city": "Oslo",' }]);
      const error = await expectCortexError(
        () => parseModelToolCall(calls?.[0] ?? { id: '', name: '', arguments: '' }, [weather]),
        'PROVIDER_TOOL_CALL_INVALID',
      );
      expect(error.details).toMatchObject({ tool: 'weather', toolCallId: 'call_bad', arguments: '{"city": "Oslo",' });
    }
  });

  it('asks for structured output with response_format json_schema', async () => {
    const city = z.object({ name: z.string(), population: z.int() });
    await using fake = await startFakeOpenAiChatServer({ reply: { text: '{"name":"Oslo","population":709037}' } });
    const provider = createOpenAiProvider({ baseUrl: fake.url, generationModels: ['fake-model'] });
    const format = toModelResponseFormat('city', city, 'A city and its population.');
    const reply = await provider.generate!(user, { responseFormat: format });
    expect(parseStructuredOutput(reply.text, city, 'city')).toEqual({ name: 'Oslo', population: 709037 });
    // Without strictSchemas the schema goes out exactly as given.
    expect(fake.requests[0]?.body['response_format']).toEqual({
      type: 'json_schema',
      json_schema: { name: 'city', description: 'A city and its population.', schema: format.schema },
    });
  });
});

describe('createOpenAiProvider: strictSchemas', () => {
  it("adapts schemas to strict mode (the fake checks them) and removes the model's nulls for optional fields", async () => {
    const stay = z.object({ city: z.string(), note: z.string().optional() });
    await using fake = await startFakeOpenAiChatServer({
      reply: (request) =>
        request.body['response_format'] === undefined
          ? { toolCalls: [{ id: 'call_s', name: 'weather', arguments: '{"city":"Oslo","unit":null}' }], chunkSize: 5 }
          : { text: '{"city":"Oslo","note":null}', chunkSize: 3 },
    });
    const provider = createOpenAiProvider({ baseUrl: fake.url, generationModels: ['fake-model'], strictSchemas: true });
    const tools = toModelTools([weather]);
    const generated = await provider.generate!(user, { tools });
    const streamed = await collectModelStream(streamOf(provider, user, { tools }));
    for (const calls of [generated.toolCalls, streamed.toolCalls]) {
      expect(calls).toEqual([{ id: 'call_s', name: 'weather', arguments: '{"city":"Oslo"}' }]);
      expect(parseModelToolCall(calls?.[0] ?? { id: '', name: '', arguments: '' }, [weather]).input).toEqual({ city: 'Oslo' });
    }
    const format = toModelResponseFormat('stay', stay);
    const structured = await provider.generate!(user, { responseFormat: format });
    const streamedText = await collectModelStream(streamOf(provider, user, { responseFormat: format }));
    expect([structured.text, streamedText.text]).toEqual(['{"city":"Oslo"}', '{"city":"Oslo"}']);
    expect(fake.rejections).toEqual([]);
    expect(fake.requests[0]?.body['tools']).toEqual([
      {
        type: 'function',
        function: {
          name: 'weather',
          description: 'The weather in a city now.',
          strict: true,
          parameters: {
            type: 'object',
            properties: {
              city: { type: 'string' },
              unit: { anyOf: [{ type: 'string', enum: ['celsius', 'fahrenheit'] }, { type: 'null' }] },
            },
            required: ['city', 'unit'],
            additionalProperties: false,
          },
        },
      },
    ]);
    expect(fake.requests[2]?.body['response_format']).toMatchObject({ json_schema: { name: 'stay', strict: true } });
  });

  it('is off by default: a strict-mode server would refuse the schema, and the fake does when asked for strict', async () => {
    await using fake = await startFakeOpenAiChatServer({ reply: { text: 'ok' } });
    const provider = createOpenAiProvider({ baseUrl: fake.url, generationModels: ['fake-model'] });
    await provider.generate!(user, { tools: toModelTools([weather]) });
    expect(fake.requests[0]?.body['tools']).toEqual([
      {
        type: 'function',
        function: { name: 'weather', description: 'The weather in a city now.', parameters: toModelTools([weather])[0]?.inputSchema },
      },
    ]);
  });
});

describe('createOpenAiProvider: stream', () => {
  it('streams text and interleaved tool-call pieces as typed parts, then finish with the usage chunk', async () => {
    await using fake = await startFakeOpenAiChatServer({
      reply: {
        text: 'Checking.',
        toolCalls: [
          { id: 'call_w', name: 'weather', arguments: '{"city":"Oslo"}' },
          { id: 'call_t', name: 'local_time', arguments: '{"city":"Oslo"}' },
        ],
        usage: { inputTokens: 40, outputTokens: 21 },
        chunkSize: 6,
        interleaveToolCalls: true,
        sseChunkSize: 11,
      },
    });
    const provider = createOpenAiProvider({ baseUrl: fake.url, generationModels: ['fake-model'] });
    const parts = await partsOf(streamOf(provider, user, { tools: toModelTools([weather, localTime]), onToken: vi.fn() }));
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Checki' },
      { type: 'text-delta', text: 'ng.' },
      { type: 'tool-call-delta', index: 0, id: 'call_w', name: 'weather', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 1, id: 'call_t', name: 'local_time', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"city' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '":"Osl' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '":"Osl' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'o"}' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: 'o"}' },
      { type: 'finish', finishReason: 'tool_calls', usage: { inputTokens: 40, outputTokens: 21 } },
    ]);
    expect(fake.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(fake.rejections).toEqual([]);
  });

  it('streams through the policy router, which routes tool requests to a provider that declares tools', async () => {
    await using fake = await startFakeOpenAiChatServer({
      reply: { toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }] },
    });
    const noTools = createOpenAiProvider({ name: 'no-tools', baseUrl: fake.url, generationModels: ['fake-model'], tools: false });
    const openai = createOpenAiProvider({ baseUrl: fake.url, generationModels: ['fake-model'] });
    const router = createPolicyRouter({ providers: [noTools, openai] });
    const streamed = await router.stream(user, { tools: toModelTools([weather]) });
    expect(streamed.provider).toBe('openai');
    expect((await collectModelStream(streamed.parts)).toolCalls).toEqual([{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }]);
    expect(fake.requests).toHaveLength(1);
  });

  it('is unavailable without connecting when not configured, when the first part is asked for', async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    const provider = createOpenAiProvider({ generationModels: ['gpt-4o-mini'], fetch: fetchSpy });
    await expectCortexError(partsOf(streamOf(provider, user)), 'PROVIDER_UNAVAILABLE');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("turns the fake's 400 for a malformed request into PROVIDER_REQUEST_FAILED with the status and OpenAI's message", async () => {
    await using fake = await startFakeOpenAiChatServer({ reply: { text: 'never' } });
    const provider = createOpenAiProvider({ baseUrl: fake.url, generationModels: ['fake-model'] });
    // A tool result with no call before it: the documented shape refuses it.
    const error = await expectCortexError(
      partsOf(streamOf(provider, [...user, { role: 'tool', toolCallId: 'call_9', content: 'x' }])),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.details).toMatchObject({ status: 400, errorType: 'invalid_request_error' });
    expect(error.message).toContain("messages with role 'tool' must be a response to a preceeding message with 'tool_calls'");
  });

  it.each([
    [
      'an event that is not JSON',
      ['{"choices":[{"delta":{"content":"Hi"}}]}', 'not json', '[DONE]'],
      'invalid-response',
      'OPENAI_RESPONSE_INVALID',
    ],
    ['a stream cut before its finish', ['{"choices":[{"delta":{"content":"Hi"}}]}'], 'stream-truncated', 'OPENAI_STREAM_TRUNCATED'],
    ['an error event', ['{"choices":[{"delta":{"content":"Hi"}}]}', '{"error":{"message":"overloaded"}}'], 'stream-error', undefined],
  ])('fails a broken stream (%s) with a typed error after the parts before it', async (_what, events, reason, cause) => {
    await using server = await startTestHttpServer((_request, response) => sendSse(response, events));
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, generationModels: ['m'] });
    const seen: ModelStreamPart[] = [];
    const collecting = (async () => {
      for await (const part of streamOf(provider, user)) seen.push(part);
    })();
    const error = await expectCortexError(collecting, 'PROVIDER_REQUEST_FAILED');
    expect(error.details['reason']).toBe(reason);
    if (cause !== undefined) expect(CortexError.find(error, cause)).toBeDefined();
    expect(seen).toEqual([{ type: 'text-delta', text: 'Hi' }]);
    // generate() with onToken reads the same stream and fails the same way.
    const generated = await rejectionOf(provider.generate!(user, { onToken: () => undefined }));
    expect(CortexError.is(generated, 'PROVIDER_REQUEST_FAILED') && generated.details['reason']).toBe(reason);
  });

  it('passes a tool call that never names its tool on, for collectModelStream (and generate) to refuse', async () => {
    const events = [
      '{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c","function":{"arguments":"{}"}}]}}]}',
      '{"choices":[{"delta":{},"finish_reason":"tool_calls"}]}',
      '[DONE]',
    ];
    await using server = await startTestHttpServer((_request, response) => sendSse(response, events));
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, generationModels: ['m'] });
    const collected = await expectCortexError(collectModelStream(streamOf(provider, user), 'openai'), 'PROVIDER_REQUEST_FAILED');
    const generated = await expectCortexError(provider.generate!(user, { onToken: () => undefined }), 'PROVIDER_REQUEST_FAILED');
    for (const error of [collected, generated]) {
      expect(error.message).toBe('Model provider "openai" failed: its stream never named the id and tool of tool call 0.');
    }
  });

  it('closes the connection when the reader leaves the loop early', async () => {
    let closed!: Promise<void>;
    await using server = await startTestHttpServer((_request, response) => {
      closed = new Promise((resolve) => response.on('close', () => resolve()));
      sendSse(response, ['{"choices":[{"delta":{"content":"first"}}]}'], { end: false });
    });
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, generationModels: ['m'] });
    for await (const part of streamOf(provider, user)) {
      expect(part).toEqual({ type: 'text-delta', text: 'first' });
      break;
    }
    await closed;
  });

  it("rejects with the caller's reason when aborted mid-stream", async () => {
    await using server = await startTestHttpServer((_request, response) => {
      sendSse(response, ['{"choices":[{"delta":{"content":"first"}}]}'], { end: false });
    });
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, generationModels: ['m'] });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const error = await rejectionOf(
      (async () => {
        for await (const _part of streamOf(provider, user, { signal: controller.signal })) controller.abort(reason);
      })(),
    );
    expect(error).toBe(reason);
  });
});
