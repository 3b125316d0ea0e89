import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createOpenAiProvider } from '@cortex-os/plugin-openai';
import { expectCortexError, rejectionOf } from '@cortex-os/kernel/testing';
import { closedPort, sendJson, sendSse, startTestHttpServer } from '@cortex-os/provider-kit/testing';

const KEY = 'sk-test-0123456789abcdef';

const delta = (content: string, finish: string | null = null): unknown => ({
  model: 'm1',
  choices: [{ index: 0, delta: { content }, finish_reason: finish }],
});

describe('createOpenAiProvider: configuration', () => {
  it('is unavailable without opening a connection when the public API has no key', async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    const provider = createOpenAiProvider({
      embedding: { model: 'text-embedding-3-small', dimensions: 1536 },
      generationModels: ['gpt-4o-mini'],
      fetch: fetchSpy,
    });
    expect(await provider.health()).toEqual({ available: false, reason: 'no API key configured for https://api.openai.com/v1' });
    const error = await expectCortexError(provider.embed!(['x']), 'PROVIDER_UNAVAILABLE');
    expect(error.message).toBe('Provider "openai" is unavailable: no API key configured for https://api.openai.com/v1.');
    await expectCortexError(provider.generate!([{ role: 'user', content: 'hi' }]), 'PROVIDER_UNAVAILABLE');
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(provider.capabilities).toMatchObject({ locality: 'remote', relativeCost: 1, operations: ['embed', 'generate'] });
  });

  it('is unavailable without opening a connection when the base URL is empty', async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    const provider = createOpenAiProvider({ baseUrl: '', apiKey: KEY, generationModels: ['m'], fetch: fetchSpy });
    expect(await provider.health()).toEqual({ available: false, reason: 'no base URL configured' });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('treats a loopback endpoint as local and free', () => {
    const provider = createOpenAiProvider({ baseUrl: 'http://127.0.0.1:8080/v1', generationModels: ['m'] });
    expect(provider.capabilities).toEqual({
      operations: ['generate'],
      generationModels: ['m'],
      tools: true,
      structuredOutput: true,
      streaming: true,
      locality: 'local',
      relativeCost: 0,
    });
  });

  it('rejects a base URL that is not http(s)', () => {
    expect(() => createOpenAiProvider({ baseUrl: 'ftp://example/v1' })).toThrow('baseUrl "ftp://example/v1" must use http or https.');
  });
});

