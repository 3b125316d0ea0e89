import { describe, expect, it } from 'vitest';
import { expectCortexError, rejectionOf } from '@cortex-os/kernel/testing';
import { fetchWithDeadline, readResponseChunks, readResponseText, type ProviderHttpProfile } from '@cortex-os/provider-kit';
import { closedPort, sendJson, startTestHttpServer } from '@cortex-os/provider-kit/testing';

function profile(baseUrl: string, overrides: Partial<ProviderHttpProfile> = {}): ProviderHttpProfile {
  return { provider: 'local', baseUrl, timeoutMs: 5_000, idleTimeoutMs: 5_000, fetch: globalThis.fetch, ...overrides };
}

const readJson = async (response: Response, deadline: Parameters<typeof readResponseText>[1]): Promise<unknown> =>
  JSON.parse(await readResponseText(response.body, deadline)) as unknown;

describe('fetchWithDeadline against a real 127.0.0.1 server', () => {
  it('sends method, headers and JSON payload, and hands the 2xx response to read', async () => {
    await using server = await startTestHttpServer((request, response) =>
      sendJson(response, 200, { echo: JSON.parse(request.body) as unknown }),
    );
    const result = await fetchWithDeadline(profile(server.url), {
      method: 'POST',
      path: '/api/embed',
      headers: { 'content-type': 'application/json', 'x-test': 'yes' },
      payload: { input: ['a'] },
      read: readJson,
    });
    expect(result).toEqual({ echo: { input: ['a'] } });
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/api/embed', headers: { 'x-test': 'yes' } });
  });

  it('aborts a response that goes silent after the headers with an idle timeout error', async () => {
    await using server = await startTestHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.write('{"partial":');
      // …and never another byte.
    });
    const error = await expectCortexError(
      fetchWithDeadline(
        profile(server.url, { idleTimeoutMs: 150, timeoutCause: (message, details) => Object.assign(new Error(message), { details }) }),
        {
          method: 'GET',
          path: '/stall',
          headers: {},
          read: readJson,
        },
      ),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.message).toBe('Provider "local" sent nothing for 150 ms while streaming (streamIdleTimeoutMs).');
    expect(error.details).toEqual({ provider: 'local', reason: 'timeout', timeoutMs: 150 });
    expect(error.cause).toMatchObject({ details: { which: 'idle', timeoutMs: 150 } });
  });

  it('catches a server that never sends headers with the idle deadline', async () => {
    await using server = await startTestHttpServer(() => {
      // Accepts the request and never answers.
    });
    const error = await expectCortexError(
      fetchWithDeadline(profile(server.url, { idleTimeoutMs: 100 }), { method: 'GET', path: '/', headers: {}, read: readJson }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.details).toEqual({ provider: 'local', reason: 'timeout', timeoutMs: 100 });
  });

  it('aborts a stream that keeps trickling past the total deadline, even though it is never idle', async () => {
    await using server = await startTestHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      let sent = 0;
      const timer = setInterval(() => {
        sent += 1;
        // Bounded: the server gives up on its own after 200 chunks (~4 s).
        if (sent > 200 || response.destroyed) clearInterval(timer);
        else response.write('.');
      }, 20);
      response.on('close', () => clearInterval(timer));
    });
    let chunks = 0;
    const error = await expectCortexError(
      fetchWithDeadline(profile(server.url, { timeoutMs: 300, idleTimeoutMs: 200 }), {
        method: 'GET',
        path: '/trickle',
        headers: {},
        read: async (response, deadline) => {
          for await (const _chunk of readResponseChunks(response.body, deadline)) chunks += 1;
          return chunks;
        },
      }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.message).toBe('Provider "local" did not answer within 300 ms (timeoutMs).');
    expect(error.details).toEqual({ provider: 'local', reason: 'timeout', timeoutMs: 300 });
    expect(chunks).toBeGreaterThan(1);
  });

  it("rejects with the caller's reason when the caller aborts mid-response", async () => {
    await using server = await startTestHttpServer((_request, response) => {
      response.writeHead(200);
      response.write('x');
    });
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const error = await rejectionOf(
      fetchWithDeadline(profile(server.url), {
        method: 'GET',
        path: '/',
        headers: {},
        signal: controller.signal,
        read: async (response, deadline) => {
          for await (const _chunk of readResponseChunks(response.body, deadline)) controller.abort(reason);
          return undefined;
        },
      }),
    );
    expect(error).toBe(reason);
  });

  it('maps a non-2xx answer to PROVIDER_REQUEST_FAILED with status, Retry-After, the server message and extra details', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 429, { error: { message: 'slow down, key sk-secret-123', type: 'rate_limit' } }, { 'retry-after': '2' }),
    );
    const error = await expectCortexError(
      fetchWithDeadline(
        profile(server.url, {
          redact: (text) => text.split('sk-secret-123').join('[redacted]'),
          readErrorBody: (body) => ({
            message: (body['error'] as { message: string }).message,
            details: { errorType: (body['error'] as { type: string }).type },
          }),
        }),
        { method: 'POST', path: '/chat', headers: {}, payload: {}, read: readJson },
      ),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(error.message).toBe('Provider "local" answered 429 Too Many Requests to POST /chat: slow down, key [redacted]');
    expect(error.details).toEqual({ provider: 'local', reason: 'http', status: 429, retryAfterMs: 2_000, errorType: 'rate_limit' });
  });

  it('keeps the raw text of a non-JSON error body, and reads {error|detail} shapes by default', async () => {
    await using server = await startTestHttpServer((request, response) => {
      if (request.url === '/text') {
        response.writeHead(503, { 'content-type': 'text/plain' });
        response.end('  overloaded  ');
      } else sendJson(response, 404, { detail: 'Not Found' });
    });
    const text = await expectCortexError(
      fetchWithDeadline(profile(server.url), { method: 'GET', path: '/text', headers: {}, read: readJson }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(text.message).toBe('Provider "local" answered 503 Service Unavailable to GET /text: overloaded');
    expect(text.details).toEqual({ provider: 'local', reason: 'http', status: 503 });
    const json = await expectCortexError(
      fetchWithDeadline(profile(server.url), { method: 'GET', path: '/json', headers: {}, read: readJson }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(json.message).toBe('Provider "local" answered 404 Not Found to GET /json: Not Found');
  });

  it('maps a refused connection to PROVIDER_UNAVAILABLE with errno and the hint', async () => {
    const port = await closedPort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const error = await expectCortexError(
      fetchWithDeadline(profile(baseUrl, { unreachableHint: 'is `ollama serve` running?' }), {
        method: 'GET',
        path: '/api/tags',
        headers: {},
        read: readJson,
      }),
      'PROVIDER_UNAVAILABLE',
    );
    expect(error.message).toBe(`Provider "local" cannot reach ${baseUrl}: ECONNREFUSED (is \`ollama serve\` running?).`);
    expect(error.details).toEqual({ provider: 'local', baseUrl, reason: 'unreachable', errno: 'ECONNREFUSED' });
  });

  it('maps a connection broken mid-body to stream-truncated with the provider cause; Cortex and pass-through errors stay as they are', async () => {
    await using server = await startTestHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"half":', () => response.socket?.destroy());
    });
    const broken = await expectCortexError(
      fetchWithDeadline(profile(server.url, { streamTruncatedCause: (message, error) => new Error(message, { cause: error }) }), {
        method: 'GET',
        path: '/broken',
        headers: {},
        read: readJson,
      }),
      'PROVIDER_REQUEST_FAILED',
    );
    expect(broken.message).toMatch(/^Provider "local" broke off its response to GET \/broken: .+\.$/);
    expect(broken.details).toEqual({ provider: 'local', reason: 'stream-truncated' });
    expect(broken.cause).toMatchObject({ message: broken.message });
    expect((broken.cause as Error).cause).toBeInstanceOf(Error);

    await using ok = await startTestHttpServer((_request, response) => sendJson(response, 200, {}));
    const tooLong = new RangeError('line too long');
    const passed = await rejectionOf(
      fetchWithDeadline(profile(ok.url, { passThrough: (error) => error instanceof RangeError }), {
        method: 'GET',
        path: '/',
        headers: {},
        read: () => Promise.reject(tooLong),
      }),
    );
    expect(passed).toBe(tooLong);
  });
});
