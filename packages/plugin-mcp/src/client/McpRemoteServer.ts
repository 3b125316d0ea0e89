import { CortexError, toError } from '@cortex-os/kernel';
import {
  createResiliencePolicy,
  type ResilienceBreakerOptions,
  type ResiliencePolicy,
  type ResilienceRetryOptions,
} from '@cortex-os/kernel/resilience';
import { Client, StreamableHTTPClientTransport, type CallToolResult, type Tool } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { McpError } from '../errors/McpError.js';

/**
 * How to reach a remote MCP server.
 * @public
 */
export type McpRemoteTransport =
  | {
      readonly type: 'stdio';
      readonly command: string;
      readonly args?: readonly string[];
      readonly env?: Readonly<Record<string, string>>;
      readonly cwd?: string;
    }
  | { readonly type: 'http'; readonly url: string; readonly headers?: Readonly<Record<string, string>> };

/**
 * Options of {@link connectMcpServer}.
 * @public
 */
export interface ConnectMcpServerOptions {
  /** A short name for the remote (also the default namespace of its imported tools). */
  readonly name: string;
  /** How to reach the remote: a command to spawn (stdio) or a Streamable HTTP URL. */
  readonly transport: McpRemoteTransport;
  /** Time limit of the handshake; default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Time limit of each request attempt (reset by progress); default 60 s. */
  readonly requestTimeoutMs?: number;
  /** Retry of transient failures (connection refused or reset, 5xx); default 3 attempts. `false` turns it off. */
  readonly retry?: ResilienceRetryOptions | boolean;
  /** Circuit breaker; default opens after 5 consecutive failures for 30 s. `false` turns it off. */
  readonly breaker?: ResilienceBreakerOptions | boolean;
  /**
   * Protocol negotiation: `auto` probes for 2026-07-28 and falls back to the 2025 handshake;
   * `legacy` speaks 2025-11-25 only. Default `auto` over HTTP, `legacy` over stdio (the probe
   * would spawn the server twice).
   */
  readonly protocol?: 'auto' | 'legacy';
  /** Called when the remote's tool list changes. */
  readonly onToolsChanged?: () => void;
}

/**
 * Progress and cancellation of one remote call.
 * @public
 */
export interface McpRemoteCallOptions {
  /** Cancels the call (the remote is sent `notifications/cancelled`). */
  readonly signal?: AbortSignal;
  /** Receives the remote's progress notifications; each one also resets the request time limit. */
  readonly onProgress?: (progress: { readonly progress: number; readonly total?: number; readonly message?: string }) => void;
}

/**
 * A connection to a remote MCP server, guarded by timeouts, retries and a circuit breaker, that
 * reconnects after the transport drops.
 * @public
 */
export interface McpRemoteServer {
  /** The name given in {@link ConnectMcpServerOptions.name}. */
  readonly name: string;
  /** The remote's tools (every page). */
  listTools(options?: McpRemoteCallOptions): Promise<readonly Tool[]>;
  /**
   * Calls a remote tool and returns its MCP result (including `isError` results).
   * @throws {@link McpError} `MCP_CLIENT_REQUEST_FAILED` when the call cannot be completed.
   */
  callTool(name: string, args: Readonly<Record<string, unknown>>, options?: McpRemoteCallOptions): Promise<CallToolResult>;
  /** The negotiated protocol revision, once connected. */
  readonly protocolVersion: string | undefined;
  /** The breaker's state. */
  readonly state: ResiliencePolicy['state'];
  /** Closes the connection (a stdio server's process ends) and stops reconnecting. */
  close(): Promise<void>;
}

