// The provider and the official `ollama` client (0.6.4) against the same wire fake of
// `/api/chat`, scenario by scenario: both must be accepted by the fake's check of the documented
// request shape, and both must read the same reply from its answers (text, tool calls, counts).
import { type ChatResponse, type Message, Ollama, type Tool } from 'ollama';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CortexError } from '@cortex-os/kernel';
import {
  type ChatMessage,
  collectModelStream,
  type GenerateOptions,
  type ModelFinishReason,
  type ModelToolCall,
  type ModelToolDefinition,
  type ModelUsage,
  parseStructuredOutput,
  toModelResponseFormat,
} from '@cortex-os/kernel/router';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { createOllamaProvider } from '@cortex-os/plugin-ollama';
import { type FakeReply, type FakeToolCall, startOllamaWireFake } from './ollamaWireFake.js';

const model = 'qwen3';
const question: ChatMessage[] = [{ role: 'user', content: 'What is the temperature in New York and London?' }];

// A tool as the kernel offers it (`toModelTools` writes zod's 2020-12 JSON Schema, `$schema` included)…
const temperature: ModelToolDefinition = {
  name: 'get_temperature',
  description: 'Get the current temperature for a city',
  inputSchema: z.toJSONSchema(z.object({ city: z.string().describe('The name of the city') }), { target: 'draft-2020-12' }),
};
// …and as a user of the official client writes it, from Ollama's tool-calling docs.
const officialTemperature: Tool = {
  type: 'function',
  function: {
    name: 'get_temperature',
    description: 'Get the current temperature for a city',
    parameters: { type: 'object', required: ['city'], properties: { city: { type: 'string', description: 'The name of the city' } } },
  },
};

const city = z.object({ name: z.string(), population: z.int().min(0), country: z.string().regex(/^[A-Z]{2}/) });
const cityFormat = toModelResponseFormat('city', city);
const officialCityFormat = {
  type: 'object',
  properties: { name: { type: 'string' }, population: { type: 'integer' }, country: { type: 'string' } },
  required: ['name', 'population', 'country'],
};

interface Scenario {
  readonly name: string;
  readonly reply: FakeReply;
  readonly tools?: true;
  readonly format?: true;
  readonly finish: ModelFinishReason;
}

const newYork: FakeToolCall = { id: 'call_1a2b3c4d', name: 'get_temperature', arguments: { city: 'New York' } };
const scenarios: readonly Scenario[] = [
  { name: 'text', reply: { content: ['The sky', ' is blue', '.'], promptEvalCount: 26, evalCount: 3 }, finish: 'stop' },
  {
    name: 'a single tool call (with a server id)',
    reply: { toolCallChunks: [[newYork]], promptEvalCount: 122, evalCount: 33 },
    tools: true,
    finish: 'tool_calls',
  },
  {
    name: 'parallel tool calls (an older server: no ids)',
    reply: {
      toolCallChunks: [
        [
          { name: 'get_temperature', arguments: { city: 'New York' } },
          { name: 'get_temperature', arguments: { city: 'London', unit: { scale: 'celsius', digits: [1, 2] } } },
        ],
      ],
      promptEvalCount: 130,
      evalCount: 40,
    },
    tools: true,
    finish: 'tool_calls',
  },
  {
    name: 'tool calls in separate chunks, after text',
    reply: {
      content: ['Let me check. '],
      toolCallChunks: [[newYork], [{ id: 'call_9z8y7x6w', name: 'get_temperature', arguments: { city: 'London' } }]],
      evalCount: 50,
    },
    tools: true,
    finish: 'tool_calls',
  },
  {
    name: 'structured output',
    reply: { content: ['{"name":"Paris",', '"population":2102650,', '"country":"FR"}'], promptEvalCount: 40, evalCount: 20 },
    format: true,
    finish: 'stop',
  },
  { name: 'streamed text split mid-line', reply: { content: ['Hél', 'lo, wörld ', '👋'], evalCount: 3, chunkSize: 7 }, finish: 'stop' },
  {
    name: 'done_reason length',
    reply: { content: ['Once upon', ' a time'], doneReason: 'length', promptEvalCount: 5, evalCount: 2 },
    finish: 'length',
  },
  { name: 'no counts (a cached prompt)', reply: { content: ['ok'] }, finish: 'stop' },
];

/** What both clients must agree on. */
interface Outcome {
  readonly text: string;
  readonly calls: readonly { readonly name: string; readonly arguments: unknown }[];
  readonly usage: ModelUsage | undefined;
}

function ourOutcome(reply: { text: string; toolCalls?: readonly ModelToolCall[] | undefined; usage?: ModelUsage | undefined }): Outcome {
  const calls = (reply.toolCalls ?? []).map((call) => ({ name: call.name, arguments: JSON.parse(call.arguments) as unknown }));
  const usage = reply.usage === undefined || Object.keys(reply.usage).length === 0 ? undefined : reply.usage;
  return { text: reply.text, calls, usage };
}

