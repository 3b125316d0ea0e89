import type { ServerResponse } from 'node:http';
import type { HttpTrackedStream } from '@cortex-os/http-api';
import type { Disposer } from '@cortex-os/kernel';
import type { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { Server } from '@modelcontextprotocol/server';

/** One 2025-era session: its own SDK server and transport, never shared. */
export interface McpSession {
  readonly transport: NodeStreamableHTTPServerTransport;
  readonly server: Server;
  /** The client address that opened it. */
  readonly client: string;
  lastSeen: number;
  /** Requests in flight on it, its open GET stream included: a busy session is never evicted. */
  active: number;
}

/** Options of {@link McpSessionTable}. */
export interface McpSessionTableOptions {
  readonly ttlMs: number;
  readonly now: () => number;
  readonly trackStream: ((stream: HttpTrackedStream) => Disposer) | undefined;
}

/**
 * The open 2025-era sessions of the Streamable HTTP endpoint (internal): lookup, idle expiry,
 * eviction of the longest-idle one that is not busy, the count per client address, and the
 * registration of their GET streams with the host.
 *
 * The map is kept in least-recently-seen order (a session is moved to the end when seen), so the
 * longest-idle session is found from the start without sorting.
 */
export class McpSessionTable {
  readonly #sessions = new Map<string, McpSession>();
  readonly #perClient = new Map<string, number>();
  readonly #streamsPerClient = new Map<string, number>();
  readonly #options: McpSessionTableOptions;

  constructor(options: McpSessionTableOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** Sessions opened from `client`. */
  sessionsOf(client: string): number {
    return this.#perClient.get(client) ?? 0;
  }

  /** GET streams open from `client`. */
  streamsOf(client: string): number {
    return this.#streamsPerClient.get(client) ?? 0;
  }

  /**
   * The session, seen now and busy until `res` closes; undefined when it expired or was closed.
   */
  enter(id: string, res: ServerResponse): McpSession | undefined {
    const session = this.#sessions.get(id);
    if (session === undefined) return undefined;
    this.#seen(id, session);
    session.active += 1;
    res.once('close', () => {
      session.active -= 1;
      if (this.#sessions.get(id) === session) this.#seen(id, session);
    });
    return session;
  }

  add(id: string, transport: NodeStreamableHTTPServerTransport, server: Server, client: string): void {
    this.#sessions.set(id, { transport, server, client, lastSeen: this.#options.now(), active: 0 });
    bump(this.#perClient, client, 1);
  }

  forget(id: string): void {
    const session = this.#sessions.get(id);
    if (session === undefined) return;
    this.#sessions.delete(id);
    bump(this.#perClient, session.client, -1);
  }

  async close(id: string): Promise<void> {
    const session = this.#sessions.get(id);
    if (session === undefined) return;
    this.forget(id);
    await session.server.close().catch(() => undefined);
  }

  /** Closes sessions idle longer than the TTL and not busy; returns how many. */
  async sweep(): Promise<number> {
    const cutoff = this.#options.now() - this.#options.ttlMs;
    const expired: string[] = [];
    for (const [id, session] of this.#sessions) {
      if (session.lastSeen > cutoff) break;
      if (session.active === 0) expired.push(id);
    }
    await Promise.all(expired.map((id) => this.close(id)));
    return expired.length;
  }

  /** Closes the longest-idle session without a request in flight or an open stream; false when every session is busy. */
  async evictIdle(): Promise<boolean> {
    for (const [id, session] of this.#sessions) {
      if (session.active > 0) continue;
      await this.close(id);
      return true;
    }
    return false;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#sessions.keys()].map((id) => this.close(id)));
  }

  /**
   * Counts an open GET stream against its client, and registers it with the host, which ends it
   * at shutdown (the client may reconnect elsewhere) while the session and its calls go on.
   */
  openGetStream(session: McpSession, res: ServerResponse): void {
    bump(this.#streamsPerClient, session.client, 1);
    const trackStream = this.#options.trackStream;
    const untrack = trackStream?.({ description: 'MCP GET stream', end: () => session.transport.closeStandaloneSSEStream() });
    res.once('close', () => {
      bump(this.#streamsPerClient, session.client, -1);
      untrack?.();
    });
  }

  #seen(id: string, session: McpSession): void {
    session.lastSeen = this.#options.now();
    this.#sessions.delete(id);
    this.#sessions.set(id, session);
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}
