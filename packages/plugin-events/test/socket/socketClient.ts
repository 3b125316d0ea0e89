import type { CloudEvent } from '@cortex-os/kernel';
import WebSocket from 'ws';

/** A message of `WS /a2a/events/{type}`. */
export type SocketMessage =
  | { readonly kind: 'event'; readonly event: CloudEvent }
  | { readonly kind: 'gap'; readonly reason: string; readonly dropped?: number }
  | { readonly kind: 'live' };

/** How a connection attempt ended: open (with its client), or refused with an HTTP status. */
export type SocketAttempt = { readonly open: SocketClient } | { readonly refused: number };

/** A `ws` client that keeps every message and lets a test await the ones it expects, never a timer. */
export class SocketClient {
  readonly messages: SocketMessage[] = [];
  readonly ws: WebSocket;
  readonly #waiters: { readonly count: number; readonly resolve: () => void }[] = [];
  readonly closed: Promise<{ readonly code: number; readonly reason: string }>;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as SocketMessage);
      for (const waiter of this.#waiters.filter((w) => this.messages.length >= w.count)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** Opens `url` with the given headers and subprotocols. */
  static connect(url: string, options: { headers?: Record<string, string>; protocols?: string[] } = {}): Promise<SocketAttempt> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options.protocols ?? ['a2a.events.v1'], { headers: options.headers ?? {} });
      const client = new SocketClient(ws);
      ws.once('open', () => resolve({ open: client }));
      ws.once('unexpected-response', (_req, res) => {
        resolve({ refused: res.statusCode ?? 0 });
        res.resume();
        ws.terminate();
      });
      ws.once('error', (error) => reject(error));
    });
  }

  /** Resolves once `count` messages in all have arrived. */
  received(count: number): Promise<SocketMessage[]> {
    if (this.messages.length >= count) return Promise.resolve(this.messages.slice(0, count));
    return new Promise((resolve) => this.#waiters.push({ count, resolve: () => resolve(this.messages.slice(0, count)) }));
  }

  /** The events received so far, in order. */
  events(): CloudEvent[] {
    return this.messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
  }

  async close(): Promise<void> {
    this.ws.close();
    await this.closed;
  }
}

/** The client of an attempt that must have opened. */
export function opened(attempt: SocketAttempt): SocketClient {
  if (!('open' in attempt)) throw new Error(`expected the connection to open, but it was refused with ${attempt.refused}`);
  return attempt.open;
}