function officialOutcome(responses: readonly ChatResponse[]): Outcome {
  const last = responses.at(-1) as ChatResponse;
  const calls = responses.flatMap((response) => response.message.tool_calls ?? []);
  const usage: ModelUsage = {
    ...(last.prompt_eval_count === undefined ? {} : { inputTokens: last.prompt_eval_count }),
    ...(last.eval_count === undefined ? {} : { outputTokens: last.eval_count }),
  };
  return {
    text: responses.map((response) => response.message.content).join(''),
    calls: calls.map((call) => ({ name: call.function.name, arguments: call.function.arguments })),
    usage: Object.keys(usage).length === 0 ? undefined : usage,
  };
}

/** The ids the official client saw (Ollama 0.12+ sends them; the 0.6.4 types do not know the field). */
function officialIds(responses: readonly ChatResponse[]): (string | undefined)[] {
  return responses.flatMap((response) => (response.message.tool_calls ?? []).map((call) => (call as { id?: string }).id));
}

async function askOfficial(url: string, scenario: Scenario, stream: boolean): Promise<ChatResponse[]> {
  const client = new Ollama({ host: url });
  const request = {
    model,
    messages: question.map((message) => ({ role: message.role, content: message.content })),
    ...(scenario.tools === undefined ? {} : { tools: [officialTemperature] }),
    ...(scenario.format === undefined ? {} : { format: officialCityFormat }),
  };
  if (!stream) return [await client.chat({ ...request, stream: false })];
  const responses: ChatResponse[] = [];
  for await (const part of await client.chat({ ...request, stream: true })) responses.push(part);
  return responses;
}

