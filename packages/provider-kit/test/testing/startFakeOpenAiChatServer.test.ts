import { describe, expect, it } from 'vitest';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { type FakeOpenAiReply, startFakeOpenAiChatServer } from '@cortex-os/provider-kit/testing';

const user = { role: 'user', content: 'Weather in Oslo?' };
const weather = { type: 'function', function: { name: 'weather', description: 'Weather now', parameters: { type: 'object' } } };
const call = { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } };

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('startFakeOpenAiChatServer: request checks', () => {
  it.each([
    ['a body that is not JSON', '{', 'We could not parse the JSON body of your request.', null],
    ['no model', { messages: [user] }, "Missing required parameter: 'model'.", 'model'],
    ['an unknown parameter', { model: 'm', messages: [user], functions: [] }, 'Unrecognized request argument supplied: functions', null],
    [
      'a tool without a function',
      { model: 'm', messages: [user], tools: [{ type: 'function', name: 'weather' }] },
      "Missing required parameter: 'tools[0].function'.",
      'tools[0].function',
    ],
    ['an empty tools list', { model: 'm', messages: [user], tools: [] }, expect.stringContaining("Invalid value for 'tools'"), 'tools'],
    [
      'a tool name with spaces',
      { model: 'm', messages: [user], tools: [{ type: 'function', function: { name: 'get weather' } }] },
      expect.stringContaining("Invalid value for 'tools[0].function.name'"),
      'tools[0].function.name',
    ],
    [
      'a tool message without tool_call_id',
      { model: 'm', messages: [user, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', content: 'sunny' }] },
      "Missing required parameter: 'messages[2].tool_call_id'.",
      'messages[2].tool_call_id',
    ],
    [
      'a tool message that answers no call',
      { model: 'm', messages: [user, { role: 'tool', tool_call_id: 'call_9', content: 'sunny' }] },
      "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
      'messages.[1].role',
    ],
    [
      'a call left unanswered',
      { model: 'm', messages: [user, { role: 'assistant', content: null, tool_calls: [call] }, user] },
      "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_1",
      'messages.[1].role',
    ],
    [
      'arguments sent as an object',
      {
        model: 'm',
        messages: [
          user,
          { role: 'assistant', content: null, tool_calls: [{ ...call, function: { name: 'weather', arguments: { city: 'Oslo' } } }] },
        ],
      },
      expect.stringContaining("Invalid value for 'messages[1].tool_calls[0].function.arguments'"),
      'messages[1].tool_calls[0].function.arguments',
    ],
    [
      'tool_choice without tools',
      { model: 'm', messages: [user], tool_choice: 'required' },
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      'tool_choice',
    ],
    [
      'tool_choice naming a tool not offered',
      { model: 'm', messages: [user], tools: [weather], tool_choice: { type: 'function', function: { name: 'time' } } },
      "Invalid value for 'tool_choice': function 'time' is not among 'tools'.",
      'tool_choice',
    ],
    [
      'stream_options without stream',
      { model: 'm', messages: [user], stream_options: { include_usage: true } },
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
    ],
    [
      'a strict tool whose object is open',
      {
        model: 'm',
        messages: [user],
        tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' }, strict: true } }],
      },
      "Invalid schema for function 'weather': In context=(), 'additionalProperties' is required to be supplied and to be false.",
      'tools[0].function.parameters',
    ],
    [
      'a strict response format with an optional property',
      {
        model: 'm',
        messages: [user],
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'city',
            strict: true,
            schema: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false },
          },
        },
      },
      "Invalid schema for response_format 'city': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'name'.",
      'response_format',
    ],
  ])('refuses %s with a 400 in OpenAI’s error format', async (_what, body, message, param) => {
    await using fake = await startFakeOpenAiChatServer({ reply: { text: 'never sent' } });
    const { status, json } = await post(fake.url, body);
    expect(status).toBe(400);
    expect(json).toEqual({ error: { message, type: 'invalid_request_error', param, code: expect.toBeOneOf([null, expect.any(String)]) } });
    expect(fake.requests).toEqual([]);
    expect(fake.rejections).toHaveLength(1);
  });

  it('accepts a whole tool round trip: tools, a named choice, the call, its result', async () => {
    await using fake = await startFakeOpenAiChatServer({ reply: { text: 'Sunny.' } });
    const body = {
      model: 'm',
      messages: [
        user,
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"sky":"clear"}' },
      ],
      tools: [weather],
      tool_choice: { type: 'function', function: { name: 'weather' } },
    };
    const { status, json } = await post(fake.url, body);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      object: 'chat.completion',
      model: 'm',
      choices: [{ message: { content: 'Sunny.' }, finish_reason: 'stop' }],
    });
    expect(fake.requests[0]?.body).toEqual(body);
  });

  it('answers 404 in OpenAI’s error format for another path, and lists its models', async () => {
    await using fake = await startFakeOpenAiChatServer({ reply: {}, models: ['a', 'b'] });
    const missing = await fetch(`${fake.url}/completions`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    const models = (await (await fetch(`${fake.url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toEqual(['a', 'b']);
  });

  it('refuses a missing reply when started', async () => {
    await expectCortexError(startFakeOpenAiChatServer({ reply: undefined as unknown as FakeOpenAiReply }), 'TESTING_ARGUMENT_INVALID');
  });
});

describe('startFakeOpenAiChatServer: streamed replies', () => {
  it('streams the role, content, tool-call heads and interleaved argument pieces, the finish, the usage chunk and [DONE]', async () => {
    await using fake = await startFakeOpenAiChatServer({
      reply: {
        text: 'On it',
        toolCalls: [
          { id: 'call_a', name: 'weather', arguments: '{"city":"Oslo"}' },
          { id: 'call_b', name: 'weather', arguments: '{"city":"Rome"}' },
        ],
        usage: { inputTokens: 12, outputTokens: 9 },
        chunkSize: 8,
        interleaveToolCalls: true,
      },
    });
    const response = await fetch(`${fake.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [user], tools: [weather], stream: true, stream_options: { include_usage: true } }),
    });
    const events = (await response.text()).split('\n\n').filter((event) => event !== '');
    const data = events.map((event) => event.replace(/^data: /, ''));
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data
      .slice(0, -1)
      .map((each) => JSON.parse(each) as { choices: { delta: unknown; finish_reason: unknown }[]; usage: unknown });
    expect(chunks.map((chunk) => chunk.choices[0]?.delta ?? null)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: 'On it' },
      { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } }] },
      { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'weather', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '{"city":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '"Rome"}' } }] },
      {},
      null,
    ]);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 } });
  });
});
