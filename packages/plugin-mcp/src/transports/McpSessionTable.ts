import type { ServerResponse } from 'node:http';
import type { HttpTrackedStream } from '@cortex-os/http-api';
import type { Disposer } from '@cortex-os/kernel';
import type { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { Server } from '@modelcontextprotocol/server';

/** One 2025-era session: its own SDK server and transport, never shared. */
export interface McpSession {
  readonly transport: NodeStreamableHTTPServerTransport;
  readonly server: Server;
  lastSeen: number;
}

/** Options of {@link McpSessionTable}. */
export interface McpSessionTableOptions {
  readonly ttlMs: number;
  readonly now: () => number;
  readonly trackStream: ((stream: HttpTrackedStream) => Disposer) | undefined;
}

/**
 * The open 2025-era sessions of the Streamable HTTP endpoint (internal): lookup, idle expiry,
 * eviction of the longest-idle one, and the registration of their GET streams with the host.
 */
export class McpSessionTable {
  readonly #sessions = new Map<string, McpSession>();
  readonly #options: McpSessionTableOptions;

  constructor(options: McpSessionTableOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** The session, marked as seen now; undefined when it expired or was closed. */
  touch(id: string): McpSession | undefined {
    const session = this.#sessions.get(id);
    if (session !== undefined) session.lastSeen = this.#options.now();
    return session;
  }

  add(id: string, transport: NodeStreamableHTTPServerTransport, server: Server): void {
    this.#sessions.set(id, { transport, server, lastSeen: this.#options.now() });
  }

  forget(id: string): void {
    this.#sessions.delete(id);
  }

  async close(id: string): Promise<void> {
    const session = this.#sessions.get(id);
    if (session === undefined) return;
    this.#sessions.delete(id);
    await session.server.close().catch(() => undefined);
  }

  /** Closes sessions idle longer than the TTL; returns how many. */
  async sweep(): Promise<number> {
    const cutoff = this.#options.now() - this.#options.ttlMs;
    const expired = [...this.#sessions].filter(([, s]) => s.lastSeen <= cutoff).map(([id]) => id);
    await Promise.all(expired.map((id) => this.close(id)));
    return expired.length;
  }

  /** Closes the longest-idle session. */
  async evictOne(): Promise<void> {
    const oldest = [...this.#sessions].sort(([, a], [, b]) => a.lastSeen - b.lastSeen)[0];
    if (oldest !== undefined) await this.close(oldest[0]);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#sessions.keys()].map((id) => this.close(id)));
  }

  /** The standalone GET stream ends at host shutdown (the client may reconnect elsewhere); the session and its calls go on. */
  trackGetStream(session: McpSession, res: ServerResponse): void {
    const trackStream = this.#options.trackStream;
    if (trackStream === undefined) return;
    const untrack = trackStream({ description: 'MCP GET stream', end: () => session.transport.closeStandaloneSSEStream() });
    res.once('close', untrack);
  }
}
