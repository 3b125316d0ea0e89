import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '@cortex-os/kernel';
import { type ChatMessage, type ModelStreamPart, toModelResponseFormat, toModelTools } from '@cortex-os/kernel/router';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { createMlxProvider } from '@cortex-os/plugin-mlx';
import { sendJson, startTestHttpServer } from '@cortex-os/provider-kit/testing';

// What mlx_lm.server (mlx_lm/server.py, `handle_completion` / `generate_response`) writes, byte
// for byte where it matters: every delta carries `role`, `content`, `reasoning` and `tool_calls`
// (often empty); each tool call arrives whole in one chunk, with an `index` only when streamed and
// an id the server makes up (uuid4, not `call_…`); the usage chunk is a `chat.completion` object
// without choices; long prompts send `: keepalive` comments; errors are `{"error": "<text>"}`.

const weather = defineTool({
  name: 'weather',
  description: 'The weather in a city now.',
  input: z.object({ city: z.string() }),
  handler: () => ({}),
});
const localTime = defineTool({
  name: 'local_time',
  description: 'The local time.',
  input: z.object({ city: z.string() }),
  handler: () => ({}),
});
const tools = toModelTools([weather, localTime]);
const user: ChatMessage[] = [{ role: 'user', content: 'Weather and time in Oslo?' }];
const MODEL = 'mlx-community/Qwen2.5-7B-Instruct-4bit';
const UUID = '0b7e5a4e-2f8c-4c1e-9a52-5d8f4c1b2e77';
// mlx_lm.server serialises the parsed arguments with json.dumps: a space after each colon.
const OSLO = '{"city": "Oslo"}';

const head = {
  id: 'chatcmpl-7d2c',
  system_fingerprint: '0.28.4-0.29.3-macOS-15.6-arm64-applegpu_g15s',
  model: MODEL,
  created: 1_767_225_600,
};

function chunk(delta: { content?: string; tool_calls?: unknown[] }, finish: string | null = null): Record<string, unknown> {
  return {
    ...head,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, finish_reason: finish, delta: { role: 'assistant', content: '', reasoning: '', tool_calls: [], ...delta } }],
  };
}

/** Writes an event stream as mlx_lm.server does, comments included, and ends it unless told not to finish it. */
function writeEvents(response: ServerResponse, lines: readonly (string | Record<string, unknown>)[]): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const line of lines) response.write(typeof line === 'string' ? line : `data: ${JSON.stringify(line)}\n\n`);
  response.end();
}

async function partsOf(stream: AsyncIterable<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const parts: ModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe("createMlxProvider in server mode: mlx_lm.server's own wire shapes", () => {
  it('reads a completion with tool calls, one of them without an id, and usage with cached tokens', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 200, {
        ...head,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            finish_reason: 'tool_calls',
            message: {
              role: 'assistant',
              content: '',
              reasoning: null,
              tool_calls: [
                { function: { name: 'weather', arguments: OSLO }, type: 'function', id: UUID },
                { function: { name: 'local_time', arguments: OSLO }, type: 'function' },
              ],
            },
          },
        ],
        usage: { prompt_tokens: 212, completion_tokens: 41, total_tokens: 253, prompt_tokens_details: { cached_tokens: 180 } },
      }),
    );
    const provider = createMlxProvider({ serverUrl: `${server.url}/v1`, generationModels: [MODEL] });
    const reply = await provider.generate!(user, { tools, responseFormat: toModelResponseFormat('city', z.object({ name: z.string() })) });
    expect(reply).toEqual({
      model: MODEL,
      text: '',
      finishReason: 'tool_calls',
      toolCalls: [
        { id: UUID, name: 'weather', arguments: OSLO },
        // A call without an id gets `call_<index>` from provider-kit's client, as ADR 0017 asks.
        { id: 'call_1', name: 'local_time', arguments: OSLO },
      ],
      usage: { inputTokens: 212, outputTokens: 41 },
    });
    const body = JSON.parse(server.requests[0]?.body ?? '{}') as Record<string, unknown>;
    // mlx_lm.server reads neither; the format went into the system message instead.
    expect(body).not.toHaveProperty('response_format');
    expect(JSON.stringify(body['tools'])).not.toContain('"strict"');
    expect((body['messages'] as Array<{ role: string }>)[0]?.role).toBe('system');
  });

  it('streams: skips keepalive comments and empty deltas, takes whole calls (one in the finish chunk), then usage', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      writeEvents(response, [
        ': keepalive 128/212\n\n',
        ': keepalive 212/212\n\n',
        chunk({ content: 'Let me ' }),
        chunk({ content: 'check.' }),
        chunk({ tool_calls: [{ function: { name: 'weather', arguments: OSLO }, type: 'function', id: UUID, index: 0 }] }),
        chunk({ tool_calls: [{ function: { name: 'local_time', arguments: OSLO }, type: 'function', index: 1 }] }, 'tool_calls'),
        {
          ...head,
          object: 'chat.completion',
          choices: [],
          usage: { prompt_tokens: 212, completion_tokens: 44, total_tokens: 256, prompt_tokens_details: { cached_tokens: 0 } },
        },
        'data: [DONE]\n\n',
      ]),
    );
    const provider = createMlxProvider({ serverUrl: `${server.url}/v1`, generationModels: [MODEL] });
    const parts = await partsOf(provider.stream!(user, { tools }));
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Let me ' },
      { type: 'text-delta', text: 'check.' },
      { type: 'tool-call-delta', index: 0, id: UUID, name: 'weather', argumentsDelta: OSLO },
      { type: 'tool-call-delta', index: 1, id: 'call_1', name: 'local_time', argumentsDelta: OSLO },
      { type: 'finish', finishReason: 'tool_calls', usage: { inputTokens: 212, outputTokens: 44 } },
    ]);
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("reports mlx_lm.server's error body (e.g. a history call whose arguments are not JSON) as PROVIDER_REQUEST_FAILED", async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 500, { error: 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)' }),
    );
    const provider = createMlxProvider({ serverUrl: `${server.url}/v1`, generationModels: [MODEL] });
    const history: ChatMessage[] = [
      ...user,
      { role: 'assistant', content: '', toolCalls: [{ id: UUID, name: 'weather', arguments: '{city: Oslo}' }] },
      { role: 'tool', toolCallId: UUID, content: 'invalid arguments' },
    ];
    const error = await expectCortexError(provider.generate!(history, { tools }), 'PROVIDER_REQUEST_FAILED');
    expect(error.details).toMatchObject({ status: 500 });
    expect(error.message).toContain('Expecting property name enclosed in double quotes');
  });

  it('reports a stream the server dropped mid-way (its tool parser raised on a malformed call) as truncated', async () => {
    await using server = await startTestHttpServer((_request, response) => writeEvents(response, [chunk({ content: 'Let me check.' })]));
    const provider = createMlxProvider({ serverUrl: `${server.url}/v1`, generationModels: [MODEL] });
    const error = await expectCortexError(partsOf(provider.stream!(user, { tools })), 'PROVIDER_REQUEST_FAILED');
    expect(error.details).toMatchObject({ reason: 'stream-truncated' });
  });
});
