/**
 * What a WebSocket subscriber's server-side buffer does when it is full: `drop-oldest` drops the
 * oldest waiting messages and sends a gap notice (`{ kind: 'gap', reason: 'overflow', dropped }`)
 * in their place; `disconnect` closes the connection with 1013 ("try again later").
 * @public
 */
export type EventSocketOverflow = 'drop-oldest' | 'disconnect';

/** The socket side the sender writes to (a `ws` WebSocket in production, a test double in tests). */
export interface EventSocketSink {
  /** Writes one text frame; `done` runs once the frame has left for the network (or failed). */
  send(text: string, done: (error?: Error) => void): void;
  /** Closes the connection. */
  close(code: number, reason: string): void;
}

/** Frames handed to the socket whose write has not completed: beyond this, messages wait in the buffer. */
const window = 16;

/**
 * A subscriber connection's bounded outgoing buffer. Messages wait here while the socket is
 * slow (more than {@link window} frames unwritten); at most `maxBuffered` wait, and what
 * overflows follows the declared policy — so a slow subscriber costs the server a bounded amount
 * of memory, never more.
 */
export class EventSocketSender {
  readonly #sink: EventSocketSink;
  readonly #maxBuffered: number;
  readonly #overflow: EventSocketOverflow;
  readonly #queue: string[] = [];
  #inFlight = 0;
  #gap = 0;
  #dropped = 0;
  #closed = false;
  #idle: (() => void)[] = [];

  constructor(sink: EventSocketSink, options: { readonly maxBuffered: number; readonly overflow: EventSocketOverflow }) {
    this.#sink = sink;
    this.#maxBuffered = options.maxBuffered;
    this.#overflow = options.overflow;
  }

  /** Messages waiting in the buffer now (never more than `maxBuffered`). */
  get buffered(): number {
    return this.#queue.length;
  }

  /** Messages dropped for overflow so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Queues a message (serialised as JSON) and writes what the window allows. */
  push(message: object): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.#maxBuffered) {
      if (this.#overflow === 'disconnect') {
        this.close(1013, 'subscriber too slow: its buffer is full');
        return;
      }
      this.#queue.shift();
      this.#gap += 1;
      this.#dropped += 1;
    }
    this.#queue.push(JSON.stringify(message));
    this.#pump();
  }

  /** Resolves once nothing waits in the buffer (frames may still be in flight). */
  drained(): Promise<void> {
    if (this.#queue.length === 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops sending and closes the connection; idempotent. */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.#release();
    this.#sink.close(code, reason);
  }

  #pump(): void {
    while (!this.#closed && this.#inFlight < window && (this.#gap > 0 || this.#queue.length > 0)) {
      // The dropped messages were the oldest waiting: the notice goes where they were.
      const text =
        this.#gap > 0 ? JSON.stringify({ kind: 'gap', reason: 'overflow', dropped: this.#gap }) : (this.#queue.shift() as string);
      this.#gap = 0;
      this.#inFlight += 1;
      this.#sink.send(text, (error) => {
        this.#inFlight -= 1;
        if (error !== undefined) this.close(1011, 'send failed');
        else this.#pump();
      });
    }
    if (this.#queue.length === 0) this.#release();
  }

  #release(): void {
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
