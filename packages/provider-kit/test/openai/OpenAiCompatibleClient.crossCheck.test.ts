import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  type ChatMessage,
  collectModelStream,
  type ModelFinishReason,
  type ModelResponseFormat,
  type ModelToolChoice,
  type ModelToolDefinition,
  type ModelUsage,
} from '@cortex-os/kernel/router';
import { createOpenAiCompatibleClient } from '@cortex-os/provider-kit';
import { type FakeOpenAiReply, startFakeOpenAiChatServer } from '@cortex-os/provider-kit/testing';

// The same hands wrote the client and the fake: the official `openai` package reads the fake's
// answers too, and both clients' requests must pass the fake's check of the documented shape.

const weather: ModelToolDefinition = {
  name: 'weather',
  description: 'The weather in a city now.',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};
const time: ModelToolDefinition = {
  name: 'local_time',
  description: 'The local time in a city.',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const cityFormat: ModelResponseFormat = {
  type: 'json_schema',
  name: 'city',
  schema: { type: 'object', properties: { name: { type: 'string' }, population: { type: 'integer' } }, required: ['name', 'population'] },
};
const history: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Weather in Oslo?' },
  { role: 'assistant', content: '', toolCalls: [{ id: 'call_0', name: 'weather', arguments: '{"city":"Oslo"}' }] },
  { role: 'tool', toolCallId: 'call_0', content: '{"sky":"clear","celsius":-3}' },
];

interface Scenario {
  readonly name: string;
  readonly reply: FakeOpenAiReply;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ModelToolDefinition[];
  readonly toolChoice?: ModelToolChoice;
  readonly responseFormat?: ModelResponseFormat;
  readonly finishReason: ModelFinishReason;
}