/**
 * Connects to a remote MCP server over stdio or Streamable HTTP.
 * @throws {@link McpError} `MCP_CLIENT_CONNECT_FAILED` when the first connection fails.
 * @example
 * ```ts
 * const everything = await connectMcpServer({ name: 'everything', transport: { type: 'http', url: 'http://127.0.0.1:3001/mcp' } });
 * const result = await everything.callTool('echo', { message: 'hi' });
 * ```
 * @public
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: #14 (the edge, §4) reworks the MCP client
export async function connectMcpServer(options: ConnectMcpServerOptions): Promise<McpRemoteServer> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const protocol = options.protocol ?? (options.transport.type === 'http' ? 'auto' : 'legacy');
  const policy = createResiliencePolicy({
    name: `mcp:${options.name}`,
    retry:
      options.retry === false
        ? false
        : { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 1000, ...(typeof options.retry === 'object' ? options.retry : {}) },
    breaker:
      options.breaker === false
        ? false
        : {
            threshold: 5,
            halfOpenAfterMs: 30_000,
            isFailure: (error) => !isRejection(error),
            ...(typeof options.breaker === 'object' ? options.breaker : {}),
          },
  });
  let client: Client | undefined;
  let connecting: Promise<Client> | undefined;
  let closed = false;

  const connect = async (): Promise<Client> => {
    const next = new Client(
      { name: 'cortex-os', version: '0.1.0' },
      {
        versionNegotiation: { mode: protocol },
        ...(options.onToolsChanged === undefined ? {} : { listChanged: { tools: { onChanged: () => options.onToolsChanged?.() } } }),
      },
    );
    const transport =
      options.transport.type === 'stdio'
        ? new StdioClientTransport({
            command: options.transport.command,
            args: [...(options.transport.args ?? [])],
            ...(options.transport.env === undefined ? {} : { env: { ...options.transport.env } }),
            ...(options.transport.cwd === undefined ? {} : { cwd: options.transport.cwd }),
            stderr: 'ignore',
          })
        : new StreamableHTTPClientTransport(
            new URL(options.transport.url),
            options.transport.headers === undefined ? {} : { requestInit: { headers: { ...options.transport.headers } } },
          );
    try {
      await next.connect(transport, { timeout: connectTimeoutMs });
    } catch (thrown) {
      await next.close().catch(() => undefined);
      throw new McpError('MCP_CLIENT_CONNECT_FAILED', `Could not connect to MCP server "${options.name}": ${toError(thrown).message}`, {
        details: { server: options.name },
        cause: thrown,
      });
    }
    next.onclose = () => {
      if (client === next) client = undefined;
    };
    client = next;
    return next;
  };
  const ensure = (): Promise<Client> => {
    if (closed)
      return Promise.reject(
        new McpError('MCP_CLIENT_REQUEST_FAILED', `The connection to MCP server "${options.name}" was closed.`, {
          details: { server: options.name },
        }),
      );
    if (client !== undefined) return Promise.resolve(client);
    connecting ??= connect().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };
  const run = async <T>(what: string, fn: (c: Client, signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> => {
    try {
      return await policy.execute(async (attemptSignal) => fn(await ensure(), attemptSignal), signal);
    } catch (thrown) {
      if (CortexError.is(thrown) && thrown.code.startsWith('MCP_')) throw thrown;
      if (isRejection(thrown)) throw thrown;
      throw new McpError('MCP_CLIENT_REQUEST_FAILED', `${what} on MCP server "${options.name}" failed: ${toError(thrown).message}`, {
        details: { server: options.name },
        cause: thrown,
      });
    }
  };

  await ensure();
  return {
    name: options.name,
    get protocolVersion() {
      return client?.getNegotiatedProtocolVersion();
    },
    get state() {
      return policy.state;
    },
    listTools: (callOptions = {}) =>
      run(
        'tools/list',
        async (c, signal) => (await c.listTools(undefined, { signal, timeout: requestTimeoutMs, cacheMode: 'refresh' })).tools,
        callOptions.signal,
      ),
    callTool: (name, args, callOptions = {}) =>
      run(
        `Calling "${name}"`,
        (c, signal) =>
          c.callTool(
            { name, arguments: { ...args } },
            {
              signal,
              timeout: requestTimeoutMs,
              resetTimeoutOnProgress: true,
              ...(callOptions.onProgress === undefined
                ? {}
                : {
                    onprogress: (p) =>
                      callOptions.onProgress?.({
                        progress: p.progress,
                        ...(p.total === undefined ? {} : { total: p.total }),
                        ...(p.message === undefined ? {} : { message: p.message }),
                      }),
                  }),
            },
          ),
        callOptions.signal,
      ),
    async close() {
      closed = true;
      const current = client;
      client = undefined;
      await current?.close().catch(() => undefined);
    },
  };
}

/** A protocol-level refusal (bad params, unknown tool): the remote is healthy, so never retried or counted. */
function isRejection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === -32602 || code === -32601 || code === -32600;
}
