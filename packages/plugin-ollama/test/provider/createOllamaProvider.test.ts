import { describe, expect, it, vi } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
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

  it('rejects a stream that ends before "done": true as truncated', async () => {
    await using server = await startTestHttpServer((_request, response) => sendNdjson(response, [line('partial')]));
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    const error = await expectCortexError(
      provider.generate!([{ role: 'user', content: 'Hi' }], { onToken: () => undefined }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.details).toEqual({ provider: 'ollama', reason: 'stream-truncated' });
    expect(CortexError.is(error.cause, 'OLLAMA_STREAM_TRUNCATED')).toBe(true);
  });

  it('rejects a malformed line and an oversized line as invalid responses', async () => {
    await using server = await startTestHttpServer((request, response) => {
      if (request.url === '/api/chat' && server.requests.length === 1) sendNdjson(response, [line('a'), 'not json\n']);
      else sendNdjson(response, [`${'x'.repeat(5000)}\n`]);
    });
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'], maxLineBytes: 1000 });
    const malformed = await expectCortexError(
      provider.generate!([{ role: 'user', content: 'Hi' }], { onToken: () => undefined }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(malformed.message).toBe('Provider "ollama" answered POST /api/chat with an invalid body: line is not JSON: not json.');
    const oversized = await expectCortexError(
      provider.generate!([{ role: 'user', content: 'Hi' }], { onToken: () => undefined }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(CortexError.is(oversized.cause, 'OLLAMA_RESPONSE_INVALID')).toBe(true);
  });

  it('aborts a stream that stalls longer than streamIdleTimeoutMs', async () => {
    await using server = await startTestHttpServer((_request, response) => sendNdjson(response, [line('first')], { end: false }));
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'], streamIdleTimeoutMs: 150 });
    const error = await expectCortexError(
      provider.generate!([{ role: 'user', content: 'Hi' }], { onToken: () => undefined }),
      'PROVIDER_REQUEST_FAILED',
    );
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
    const error = await rejectionOf(
      provider.generate!([{ role: 'user', content: 'Hi' }], { signal: controller.signal, onToken: () => controller.abort(reason) }),
    );
    expect(error).toBe(reason);
    await closed;
  });

  it('surfaces an error line sent mid-stream', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendNdjson(response, [line('a'), '{"error":"out of memory"}\n']),
    );
    const provider = createOllamaProvider({ baseUrl: server.url, generationModels: ['llama3.2'] });
    const error = await expectCortexError(
      provider.generate!([{ role: 'user', content: 'Hi' }], { onToken: () => undefined }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.message).toBe('Provider "ollama" reported an error mid-stream on POST /api/chat: out of memory');
  });
});
