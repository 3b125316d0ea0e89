import type { HttpServicePhase, HttpShutdownReport, HttpTrackedStream } from '@cortex-os/http-api';
import { createDisposer, type Disposer, type Logger } from '@cortex-os/kernel';
import { TrackedStreams } from './TrackedStreams.js';

/** What the drain needs of the server it closes. */
export interface HttpDrainServer {
  /** Stops accepting and resolves once every connection has ended (Fastify's `close()`). */
  close(): Promise<void>;
  closeIdleConnections(): void;
  /** Closes the connections that have not sent a byte yet (no request begun; `close()` would wait for their headers timeout). */
  closeSilentConnections(): void;
  closeAllConnections(): void;
}

/** Options of {@link HttpDrain}. */
export interface HttpDrainOptions {
  readonly delayMs: number;
  readonly deadlineMs: number;
  readonly delay: (ms: number) => Promise<void>;
  readonly logger: Logger | undefined;
}

/**
 * The server's life and graceful drain (internal): phase, requests in flight, tracked streams,
 * and the shutdown order — readiness fails; after the delay the listener stops accepting; the
 * tracked streams are told to end; requests in flight complete; the deadline cuts the rest.
 */
export class HttpDrain {
  readonly streams: TrackedStreams;
  readonly #options: HttpDrainOptions;
  readonly #listeners = new Set<(phase: HttpServicePhase) => void>();
  #phase: HttpServicePhase = 'created';
  #inFlight = 0;
  #idle: (() => void) | undefined;
  #server: HttpDrainServer | undefined;

  constructor(options: HttpDrainOptions) {
    this.#options = options;
    this.streams = new TrackedStreams(options.logger);
  }

  get phase(): HttpServicePhase {
    return this.#phase;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** True once requests are refused (503 with `Connection: close`). */
  get refusing(): boolean {
    return this.#phase === 'closing' || this.#phase === 'closed';
  }

  setPhase(next: HttpServicePhase): void {
    this.#phase = next;
    for (const listener of this.#listeners) listener(next);
  }

  onPhase(listener: (phase: HttpServicePhase) => void): Disposer {
    this.#listeners.add(listener);
    return createDisposer(() => this.#listeners.delete(listener));
  }

  trackStream(stream: HttpTrackedStream): Disposer {
    return this.streams.track(stream);
  }

  /** Counts a request in; `settled` must run once when its response closes. */
  enter(): void {
    this.#inFlight += 1;
  }

  readonly settled = (): void => {
    this.#inFlight -= 1;
    // server.close() closed the sockets idle at that moment; close each one that turns idle since.
    // A request already queued on such a socket (pipelined) is answered 503 with Connection: close.
    if (this.#phase === 'closing') setImmediate(this.#closeIdle);
    if (this.#inFlight === 0) this.#idle?.();
  };

  readonly #closeIdle = (): void => {
    this.#server?.closeIdleConnections();
  };

  /** Runs the drain of a listening server; resolves once it is closed. */
  async drain(server: HttpDrainServer): Promise<HttpShutdownReport> {
    const { delayMs, deadlineMs, logger } = this.#options;
    this.#server = server;
    this.setPhase('draining');
    logger?.info({ delayMs, deadlineMs, inFlight: this.#inFlight }, 'http draining: readiness fails now');
    if (delayMs > 0) await this.#options.delay(delayMs);
    this.setPhase('closing');
    // Fastify's close(): stops accepting, closes idle keep-alive sockets, and resolves once every
    // connection ended; sockets turning idle meanwhile are closed as they do (settled). Connections
    // that never sent a byte are not idle to Node (their headers timer runs): closed here.
    const closed = server.close();
    server.closeSilentConnections();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    // Streams end first: an open stream is a request in flight that would otherwise last to the deadline.
    const drained = this.streams.endAll().then(() => Promise.all([closed, this.#drained()]).then(() => 'drained' as const));
    const outcome = await Promise.race([drained, deadline]);
    const cut = outcome === 'deadline' ? this.#inFlight : 0;
    if (outcome === 'deadline') {
      server.closeAllConnections();
      await closed;
    }
    clearTimeout(timer);
    this.setPhase('closed');
    logger?.info({ outcome, cut }, 'http server closed');
    return Object.freeze({ outcome, cut, streamsEnded: this.streams.ended });
  }

  #drained(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.#inFlight === 0) resolve();
      else this.#idle = resolve;
    });
  }
}
