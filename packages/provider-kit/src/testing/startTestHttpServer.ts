import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A request a {@link TestHttpServer} received, with its body read.
 * @public
 */
export interface TestHttpServerRequest {
  /** The HTTP method, e.g. `POST`. */
  readonly method: string;
  /** The path and query, e.g. `/v1/chat/completions`. */
  readonly url: string;
  /** The request headers, names in lower case. */
  readonly headers: IncomingHttpHeaders;
  /** The body, read in full and decoded as UTF-8. */
  readonly body: string;
}

/**
 * Answers one request of a {@link TestHttpServer}; a thrown error or a rejection destroys the
 * response, as a crashing server would.
 * @public
 */
export type TestHttpServerHandler = (request: TestHttpServerRequest, response: ServerResponse) => void | Promise<void>;

/**
 * A real HTTP server on 127.0.0.1 for one test; `await using` closes it and every connection.
 * @public
 */
export interface TestHttpServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** Every request received so far, oldest first; it grows while the server runs. */
  readonly requests: readonly TestHttpServerRequest[];
}

/**
 * Starts a {@link TestHttpServer} on a free port of 127.0.0.1 that hands every request, its body
 * read, to `handler` (answer with {@link sendJson}, {@link sendSse}, {@link sendNdjson}, or the
 * `ServerResponse` itself).
 *
 * @example
 * ```ts
 * await using server = await startTestHttpServer((request, response) =>
 *   sendJson(response, 200, { models: [{ name: 'llama3.2' }] }),
 * );
 * const provider = createOllamaProvider({ baseUrl: server.url });
 * assert.deepEqual(await provider.health(), { available: true });
 * assert.equal(server.requests[0]?.url, '/api/tags');
 * ```
 * @public
 */
export async function startTestHttpServer(handler: TestHttpServerHandler): Promise<TestHttpServer> {
  const requests: TestHttpServerRequest[] = [];
  const server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const request = { method: raw.method ?? '', url: raw.url ?? '', headers: raw.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      Promise.resolve()
        .then(() => handler(request, response))
        .catch((error: unknown) => {
          response.destroy(error instanceof Error ? error : new Error(String(error)));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async [Symbol.asyncDispose]() {
      // Open keep-alive and streaming connections would otherwise hold close() until they time out.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
