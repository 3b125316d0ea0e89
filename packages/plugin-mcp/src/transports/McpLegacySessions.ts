import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpTrackedStream } from '@cortex-os/http-api';
import type { Disposer, Logger } from '@cortex-os/kernel';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { Server } from '@modelcontextprotocol/server';
import { createMemoryEventStore } from './createMemoryEventStore.js';
import { InitializeRateLimiter } from './InitializeRateLimiter.js';
import { reject } from './McpHttpSecurity.js';
import type { McpSessionLimitSettings } from './McpSessionLimits.js';
import { McpSessionTable } from './McpSessionTable.js';

/** Options of {@link McpLegacySessions}. */
export interface McpLegacySessionsOptions {
  readonly ttlMs: number;
  readonly now: () => number;
  readonly limits: McpSessionLimitSettings;
  readonly createServer: () => Server;
  readonly trackStream: ((stream: HttpTrackedStream) => Disposer) | undefined;
  readonly logger: Logger | undefined;
}

/**
 * Serves 2025-era clients (internal): one SDK server and transport per session, with the session
 * limits — eviction of the longest-idle session that is not busy, per-address caps on sessions
 * and GET streams, an `initialize` rate limit per address.
 */
export class McpLegacySessions {
  readonly table: McpSessionTable;
  readonly #options: McpLegacySessionsOptions;
  readonly #rate: InitializeRateLimiter | undefined;

  constructor(options: McpLegacySessionsOptions) {
    this.#options = options;
    this.table = new McpSessionTable({ ttlMs: options.ttlMs, now: options.now, trackStream: options.trackStream });
    const rate = options.limits.initializeRate;
    this.#rate = rate === false ? undefined : new InitializeRateLimiter(rate.perSecond, rate.burst, options.now);
  }

  async serve(req: IncomingMessage, res: ServerResponse, body: unknown, client: string): Promise<void> {
    const header = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    if (sessionId !== undefined) {
      await this.#serveSession(sessionId, req, res, body);
      return;
    }
    if (req.method !== 'POST' || !isInitialize(body)) {
      this.#reject(res, 400, -32000, 'Bad Request: send initialize first, or the Mcp-Session-Id header of an open session', client);
      return;
    }
    if (!(await this.#admitInitialize(res, client))) return;
    const server = this.#options.createServer();
    const table = this.table;
    const transport: NodeStreamableHTTPServerTransport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      eventStore: createMemoryEventStore(),
      onsessioninitialized: (id) => table.add(id, transport, server, client),
      onsessionclosed: (id) => table.forget(id),
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) table.forget(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async #serveSession(id: string, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const session = this.table.enter(id, res);
    if (session === undefined) {
      this.#reject(res, 404, -32001, 'Session not found: it expired or was closed; initialize a new one', undefined);
      return;
    }
    if (req.method === 'GET') {
      if (this.table.streamsOf(session.client) >= this.#options.limits.maxStreamsPerClient) {
        this.#refuse(res, 429, 'Too many open streams from this address', session.client, 1_000);
        return;
      }
      this.table.openGetStream(session, res);
    }
    await session.transport.handleRequest(req, res, body);
  }

  /** The rate limit, the per-address cap, then room in the table (evicting the longest-idle free session). */
  async #admitInitialize(res: ServerResponse, client: string): Promise<boolean> {
    const { maxSessions, maxSessionsPerClient } = this.#options.limits;
    const wait = this.#rate?.take(client) ?? 0;
    if (wait > 0) return this.#refuse(res, 429, 'Too many initialize calls from this address', client, wait);
    if (this.table.sessionsOf(client) >= maxSessionsPerClient) {
      return this.#refuse(res, 429, `Too many sessions from this address (at most ${maxSessionsPerClient})`, client, 1_000);
    }
    if (this.table.size >= maxSessions && !(await this.table.evictIdle())) {
      return this.#refuse(
        res,
        503,
        `Server busy: all ${maxSessions} MCP sessions have a request in flight or an open stream, so none can be evicted`,
        client,
        1_000,
      );
    }
    return true;
  }

  #refuse(res: ServerResponse, status: 429 | 503, why: string, client: string, retryAfterMs: number): false {
    res.setHeader('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    this.#reject(res, status, -32000, `${why}; retry later`, client);
    return false;
  }

  /** Every refusal is logged above debug with its cause (issue 14 §2): the operator sees why a client failed. */
  #reject(res: ServerResponse, status: number, code: number, why: string, client: string | undefined): void {
    this.#options.logger?.info({ status, ...(client === undefined ? {} : { client }) }, `MCP HTTP request refused: ${why}`);
    reject(res, status, code, `${why}.`);
  }
}

function isInitialize(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((m) => typeof m === 'object' && m !== null && (m as { method?: unknown }).method === 'initialize');
}
