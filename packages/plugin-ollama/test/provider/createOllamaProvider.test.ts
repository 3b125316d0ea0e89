import { describe, expect, it, vi } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import type { ModelProvider, ModelStreamPart } from '@cortex-os/kernel/router';
import { createOllamaProvider } from '@cortex-os/plugin-ollama';
import { expectCortexError, rejectionOf } from '@cortex-os/kernel/testing';
import { closedPort, sendJson, sendNdjson, startTestHttpServer } from '@cortex-os/provider-kit/testing';

const line = (content: string, done = false, extra: Record<string, unknown> = {}): string =>
  `${JSON.stringify({ model: 'llama3.2', created_at: '2026-11-01T10:00:00Z', message: { role: 'assistant', content }, done, ...extra })}\n`;

const tags = {
  models: [
    { name: 'llama3.2:latest', model: 'llama3.2:latest', size: 1 },
    { name: 'nomic-embed-text:latest', model: 'nomic-embed-text:latest', size: 1 },
  ],
};

describe('createOllamaProvider: configuration', () => {
  it('is unavailable without a base URL and never opens a connection', async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    const provider = createOllamaProvider({
      embedding: { model: 'nomic-embed-text', dimensions: 3 },
      generationModels: ['llama3.2'],
      fetch: fetchSpy,
    });
    expect(await provider.health()).toEqual({
      available: false,
      reason: 'no base URL configured (e.g. baseUrl: "http://127.0.0.1:11434")',
    });
    await expectCortexError(provider.embed!(['x']), 'PROVIDER_UNAVAILABLE');
    await expectCortexError(provider.generate!([{ role: 'user', content: 'x' }]), 'PROVIDER_UNAVAILABLE');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('declares local, free capabilities from its options, with tools, structured output and streaming for chat', () => {
    const provider = createOllamaProvider({
      baseUrl: 'http://127.0.0.1:11434',
      embedding: { model: 'nomic-embed-text', dimensions: 768 },
      generationModels: ['llama3.2'],
    });
    expect(provider.capabilities).toEqual({
      operations: ['embed', 'generate'],
      embedding: { model: 'nomic-embed-text', dimensions: 768, modalities: ['text'] },
      generationModels: ['llama3.2'],
      tools: true,
      structuredOutput: true,
      streaming: true,
      locality: 'local',
      relativeCost: 0,
    });
    expect(createOllamaProvider({ generationModels: ['gemma3'], toolCalling: false }).capabilities).toMatchObject({
      tools: false,
      structuredOutput: true,
      streaming: true,
    });
    expect(createOllamaProvider({ embedding: { model: 'nomic-embed-text', dimensions: 768 } }).capabilities).not.toHaveProperty('tools');
    expect(() => createOllamaProvider({ baseUrl: 'localhost:11434' })).toThrow(
      'baseUrl "localhost:11434" must be an http(s) URL such as "http://127.0.0.1:11434".',
    );
  });
});

describe('createOllamaProvider: health', () => {
  it('is available when every configured model is pulled (":latest" implied)', async () => {
    await using server = await startTestHttpServer((_request, response) => sendJson(response, 200, tags));
    const provider = createOllamaProvider({
      baseUrl: server.url,
      embedding: { model: 'nomic-embed-text', dimensions: 3 },
      generationModels: ['llama3.2'],
    });
    expect(await provider.health()).toEqual({
      available: true,
      details: { baseUrl: server.url, models: ['llama3.2:latest', 'nomic-embed-text:latest'] },
    });
    expect(server.requests[0]?.url).toBe('/api/tags');
  });

  it('names the models to pull when some are missing', async () => {
    await using server = await startTestHttpServer((_request, response) => sendJson(response, 200, tags));
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['qwen3:8b'] });
    const health = await provider.health();
    expect(health.available).toBe(false);
    expect(health.reason).toBe('model not pulled: qwen3:8b (run `ollama pull qwen3:8b`)');
  });

  it('is unavailable, saying why, when Ollama is not running', async () => {
    const port = await closedPort();
    const provider = createOllamaProvider({ baseUrl: `http://127.0.0.1:${port}`, generationModels: ['llama3.2'] });
    expect(await provider.health()).toEqual({
      available: false,
      reason: `Provider "ollama" cannot reach http://127.0.0.1:${port}: ECONNREFUSED (is \`ollama serve\` running?).`,
      details: { baseUrl: `http://127.0.0.1:${port}` },
    });
  });
});