describe('createOpenAiProvider: embeddings', () => {
  it('posts the inputs with the key and returns vectors in input order', async () => {
    await using server = await startTestHttpServer((request, response) => {
      const { input } = JSON.parse(request.body) as { input: string[] };
      // Answer out of order: the provider must place vectors by `index`.
      const data = input.map((text, index) => ({ object: 'embedding', index, embedding: [text.length, index, 1] })).reverse();
      sendJson(response, 200, { object: 'list', data, model: 'alias-of-e1', usage: { prompt_tokens: 3, total_tokens: 3 } });
    });
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1/`, apiKey: KEY, embedding: { model: 'e1', dimensions: 3 } });
    const result = await provider.embed!(['a', 'bb', 'ccc']);
    expect(result.model).toBe('e1');
    expect(result.vectors.map((v) => [...v])).toEqual([
      [1, 0, 1],
      [2, 1, 1],
      [3, 2, 1],
    ]);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/embeddings');
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(request?.body ?? '')).toEqual({ model: 'e1', input: ['a', 'bb', 'ccc'] });
  });

  it('rejects vectors of the wrong size as an invalid response', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 200, { data: [{ index: 0, embedding: [1, 2] }] }),
    );
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, embedding: { model: 'e1', dimensions: 3 } });
    const error = await expectCortexError(provider.embed!(['a']), 'PROVIDER_REQUEST_FAILED');
    expect(CortexError.is(error.cause, 'OPENAI_RESPONSE_INVALID')).toBe(true);
    expect(error.message).toBe(
      'Provider "openai" answered POST /embeddings with an invalid body: embedding 0 has 2 dimensions, expected 3.',
    );
  });

  it('turns 429 with Retry-After into PROVIDER_REQUEST_FAILED with status and retryAfterMs', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(
        response,
        429,
        { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
        { 'retry-after': '7' },
      ),
    );
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, embedding: { model: 'e1', dimensions: 3 } });
    const error = await expectCortexError(provider.embed!(['a']), 'PROVIDER_REQUEST_FAILED');
    expect(error.details).toEqual({
      provider: 'openai',
      reason: 'http',
      status: 429,
      retryAfterMs: 7000,
      errorType: 'requests',
      errorCode: 'rate_limit_exceeded',
    });
    expect(error.message).toBe('Provider "openai" answered 429 Too Many Requests to POST /embeddings: Rate limit reached');
  });

  it('turns a 5xx with a plain-text body into PROVIDER_REQUEST_FAILED with the status', async () => {
    await using server = await startTestHttpServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'text/plain' });
      response.end('upstream overloaded');
    });
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, embedding: { model: 'e1', dimensions: 3 } });
    const error = await expectCortexError(provider.embed!(['a']), 'PROVIDER_REQUEST_FAILED');
    expect(error.details).toEqual({ provider: 'openai', reason: 'http', status: 503 });
    expect(error.message).toBe('Provider "openai" answered 503 Service Unavailable to POST /embeddings: upstream overloaded');
  });

  it('reports an unreachable endpoint as PROVIDER_UNAVAILABLE', async () => {
    const port = await closedPort();
    const provider = createOpenAiProvider({ baseUrl: `http://127.0.0.1:${port}/v1`, embedding: { model: 'e1', dimensions: 3 } });
    const error = await expectCortexError(provider.embed!(['a']), 'PROVIDER_UNAVAILABLE');
    expect(error.message).toBe(`Provider "openai" cannot reach http://127.0.0.1:${port}/v1: ECONNREFUSED.`);
    const health = await provider.health();
    expect(health.available).toBe(false);
    expect(health.reason).toContain('ECONNREFUSED');
  });
});

describe('createOpenAiProvider: chat completions', () => {
  it('returns a non-streamed completion with usage', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 200, {
        model: 'm1',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!' }, finish_reason: 'length' }],
        usage: { prompt_tokens: 5, completion_tokens: 2 },
      }),
    );
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, generationModels: ['m1'] });
    const result = await provider.generate!([{ role: 'user', content: 'Hi' }], { maxTokens: 2, temperature: 0 });
    expect(result).toEqual({ model: 'm1', text: 'Hello!', finishReason: 'length', usage: { inputTokens: 5, outputTokens: 2 } });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      model: 'm1',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 2,
      temperature: 0,
    });
  });

  it('streams tokens over SSE, split across writes, in order', async () => {
    // Cut the stream mid-line, so events straddle TCP writes.
    await using server = await startTestHttpServer((_request, response) =>
      sendSse(response, [delta('Hel'), delta('lo'), delta(' world', 'stop'), '[DONE]'], { chunkSize: 17 }),
    );
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, generationModels: ['m1'] });
    const tokens: string[] = [];
    const result = await provider.generate!([{ role: 'user', content: 'Hi' }], { onToken: (t) => tokens.push(t) });
    expect(tokens).toEqual(['Hel', 'lo', ' world']);
    expect(result).toEqual({ model: 'm1', text: 'Hello world', finishReason: 'stop' });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toMatchObject({ stream: true });
  });

  it('rejects a stream that ends before [DONE] or a finish reason as truncated', async () => {
    await using server = await startTestHttpServer((_request, response) => sendSse(response, [delta('partial')]));
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, generationModels: ['m1'] });
    const error = await expectCortexError(
      provider.generate!([{ role: 'user', content: 'Hi' }], { onToken: () => undefined }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.details).toEqual({ provider: 'openai', reason: 'stream-truncated' });
    expect(CortexError.is(error.cause, 'OPENAI_STREAM_TRUNCATED')).toBe(true);
  });

  it('rejects a stream whose connection is cut as truncated', async () => {
    await using server = await startTestHttpServer((_request, response) => {
      sendSse(response, [delta('partial')], { end: false });
      // Cut the connection once the first event has left, mid-response.
      response.write(': flushed\n\n', () => response.socket?.destroy());
    });
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, generationModels: ['m1'] });
    const error = await expectCortexError(
      provider.generate!([{ role: 'user', content: 'Hi' }], { onToken: () => undefined }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.details['reason']).toBe('stream-truncated');
  });

  it('aborts a stream that stalls longer than streamIdleTimeoutMs', async () => {
    await using server = await startTestHttpServer((_request, response) => {
      sendSse(response, [delta('first')], { end: false }); // …and then nothing.
    });
    // Long enough that the first event arrives before it on a loaded machine; the stall then trips it.
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, generationModels: ['m1'], streamIdleTimeoutMs: 1_000 });
    const tokens: string[] = [];
    const error = await expectCortexError(
      provider.generate!([{ role: 'user', content: 'Hi' }], { onToken: (t) => tokens.push(t) }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(tokens).toEqual(['first']);
    expect(error.details).toEqual({ provider: 'openai', reason: 'timeout', timeoutMs: 1_000 });
    expect(CortexError.is(error.cause, 'OPENAI_TIMEOUT')).toBe(true);
    expect(error.message).toBe('Provider "openai" sent nothing for 1000 ms while streaming (streamIdleTimeoutMs).');
  });

  it("rejects with the caller's reason when aborted mid-stream, and closes the connection", async () => {
    let closed!: Promise<void>;
    await using server = await startTestHttpServer((_request, response) => {
      closed = new Promise((resolve) => response.on('close', () => resolve()));
      sendSse(response, [delta('first')], { end: false });
    });
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, generationModels: ['m1'] });
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const error = await rejectionOf(
      provider.generate!([{ role: 'user', content: 'Hi' }], { signal: controller.signal, onToken: () => controller.abort(reason) }),
    );
    expect(error).toBe(reason);
    await closed;
  });

  it('surfaces an error event sent mid-stream', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendSse(response, [delta('a'), { error: { message: 'model crashed' } }, '[DONE]']),
    );
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, generationModels: ['m1'] });
    const error = await expectCortexError(
      provider.generate!([{ role: 'user', content: 'Hi' }], { onToken: () => undefined }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.message).toBe('Provider "openai" reported an error mid-stream on POST /chat/completions: model crashed');
  });
});