describe('the wire fake of /api/chat, cross-checked with the official ollama client', () => {
  it.each(scenarios)('$name: both clients pass the request check and read the same reply', async (scenario) => {
    await using fake = await startOllamaWireFake(() => scenario.reply);
    const provider = createOllamaProvider({ baseUrl: fake.url, generationModels: [model] });
    const options: GenerateOptions = {
      ...(scenario.tools === undefined ? {} : { tools: [temperature] }),
      ...(scenario.format === undefined ? {} : { responseFormat: cityFormat }),
    };
    const tokens: string[] = [];
    const ours = [
      await provider.generate!(question, options),
      await provider.generate!(question, { ...options, onToken: (token) => tokens.push(token) }),
      await collectModelStream(provider.stream!(question, options)),
    ];
    const official = [await askOfficial(fake.url, scenario, false), await askOfficial(fake.url, scenario, true)];

    expect(fake.refused).toEqual([]);
    expect(fake.accepted.map((request) => request.stream)).toEqual([false, true, true, false, true]);
    const expected = officialOutcome(official[0] as ChatResponse[]);
    expect(officialOutcome(official[1] as ChatResponse[])).toEqual(expected);
    for (const reply of ours) {
      expect(ourOutcome(reply)).toEqual(expected);
      expect(reply.finishReason).toBe(scenario.finish);
    }
    expect(tokens).toEqual(scenario.reply.content ?? []);
    // Server ids pass through; missing ones are invented the same way in every mode.
    const ids = ours.map((reply) => (reply.toolCalls ?? []).map((call) => call.id));
    expect(new Set(ids.map((list) => list.join()))).toHaveProperty('size', 1);
    for (const [i, id] of officialIds(official[0] as ChatResponse[]).entries()) {
      if (id !== undefined) expect(ids[0]?.[i]).toBe(id);
      else expect(ids[0]?.[i]).toMatch(/^call_\d+_[0-9a-f]{8}$/);
    }
    if (scenario.format === true)
      expect(parseStructuredOutput(ours[0]?.text ?? '', city, 'city')).toEqual({ name: 'Paris', population: 2102650, country: 'FR' });
  });

  it("sends tools and format in Ollama's documented shape, cleaned of what Ollama cannot use", async () => {
    await using fake = await startOllamaWireFake(() => ({ content: ['{}'] }));
    const provider = createOllamaProvider({ baseUrl: fake.url, generationModels: [model], keepAlive: '5m' });
    await provider.generate!(question, { tools: [temperature], responseFormat: cityFormat, maxTokens: 64, temperature: 0 });
    expect(fake.refused).toEqual([]);
    expect(fake.accepted[0]).toEqual({
      model,
      messages: [{ role: 'user', content: 'What is the temperature in New York and London?' }],
      stream: false,
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_temperature',
            description: 'Get the current temperature for a city',
            parameters: {
              type: 'object',
              properties: { city: { type: 'string', description: 'The name of the city' } },
              required: ['city'],
              additionalProperties: false,
            },
          },
        },
      ],
      // `pattern` is gone (llama.cpp refuses unanchored ones), and so is zod's safe-integer bound.
      format: {
        type: 'object',
        properties: { name: { type: 'string' }, population: { type: 'integer', minimum: 0 }, country: { type: 'string' } },
        required: ['name', 'population', 'country'],
        additionalProperties: false,
      },
      options: { num_predict: 64, temperature: 0 },
      keep_alive: '5m',
    });
  });

  it('carries a tool-calling conversation back in the shape the tool-calling docs show', async () => {
    await using fake = await startOllamaWireFake(() => ({ content: ['It is 22°C in New York.'] }));
    const provider = createOllamaProvider({ baseUrl: fake.url, generationModels: [model] });
    const history: ChatMessage[] = [
      ...question,
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1a2b3c4d', name: 'get_temperature', arguments: '{"city":"New York"}' }] },
      { role: 'tool', toolCallId: 'call_1a2b3c4d', content: '22°C' },
    ];
    const reply = await provider.generate!(history, { tools: [temperature] });
    // The docs' own second request, sent by the official client.
    const documented: Message[] = [
      { role: 'user', content: 'What is the temperature in New York and London?' },
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_temperature', arguments: { city: 'New York' } } }] },
      { role: 'tool', tool_name: 'get_temperature', content: '22°C' },
    ];
    const official = await new Ollama({ host: fake.url }).chat({
      model,
      messages: documented,
      tools: [officialTemperature],
      stream: false,
    });

    expect(fake.refused).toEqual([]);
    expect(reply.text).toBe(official.message.content);
    expect(fake.accepted[0]?.messages).toEqual([
      documented[0],
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'call_1a2b3c4d', function: { index: 0, name: 'get_temperature', arguments: { city: 'New York' } } }],
      },
      { role: 'tool', content: '22°C', tool_name: 'get_temperature', tool_call_id: 'call_1a2b3c4d' },
    ]);
    expect(fake.accepted[1]?.messages).toEqual(documented);
  });

  it("refuses malformed requests with a 400 in Ollama's {error} format, which the official client reads", async () => {
    await using fake = await startOllamaWireFake(() => ({ content: ['unused'] }));
    const official = await new Ollama({ host: fake.url }).chat({ model: '', messages: [] }).catch((error: unknown) => error);
    expect(official).toMatchObject({ name: 'ResponseError', error: 'model is required', status_code: 400 });
    const raw = await fetch(`${fake.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model, messages: [], tools: [officialTemperature], tool_choice: 'required' }),
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: string }).error).toContain('tool_choice');
    const unanchored = await fetch(`${fake.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model, messages: [], format: { type: 'string', pattern: '[0-9]' } }),
    });
    expect(await unanchored.json()).toEqual({ error: "invalid JSON schema in format: #: Pattern must start with '^' and end with '$'" });
    expect(fake.accepted).toEqual([]);
  });

  it('passes an Ollama refusal (a model without tools) on as PROVIDER_REQUEST_FAILED with its status and message', async () => {
    const error = 'registry.ollama.ai/library/gemma3:latest does not support tools';
    await using fake = await startOllamaWireFake(() => ({ refuse: { status: 400, error } }));
    const provider = createOllamaProvider({ baseUrl: fake.url, generationModels: ['gemma3'] });
    const ours = await expectCortexError(provider.generate!(question, { tools: [temperature] }), 'PROVIDER_REQUEST_FAILED');
    expect(ours.details).toMatchObject({ provider: 'ollama', reason: 'http', status: 400 });
    expect(ours.message).toBe(`Provider "ollama" answered 400 Bad Request to POST /api/chat: ${error}`);
    const streamed = await expectCortexError(
      collectModelStream(provider.stream!(question, { tools: [temperature] })),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(streamed.message).toBe(ours.message);
    const official = await new Ollama({ host: fake.url })
      .chat({ model: 'gemma3', messages: [], tools: [officialTemperature] })
      .catch((e: unknown) => e);
    expect(official).toMatchObject({ error, status_code: 400 });
  });

  it('fails both clients on an {error} line mid-stream, ours with OLLAMA_STREAM_ERROR', async () => {
    await using fake = await startOllamaWireFake(() => ({ content: ['Hel'], errorMidStream: 'llama runner process has terminated' }));
    const provider = createOllamaProvider({ baseUrl: fake.url, generationModels: [model] });
    const parts: string[] = [];
    const error = await expectCortexError(
      (async () => {
        for await (const part of provider.stream!(question)) parts.push(part.type);
      })(),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(parts).toEqual(['text-delta']);
    expect(error.details).toEqual({ provider: 'ollama', reason: 'stream-error' });
    expect(CortexError.is(error.cause, 'OLLAMA_STREAM_ERROR')).toBe(true);
    expect(error.message).toBe('Provider "ollama" reported an error mid-stream on POST /api/chat: llama runner process has terminated');
    const official = async () => {
      for await (const _ of await new Ollama({ host: fake.url }).chat({ model, messages: [], stream: true })) void _;
    };
    await expect(official()).rejects.toThrow('llama runner process has terminated');
  });
});