describe('createOllamaProvider: embeddings', () => {
  it('posts all inputs to /api/embed and returns one vector each', async () => {
    await using server = await startTestHttpServer((request, response) => {
      const { input } = JSON.parse(request.body) as { input: string[] };
      sendJson(response, 200, {
        model: 'nomic-embed-text',
        embeddings: input.map((t) => [t.length, 0, 1]),
        total_duration: 1,
        prompt_eval_count: 2,
      });
    });
    const provider = createOllamaProvider({
      baseUrl: server.url,
      embedding: { model: 'nomic-embed-text', dimensions: 3 },
      keepAlive: '5m',
    });
    const result = await provider.embed!(['a', 'bbb']);
    expect(result.vectors.map((v) => [...v])).toEqual([
      [1, 0, 1],
      [3, 0, 1],
    ]);
    expect(result.model).toBe('nomic-embed-text');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ model: 'nomic-embed-text', input: ['a', 'bbb'], keep_alive: '5m' });
  });

  it('maps a 404 for an unknown model to PROVIDER_REQUEST_FAILED with the status and Ollama message', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 404, { error: 'model "nomic-embed-text" not found, try pulling it first' }),
    );
    const provider = createOllamaProvider({ baseUrl: server.url, embedding: { model: 'nomic-embed-text', dimensions: 3 } });
    const error = await expectCortexError(provider.embed!(['a']), 'PROVIDER_REQUEST_FAILED');
    expect(error.details).toEqual({ provider: 'ollama', reason: 'http', status: 404 });
    expect(error.message).toBe(
      'Provider "ollama" answered 404 Not Found to POST /api/embed: model "nomic-embed-text" not found, try pulling it first',
    );
  });

  it('maps 429 with Retry-After and 5xx to PROVIDER_REQUEST_FAILED with status and retryAfterMs', async () => {
    let calls = 0;
    await using server = await startTestHttpServer((_request, response) => {
      calls += 1;
      if (calls === 1) sendJson(response, 429, { error: 'server busy' }, { 'retry-after': '2' });
      else sendJson(response, 500, { error: 'llama runner process has terminated' });
    });
    const provider = createOllamaProvider({ baseUrl: server.url, embedding: { model: 'nomic-embed-text', dimensions: 3 } });
    expect((await expectCortexError(provider.embed!(['a']), 'PROVIDER_REQUEST_FAILED')).details).toEqual({
      provider: 'ollama',
      reason: 'http',
      status: 429,
      retryAfterMs: 2000,
    });
    expect((await expectCortexError(provider.embed!(['a']), 'PROVIDER_REQUEST_FAILED')).details).toEqual({
      provider: 'ollama',
      reason: 'http',
      status: 500,
    });
  });

  it('rejects vectors of the wrong size', async () => {
    await using server = await startTestHttpServer((_request, response) => sendJson(response, 200, { embeddings: [[1, 2]] }));
    const provider = createOllamaProvider({ baseUrl: server.url, embedding: { model: 'nomic-embed-text', dimensions: 3 } });
    const error = await expectCortexError(provider.embed!(['a']), 'PROVIDER_REQUEST_FAILED');
    expect(CortexError.is(error.cause, 'OLLAMA_RESPONSE_INVALID')).toBe(true);
  });
});

describe('createOllamaProvider: chat', () => {
  it('streams NDJSON tokens in order and reads usage from the final line', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendNdjson(response, [line('Hel'), line('lo'), line('', true, { done_reason: 'stop', prompt_eval_count: 4, eval_count: 2 })], {
        chunkSize: 13,
      }),
    );
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    const tokens: string[] = [];
    const result = await provider.generate!([{ role: 'user', content: 'Hi' }], {
      onToken: (t) => tokens.push(t),
      maxTokens: 8,
      temperature: 0.2,
    });
    expect(tokens).toEqual(['Hel', 'lo']);
    expect(result).toEqual({ model: 'llama3.2', text: 'Hello', finishReason: 'stop', usage: { inputTokens: 4, outputTokens: 2 } });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      options: { num_predict: 8, temperature: 0.2 },
    });
  });

  it('answers without streaming when no onToken is given', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 200, JSON.parse(line('Hi there', true, { done_reason: 'length' }))),
    );
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    const result = await provider.generate!([{ role: 'user', content: 'Hi' }]);
    expect(result).toMatchObject({ text: 'Hi there', finishReason: 'length' });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toMatchObject({ stream: false });
  });
});

/** Reads a streamed reply through `generate` (with `onToken`) or `stream`, calling `onPart` per text part. */
type StreamedRead = (provider: ModelProvider, options?: { signal?: AbortSignal; onPart?: () => void }) => Promise<unknown>;
const streamedReads: [string, StreamedRead][] = [
  [
    'generate with onToken',
    (provider, { signal, onPart } = {}) =>
      provider.generate!([{ role: 'user', content: 'Hi' }], { ...(signal === undefined ? {} : { signal }), onToken: () => onPart?.() }),
  ],
  [
    'stream',
    async (provider, { signal, onPart } = {}) => {
      for await (const part of provider.stream!([{ role: 'user', content: 'Hi' }], signal === undefined ? {} : { signal }))
        if (part.type === 'text-delta') onPart?.();
    },
  ],
];

