import { toError } from '@cortex-os/kernel';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { McpError } from '../errors/McpError.js';
import type { ConnectMcpServerOptions } from './McpRemoteServer.js';

/**
 * The SDK client of one remote (internal): connects on demand, reconnects after the transport
 * drops, and forgets a session the remote no longer knows so that the next call initializes anew.
 */
export class McpClientConnection {
  readonly #options: ConnectMcpServerOptions;
  readonly #protocol: 'auto' | 'legacy';
  #client: Client | undefined;
  #connecting: Promise<Client> | undefined;
  #closed = false;

  constructor(options: ConnectMcpServerOptions) {
    this.#options = options;
    this.#protocol = options.protocol ?? (options.transport.type === 'http' ? 'auto' : 'legacy');
  }

  /** The negotiated protocol revision, once connected. */
  get protocolVersion(): string | undefined {
    return this.#client?.getNegotiatedProtocolVersion();
  }

  /** The connected client, connecting first when there is none. */
  ensure(): Promise<Client> {
    if (this.#closed) {
      return Promise.reject(
        new McpError('MCP_CLIENT_REQUEST_FAILED', `The connection to MCP server "${this.#options.name}" was closed.`, {
          details: { server: this.#options.name },
        }),
      );
    }
    if (this.#client !== undefined) return Promise.resolve(this.#client);
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  /** Forgets `client` (its session is gone) and closes it; the next {@link McpClientConnection.ensure} initializes anew. */
  async drop(client: Client): Promise<void> {
    if (this.#client === client) this.#client = undefined;
    await client.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const current = this.#client;
    this.#client = undefined;
    await current?.close().catch(() => undefined);
  }

  async #connect(): Promise<Client> {
    const options = this.#options;
    const next = new Client(
      { name: 'cortex-os', version: '0.1.0' },
      {
        versionNegotiation: { mode: this.#protocol },
        ...(options.onToolsChanged === undefined ? {} : { listChanged: { tools: { onChanged: () => options.onToolsChanged?.() } } }),
      },
    );
    try {
      await next.connect(this.#transport(), { timeout: options.connectTimeoutMs ?? 10_000 });
    } catch (thrown) {
      await next.close().catch(() => undefined);
      throw new McpError('MCP_CLIENT_CONNECT_FAILED', `Could not connect to MCP server "${options.name}": ${toError(thrown).message}`, {
        details: { server: options.name },
        cause: thrown,
      });
    }
    next.onclose = () => {
      if (this.#client === next) this.#client = undefined;
    };
    this.#client = next;
    return next;
  }

  #transport(): StdioClientTransport | StreamableHTTPClientTransport {
    const transport = this.#options.transport;
    if (transport.type === 'stdio') {
      return new StdioClientTransport({
        command: transport.command,
        args: [...(transport.args ?? [])],
        ...(transport.env === undefined ? {} : { env: { ...transport.env } }),
        ...(transport.cwd === undefined ? {} : { cwd: transport.cwd }),
        stderr: 'ignore',
      });
    }
    return new StreamableHTTPClientTransport(
      new URL(transport.url),
      transport.headers === undefined ? {} : { requestInit: { headers: { ...transport.headers } } },
    );
  }
}

/**
 * True when the remote answered that the session is unknown: HTTP 404 on a session request, or
 * JSON-RPC −32001 "Session not found" (the session expired, was evicted, or the server restarted).
 */
export function isSessionGone(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { status, data, code, message } = e as { status?: unknown; data?: { status?: unknown }; code?: unknown; message?: unknown };
    if (status === 404 || data?.status === 404) return true;
    if (code === -32001 && typeof message === 'string' && /session/i.test(message)) return true;
  }
  return false;
}
