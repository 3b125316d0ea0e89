import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A plain `node:http` server on 127.0.0.1 with a random port.
 * @public
 */
export interface PlainHttpServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The port the server listens on, chosen by the system. */
  readonly port: number;
  /** Closes the server and every open connection; what `await using` calls. */
  close(): Promise<void>;
}

/**
 * Serves `handler` for `path` (404 elsewhere) on 127.0.0.1 — the same `(req, res, body)` shape as
 * the runtime HTTP service's `mountRaw`, for tests and small hosts.
 *
 * @example
 * ```ts
 * await using server = await startPlainHttpServer('/mcp', (req, res) => mcp.handle(req, res));
 * const client = new Client({ name: 'test', version: '1.0.0' });
 * await client.connect(new StreamableHTTPClientTransport(new URL(`${server.origin}/mcp`)));
 * ```
 * @public
 */
export async function startPlainHttpServer(
  path: string,
  handler: (req: IncomingMessage, res: ServerResponse, body?: unknown) => Promise<void> | void,
): Promise<PlainHttpServer> {
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (pathname !== path) {
      res.writeHead(404).end();
      return;
    }
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const close = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { origin: `http://127.0.0.1:${port}`, port, close, [Symbol.asyncDispose]: close };
}