describe.each(streamedReads)('createOllamaProvider: a failing stream, read by %s', (_name, read) => {
  it('rejects lines that end before "done": true as truncated', async () => {
    await using server = await startTestHttpServer((_request, response) => sendNdjson(response, [line('partial')]));
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    const error = await expectCortexError(read(provider), 'PROVIDER_REQUEST_FAILED');
    expect(error.details).toEqual({ provider: 'ollama', reason: 'stream-truncated' });
    expect(CortexError.is(error.cause, 'OLLAMA_STREAM_TRUNCATED')).toBe(true);
  });

  it('rejects a malformed line (after the parts before it) and an oversized line as invalid responses', async () => {
    await using server = await startTestHttpServer((request, response) => {
      if (request.url === '/api/chat' && server.requests.length === 1) sendNdjson(response, [line('a'), '{"message": {"content": "x"']);
      else sendNdjson(response, [`${'x'.repeat(5000)}\n`]);
    });
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'], maxLineBytes: 1000 });
    let parts = 0;
    const malformed = await expectCortexError(read(provider, { onPart: () => (parts += 1) }), 'PROVIDER_REQUEST_FAILED');
    expect(parts).toBe(1);
    expect(malformed.message).toBe(
      'Provider "ollama" answered POST /api/chat with an invalid body: line is not JSON: {"message": {"content": "x".',
    );
    expect(malformed.details).toEqual({ provider: 'ollama', reason: 'invalid-response' });
    const oversized = await expectCortexError(read(provider), 'PROVIDER_REQUEST_FAILED');
    expect(CortexError.is(oversized.cause, 'OLLAMA_RESPONSE_INVALID')).toBe(true);
  });

  it('aborts a stream that stalls longer than streamIdleTimeoutMs', async () => {
    await using server = await startTestHttpServer((_request, response) => sendNdjson(response, [line('first')], { end: false }));
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'], streamIdleTimeoutMs: 150 });
    const error = await expectCortexError(read(provider), 'PROVIDER_REQUEST_FAILED');
    expect(error.details).toEqual({ provider: 'ollama', reason: 'timeout', timeoutMs: 150 });
    expect(CortexError.is(error.cause, 'OLLAMA_TIMEOUT')).toBe(true);
  });

  it("rejects with the caller's reason when aborted mid-stream, and closes the connection", async () => {
    let closed!: Promise<void>;
    await using server = await startTestHttpServer((_request, response) => {
      closed = new Promise((resolve) => response.on('close', () => resolve()));
      sendNdjson(response, [line('first')], { end: false });
    });
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    expect(await rejectionOf(read(provider, { signal: controller.signal, onPart: () => controller.abort(reason) }))).toBe(reason);
    await closed;
  });

  it('surfaces an error line sent mid-stream, with an OLLAMA_STREAM_ERROR cause', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendNdjson(response, [line('a'), '{"error":"out of memory"}\n']),
    );
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    const error = await expectCortexError(read(provider), 'PROVIDER_REQUEST_FAILED');
    expect(error.message).toBe('Provider "ollama" reported an error mid-stream on POST /api/chat: out of memory');
    expect(error.details).toEqual({ provider: 'ollama', reason: 'stream-error' });
    expect(CortexError.is(error.cause, 'OLLAMA_STREAM_ERROR')).toBe(true);
  });
});

const calls = (...toolCalls: { name: string; arguments: Record<string, unknown>; id?: string }[]) =>
  line('', false, {
    message: {
      role: 'assistant',
      content: '',
      tool_calls: toolCalls.map(({ id, name, arguments: args }) => ({
        ...(id === undefined ? {} : { id }),
        function: { name, arguments: args },
      })),
    },
  });
const searchTool = {
  name: 'search',
  description: 'Search the web',
  inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
};
const answerTool = {
  name: 'answer',
  description: 'Give the final answer',
  inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
};

