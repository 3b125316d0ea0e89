import { CortexError, toError } from '@cortex-os/kernel';
import {
  createResiliencePolicy,
  type ResilienceBreakerOptions,
  type ResiliencePolicy,
  type ResilienceRetryOptions,
} from '@cortex-os/kernel/resilience';
import type { CallToolResult, Client, Tool } from '@modelcontextprotocol/client';
import { McpError } from '../errors/McpError.js';
import { isSessionGone, McpClientConnection } from './McpClientConnection.js';

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
 *
 * @remarks
 * A call whose session the remote no longer knows (404, or −32001 "Session not found": it
 * expired, was evicted, or the server restarted) initializes a new session once and is retried
 * on it. Every call asks for progress, so the remote's progress notifications reset its time limit.
 * @throws {@link McpError} `MCP_CLIENT_CONNECT_FAILED` when the first connection fails.
 * @example
 * ```ts
 * const everything = await connectMcpServer({ name: 'everything', transport: { type: 'http', url: 'http://127.0.0.1:3001/mcp' } });
 * const result = await everything.callTool('echo', { message: 'hi' });
 * ```
 * @public
 */
export async function connectMcpServer(options: ConnectMcpServerOptions): Promise<McpRemoteServer> {
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const policy = remotePolicy(options);
  const connection = new McpClientConnection(options);
  const run = <T>(what: string, fn: (c: Client, signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> =>
    guarded(options.name, what, () => policy.execute((attemptSignal) => onSession(connection, (c) => fn(c, attemptSignal)), signal));

  await connection.ensure();
  return {
    name: options.name,
    get protocolVersion() {
      return connection.protocolVersion;
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
            // Progress is asked for on every call (the SDK asks only when `onprogress` is given):
            // it is what resets the time limit of a long call that is making headway.
            { signal, timeout: requestTimeoutMs, resetTimeoutOnProgress: true, onprogress: (p) => callOptions.onProgress?.(toProgress(p)) },
          ),
        callOptions.signal,
      ),
    close: () => connection.close(),
  };
}

/** Runs `fn` on the connected client; when the remote forgot the session, initializes a new one once and runs it again. */
async function onSession<T>(connection: McpClientConnection, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = await connection.ensure();
  try {
    return await fn(client);
  } catch (thrown) {
    if (!isSessionGone(thrown)) throw thrown;
    await connection.drop(client);
    return fn(await connection.ensure());
  }
}

/** Our own errors and protocol refusals pass; anything else becomes `MCP_CLIENT_REQUEST_FAILED` naming the remote. */
async function guarded<T>(server: string, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (thrown) {
    if (CortexError.is(thrown) && thrown.code.startsWith('MCP_')) throw thrown;
    if (isRejection(thrown)) throw thrown;
    throw new McpError('MCP_CLIENT_REQUEST_FAILED', `${what} on MCP server "${server}" failed: ${toError(thrown).message}`, {
      details: { server },
      cause: thrown,
    });
  }
}

function remotePolicy(options: ConnectMcpServerOptions): ResiliencePolicy {
  return createResiliencePolicy({
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
}

function toProgress(p: { progress: number; total?: number | undefined; message?: string | undefined }): {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
} {
  return {
    progress: p.progress,
    ...(p.total === undefined ? {} : { total: p.total }),
    ...(p.message === undefined ? {} : { message: p.message }),
  };
}

/** A protocol-level refusal (bad params, unknown tool): the remote is healthy, so never retried or counted. */
function isRejection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === -32602 || code === -32601 || code === -32600;
}