describe('createOpenAiProvider: health', () => {
  it('is available when the model list answers, and names configured models it lacks', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 200, { object: 'list', data: [{ id: 'm1', object: 'model' }] }),
    );
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, apiKey: KEY, generationModels: ['m1', 'm2'] });
    expect(await provider.health()).toEqual({
      available: true,
      details: { baseUrl: `${server.url}/v1`, models: 1, missingModels: ['m2'] },
    });
    expect(server.requests[0]?.url).toBe('/v1/models');
  });

  it('is unavailable when the key is rejected', async () => {
    await using server = await startTestHttpServer((_request, response) => sendJson(response, 401, { error: { message: 'bad key' } }));
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, apiKey: KEY, generationModels: ['m1'] });
    expect(await provider.health()).toEqual({
      available: false,
      reason: 'API key rejected (401)',
      details: { baseUrl: `${server.url}/v1`, status: 401 },
    });
  });
});

describe('createOpenAiProvider: API key secrecy', () => {
  it('never shows the key in errors, toString, JSON or util.inspect, even when the server echoes it', async () => {
    await using server = await startTestHttpServer((request, response) =>
      sendJson(response, 401, {
        error: {
          message: `Incorrect API key provided: ${String(request.headers.authorization).slice(7)}.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      }),
    );
    const provider = createOpenAiProvider({ baseUrl: `${server.url}/v1`, apiKey: KEY, generationModels: ['m1'] });
    const error = await expectCortexError(provider.generate!([{ role: 'user', content: 'Hi' }]), 'PROVIDER_REQUEST_FAILED');
    expect(error.message).toBe(
      'Provider "openai" answered 401 Unauthorized to POST /chat/completions: Incorrect API key provided: [redacted].',
    );
    const shown = [
      error.message,
      error.stack ?? '',
      JSON.stringify(error.details),
      inspect(error, { depth: 10 }),
      String(provider),
      JSON.stringify(provider),
      inspect(provider, { depth: 10, showHidden: true }),
    ];
    for (const text of shown) expect(text).not.toContain(KEY);
    expect(JSON.stringify(provider)).toContain('[redacted]');
  });
});