async function partsOf(stream: AsyncIterable<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const parts: ModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('createOllamaProvider: stream', () => {
  it('streams text deltas, then one finish with usage, over a streamed request', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendNdjson(response, [line('Hel'), line('lo'), line('', true, { done_reason: 'stop', prompt_eval_count: 4, eval_count: 2 })], {
        chunkSize: 5,
      }),
    );
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    expect(await partsOf(provider.stream!([{ role: 'user', content: 'Hi' }], { temperature: 0 }))).toEqual([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 4, outputTokens: 2 } },
    ]);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      options: { temperature: 0 },
    });
  });

  it('streams a tool-call chunk as whole calls and finishes with tool_calls', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendNdjson(response, [calls({ id: 'call_x', name: 'search', arguments: { q: 'ollama' } }), line('', true, { done_reason: 'stop' })]),
    );
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    expect(await partsOf(provider.stream!([{ role: 'user', content: 'Find it' }], { tools: [searchTool] }))).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'call_x', name: 'search', argumentsDelta: '{"q":"ollama"}' },
      { type: 'finish', finishReason: 'tool_calls' },
    ]);
  });

  it('sends nothing until the first part is asked for', async () => {
    await using server = await startTestHttpServer((_request, response) => sendNdjson(response, [line('a', true)]));
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    const iterator = provider.stream!([{ role: 'user', content: 'Hi' }])[Symbol.asyncIterator]();
    expect(server.requests).toHaveLength(0);
    expect(await iterator.next()).toEqual({ done: false, value: { type: 'text-delta', text: 'a' } });
    expect(server.requests).toHaveLength(1);
    await iterator.return?.();
  });

  it('closes the connection when the caller leaves the loop early', async () => {
    let closed!: Promise<void>;
    await using server = await startTestHttpServer((_request, response) => {
      closed = new Promise((resolve) => response.on('close', () => resolve()));
      sendNdjson(response, [line('first')], { end: false });
    });
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    for await (const part of provider.stream!([{ role: 'user', content: 'Hi' }])) {
      expect(part).toEqual({ type: 'text-delta', text: 'first' });
      break;
    }
    await closed;
  });

  it('is unavailable without a base URL or when Ollama is not running, before any part', async () => {
    await expectCortexError(
      partsOf(createOllamaProvider({ generationModels: ['llama3.2'] }).stream!([{ role: 'user', content: 'x' }])),
      'PROVIDER_UNAVAILABLE',
    );
    const port = await closedPort();
    const provider = createOllamaProvider({ baseUrl: `http://127.0.0.1:${port}`, generationModels: ['llama3.2'] });
    const error = await expectCortexError(partsOf(provider.stream!([{ role: 'user', content: 'x' }])), 'PROVIDER_UNAVAILABLE');
    expect(error.details).toMatchObject({ reason: 'unreachable' });
  });
});

describe('createOllamaProvider: tools and tool choice', () => {
  it('returns tool calls with JSON text arguments and finishReason tool_calls from generate', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 200, {
        ...JSON.parse(calls({ name: 'search', arguments: { q: 'a' } }, { name: 'answer', arguments: { text: 'b' } })),
        done: true,
        done_reason: 'stop',
        eval_count: 9,
      }),
    );
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    const result = await provider.generate!([{ role: 'user', content: 'Go' }], { tools: [searchTool, answerTool] });
    expect(result).toEqual({
      model: 'llama3.2',
      text: '',
      finishReason: 'tool_calls',
      usage: { outputTokens: 9 },
      toolCalls: [
        { id: expect.stringMatching(/^call_0_[0-9a-f]{8}$/), name: 'search', arguments: '{"q":"a"}' },
        { id: expect.stringMatching(/^call_1_[0-9a-f]{8}$/), name: 'answer', arguments: '{"text":"b"}' },
      ],
    });
  });

  it('emulates toolChoice: none sends no tools, a named tool is sent alone', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 200, { ...JSON.parse(calls({ name: 'answer', arguments: {} })), done: true }),
    );
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    await provider.generate!([{ role: 'user', content: 'Go' }], { tools: [searchTool, answerTool], toolChoice: 'none' });
    await provider.generate!([{ role: 'user', content: 'Go' }], { tools: [searchTool, answerTool], toolChoice: { name: 'answer' } });
    const sent = server.requests.map((request) => (JSON.parse(request.body) as { tools?: { function: { name: string } }[] }).tools);
    expect(sent[0]).toBeUndefined();
    expect(sent[1]?.map((tool) => tool.function.name)).toEqual(['answer']);
  });

  it('fails a required tool choice the model answered in text, and refuses an impossible one before sending', async () => {
    await using server = await startTestHttpServer((_request, response) => sendNdjson(response, [line('No tools today.'), line('', true)]));
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    const error = await expectCortexError(
      provider.generate!([{ role: 'user', content: 'Go' }], { tools: [searchTool], toolChoice: 'required', onToken: () => undefined }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.details).toMatchObject({ reason: 'tool-choice-unmet', rawText: 'No tools today.' });
    expect(CortexError.is(error.cause, 'OLLAMA_TOOL_CHOICE_UNMET')).toBe(true);
    await expectCortexError(
      provider.generate!([{ role: 'user', content: 'Go' }], { tools: [searchTool], toolChoice: { name: 'answer' } }),
      'OLLAMA_REQUEST_INVALID',
    );
    expect(server.requests).toHaveLength(1);
  });
});