const usage = { inputTokens: 31, outputTokens: 12 };
const scenarios: Scenario[] = [
  { name: 'plain text', reply: { text: 'Hello there, how can I help?', usage }, messages: history.slice(0, 2), finishReason: 'stop' },
  {
    name: 'a single tool call',
    reply: { toolCalls: [{ id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' }], usage, chunkSize: 3 },
    messages: history.slice(0, 2),
    tools: [weather, time],
    toolChoice: 'required',
    finishReason: 'tool_calls',
  },
  {
    name: 'parallel tool calls, their pieces interleaved',
    reply: {
      text: 'Checking both.',
      toolCalls: [
        { id: 'call_a', name: 'weather', arguments: '{"city":"Oslo","unit":"celsius"}' },
        { id: 'call_b', name: 'local_time', arguments: '{"city":"Tromsø"}' },
      ],
      usage,
      chunkSize: 5,
      interleaveToolCalls: true,
      sseChunkSize: 7,
    },
    messages: history.slice(0, 2),
    tools: [weather, time],
    toolChoice: 'auto',
    finishReason: 'tool_calls',
  },
  {
    name: 'a named tool choice (OpenAI answers `stop`)',
    reply: { toolCalls: [{ id: 'call_n', name: 'local_time', arguments: '{"city":"Rome"}' }], finishReason: 'stop', usage },
    messages: history.slice(0, 2),
    tools: [weather, time],
    toolChoice: { name: 'local_time' },
    finishReason: 'tool_calls',
  },
  {
    name: 'the answer after a tool result',
    reply: { text: 'Clear sky, -3 °C.', usage },
    messages: history,
    tools: [weather],
    finishReason: 'stop',
  },
  {
    name: 'structured output',
    reply: { text: '{"name":"Oslo","population":709037}', usage, chunkSize: 4 },
    messages: history.slice(0, 2),
    responseFormat: cityFormat,
    finishReason: 'stop',
  },
  {
    name: 'a reply cut by max tokens',
    reply: { text: 'Once upon a', finishReason: 'length', usage },
    messages: history.slice(0, 2),
    finishReason: 'length',
  },
  {
    name: 'a filtered reply',
    reply: { text: '', finishReason: 'content_filter', usage },
    messages: history.slice(0, 2),
    finishReason: 'content_filter',
  },
];

interface Outcome {
  readonly text: string;
  readonly toolCalls: readonly { id: string; name: string; arguments: string }[];
  readonly usage?: ModelUsage | undefined;
}

/** The scenario's request in the official client's words. */
function officialParams(scenario: Scenario): Omit<OpenAI.ChatCompletionCreateParamsNonStreaming, 'stream'> {
  const messages = scenario.messages.map((message): OpenAI.ChatCompletionMessageParam => {
    if (message.role === 'tool') return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    if (message.role !== 'assistant') return { role: message.role, content: message.content };
    const calls = (message.toolCalls ?? []).map((call) => ({
      id: call.id,
      type: 'function' as const,
      function: { name: call.name, arguments: call.arguments },
    }));
    return calls.length === 0 ? { role: 'assistant', content: message.content } : { role: 'assistant', content: null, tool_calls: calls };
  });
  const choice = scenario.toolChoice;
  return {
    model: 'fake-model',
    messages,
    ...(scenario.tools === undefined
      ? {}
      : {
          tools: scenario.tools.map((tool) => ({
            type: 'function' as const,
            function: { name: tool.name, description: tool.description, parameters: { ...tool.inputSchema } },
          })),
        }),
    ...(choice === undefined
      ? {}
      : { tool_choice: typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } } }),
    ...(scenario.responseFormat === undefined
      ? {}
      : {
          response_format: {
            type: 'json_schema',
            json_schema: { name: scenario.responseFormat.name, schema: { ...scenario.responseFormat.schema } },
          },
        }),
  };
}

function officialOutcome(completion: OpenAI.ChatCompletion, wireUsage: OpenAI.CompletionUsage | null | undefined): Outcome {
  const message = completion.choices[0]?.message;
  return {
    text: message?.content ?? '',
    toolCalls: (message?.tool_calls ?? []).flatMap((call) =>
      call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : [],
    ),
    usage: wireUsage == null ? undefined : { inputTokens: wireUsage.prompt_tokens, outputTokens: wireUsage.completion_tokens },
  };
}

function ourRequest(scenario: Scenario) {
  return {
    model: 'fake-model',
    ...(scenario.tools === undefined ? {} : { tools: scenario.tools }),
    ...(scenario.toolChoice === undefined ? {} : { toolChoice: scenario.toolChoice }),
    ...(scenario.responseFormat === undefined ? {} : { responseFormat: scenario.responseFormat }),
  };
}

describe('OpenAiCompatibleClient cross-checked with the official openai client against the fake', () => {
  describe.each(scenarios)('$name', (scenario) => {
    it('reads a completion as the official client does', async () => {
      await using fake = await startFakeOpenAiChatServer({ reply: scenario.reply });
      const official = new OpenAI({ apiKey: 'sk-fake', baseURL: fake.url, maxRetries: 0 });
      const theirs = await official.chat.completions.create(officialParams(scenario));
      const ours = await createOpenAiCompatibleClient({ baseUrl: fake.url, providerName: 'fake' }).chatCompletion(
        scenario.messages,
        ourRequest(scenario),
      );
      expect(fake.rejections).toEqual([]);
      expect({ text: ours.text, toolCalls: ours.toolCalls ?? [], usage: ours.usage }).toEqual(officialOutcome(theirs, theirs.usage));
      expect(ours.finishReason).toBe(scenario.finishReason);
      expect(theirs.choices[0]?.finish_reason).toBe(scenario.reply.finishReason ?? scenario.finishReason);
      // Both sent the same request body, bar what each adds by default.
      expect(fake.requests[1]?.body).toEqual(fake.requests[0]?.body);
    });

    it('assembles a stream as the official client does', async () => {
      await using fake = await startFakeOpenAiChatServer({ reply: scenario.reply });
      const official = new OpenAI({ apiKey: 'sk-fake', baseURL: fake.url, maxRetries: 0 });
      const stream = official.chat.completions.stream({ ...officialParams(scenario), stream_options: { include_usage: true } });
      let wireUsage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) wireUsage = chunk.usage ?? wireUsage;
      const theirs = officialOutcome(await stream.finalChatCompletion(), wireUsage);

      const client = createOpenAiCompatibleClient({ baseUrl: fake.url, providerName: 'fake' });
      const collected = await collectModelStream(client.streamChatCompletion(scenario.messages, ourRequest(scenario)));
      const tokens: string[] = [];
      const generated = await client.chatCompletion(scenario.messages, { ...ourRequest(scenario), onToken: (token) => tokens.push(token) });

      expect(fake.rejections).toEqual([]);
      expect(fake.requests.map((request) => request.stream)).toEqual([true, true, true]);
      expect({ text: collected.text, toolCalls: collected.toolCalls, usage: collected.usage }).toEqual(theirs);
      expect({ text: generated.text, toolCalls: generated.toolCalls ?? [], usage: generated.usage }).toEqual(theirs);
      expect(tokens.join('')).toBe(theirs.text);
      expect([collected.finishReason, generated.finishReason]).toEqual([scenario.finishReason, scenario.finishReason]);
    });
  });
});
