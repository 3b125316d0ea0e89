import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { createOpenAiCompatibleClient } from '@cortex-os/provider-kit';
import { sendJson, sendSse, startTestHttpServer } from '@cortex-os/provider-kit/testing';

const KEY = 'sk-test-0123456789abcdef';

describe('createOpenAiCompatibleClient', () => {
  it('rejects a base URL that is not an http(s) URL, and timeouts that are not positive', async () => {
    const invalid = (options: Parameters<typeof createOpenAiCompatibleClient>[0]) =>
      expectCortexError(() => createOpenAiCompatibleClient(options), 'OPENAI_OPTIONS_INVALID');
    expect((await invalid({ baseUrl: 'localhost:8080', providerName: 'p' })).message).toBe(
      'baseUrl "localhost:8080" must use http or https.',
    );
    expect((await invalid({ baseUrl: 'not a url', providerName: 'p' })).message).toBe(
      'baseUrl "not a url" is not a URL; use e.g. "http://127.0.0.1:8080/v1".',
    );
    expect((await invalid({ baseUrl: 'http://127.0.0.1/v1', providerName: 'p', streamIdleTimeoutMs: 0 })).message).toBe(
      'streamIdleTimeoutMs must be a positive number of milliseconds (got 0).',
    );
  });

  it('lists models and embeds with the key as a bearer token, putting vectors back in input order', async () => {
    await using server = await startTestHttpServer((request, response) =>
      request.url === '/v1/models'
        ? sendJson(response, 200, { data: [{ id: 'e' }, { id: 'm' }] })
        : sendJson(response, 200, {
            model: 'e-alias',
            data: [
              { index: 1, embedding: [0, 1] },
              { index: 0, embedding: [1, 0] },
            ],
            usage: { prompt_tokens: 4 },
          }),
    );
    const client = createOpenAiCompatibleClient({ baseUrl: `${server.url}/v1/`, providerName: 'p', apiKey: KEY });
    expect(client.baseUrl).toBe(`${server.url}/v1`);
    expect(await client.listModels()).toEqual(['e', 'm']);
    const result = await client.embeddings(['first', 'second'], { model: 'e', dimensions: 2, sendDimensions: true });
    expect(result).toEqual({ model: 'e-alias', vectors: [Float32Array.from([1, 0]), Float32Array.from([0, 1])], inputTokens: 4 });
    expect(server.requests[1]?.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(server.requests[1]?.body ?? '')).toEqual({ model: 'e', input: ['first', 'second'], dimensions: 2 });
  });

  it('streams a chat completion, and tells a truncated stream from a finished one', async () => {
    const delta = (content: string, finish: string | null = null) => ({
      model: 'm',
      choices: [{ delta: { content }, finish_reason: finish }],
    });
    await using server = await startTestHttpServer((request, response) =>
      sendSse(response, request.headers['x-cut'] === 'yes' ? [delta('Hel')] : [delta('Hel'), delta('lo', 'length'), '[DONE]']),
    );
    const tokens: string[] = [];
    const client = createOpenAiCompatibleClient({ baseUrl: server.url, providerName: 'p' });
    const result = await client.chatCompletion([{ role: 'user', content: 'hi' }], { model: 'm', onToken: (t) => tokens.push(t) });
    expect([tokens, result]).toEqual([['Hel', 'lo'], { model: 'm', text: 'Hello', finishReason: 'length' }]);

    const cut = createOpenAiCompatibleClient({ baseUrl: server.url, providerName: 'p', headers: { 'x-cut': 'yes' } });
    const error = await expectCortexError(cut.chatCompletion([], { model: 'm', onToken: () => {} }), 'PROVIDER_REQUEST_FAILED');
    expect(error.details).toEqual({ provider: 'p', reason: 'stream-truncated' });
    expect(CortexError.is(error.cause, 'OPENAI_STREAM_TRUNCATED')).toBe(true);
  });

  it('answers an event-stream line over the 8 MiB limit as an invalid response, not a broken connection', async () => {
    await using server = await startTestHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`data: ${'x'.repeat(8 * 1024 * 1024 + 1)}`);
    });
    const client = createOpenAiCompatibleClient({ baseUrl: server.url, providerName: 'p' });
    const error = await expectCortexError(client.chatCompletion([], { model: 'm', onToken: () => {} }), 'PROVIDER_REQUEST_FAILED');
    expect(error.details).toEqual({ provider: 'p', reason: 'invalid-response' });
    expect(CortexError.find(error, 'OPENAI_RESPONSE_INVALID')?.kind).toBe('upstream-failed');
  });

  it('never shows the key in toString, JSON or util.inspect', () => {
    const client = createOpenAiCompatibleClient({ baseUrl: 'http://127.0.0.1:8080/v1', providerName: 'p', apiKey: KEY });
    const shown = `${String(client)} ${JSON.stringify(client)} ${inspect(client)}`;
    expect(shown).not.toContain(KEY);
    expect(shown).toContain('[redacted]');
  });
});
