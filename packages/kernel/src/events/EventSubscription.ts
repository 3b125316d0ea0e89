import type { CloudEvent } from './CloudEvent.js';

/**
 * What a bus does when a subscriber's buffer is full: drop the oldest queued event (default)
 * or the newest one.
 * @public
 */
export type EventOverflowPolicy = 'drop-oldest' | 'drop-newest';

/**
 * A handler; when it returns a promise, the subscriber's next event waits for it (in order),
 * while publishers and other subscribers go on.
 * @public
 */
export type EventHandler<T = unknown> = (event: CloudEvent<T>) => void | Promise<void>;

/**
 * A live subscription; `unsubscribe()` (or `using`) ends it.
 * @public
 */
export interface EventSubscription extends Disposable {
  /** The pattern this subscription matches (`memory.stored`, `memory.*` or `*`). */
  readonly pattern: string;
  /** Events dropped because the buffer was full. */
  readonly dropped: number;
  /** Events waiting for the handler. */
  readonly pending: number;
  /** Ends the subscription and discards the events still queued; idempotent. */
  unsubscribe(): void;
}

/**
 * Delivery state of one subscriber: a bounded queue drained in publish order. A handler that
 * returns a promise holds the queue until it settles, so a slow subscriber only ever delays itself.
 * @internal
 */
export class SubscriberQueue implements EventSubscription {
  readonly pattern: string;
  readonly matches: (type: string) => boolean;
  #dropped = 0;
  readonly #handler: EventHandler;
  readonly #capacity: number;
  readonly #overflow: EventOverflowPolicy;
  readonly #onError: (error: unknown, event: CloudEvent, queue: SubscriberQueue) => void;
  readonly #onDrop: (queue: SubscriberQueue) => void;
  readonly #onEnd: (queue: SubscriberQueue) => void;
  readonly #onComplete: (() => void) | undefined;
  readonly #queue: CloudEvent[] = [];
  #busy = false;
  #state: 'open' | 'completing' | 'ended' = 'open';
  #whenEnded: (() => void) | undefined;

  constructor(init: {
    pattern: string;
    matches: (type: string) => boolean;
    handler: EventHandler;
    capacity: number;
    overflow: EventOverflowPolicy;
    onError: (error: unknown, event: CloudEvent, queue: SubscriberQueue) => void;
    onDrop: (queue: SubscriberQueue) => void;
    onEnd: (queue: SubscriberQueue) => void;
    onComplete?: () => void;
  }) {
    this.pattern = init.pattern;
    this.matches = init.matches;
    this.#handler = init.handler;
    this.#capacity = init.capacity;
    this.#overflow = init.overflow;
    this.#onError = init.onError;
    this.#onDrop = init.onDrop;
    this.#onEnd = init.onEnd;
    this.#onComplete = init.onComplete;
  }

  get dropped(): number {
    return this.#dropped;
  }

  get pending(): number {
    return this.#queue.length;
  }

  /** Hot path: called once per matching event. */
  deliver(event: CloudEvent): void {
    if (this.#state !== 'open') return;
    if (this.#busy || this.#queue.length > 0) {
      this.#enqueue(event);
      return;
    }
    this.#invoke(event);
    if (!this.#busy) this.#pump();
  }

  /** Stops accepting events; resolves when the queue has drained and the subscriber completed. */
  complete(): Promise<void> {
    if (this.#state === 'ended') return Promise.resolve();
    this.#state = 'completing';
    return new Promise((resolve) => {
      this.#whenEnded = resolve;
      if (!this.#busy && this.#queue.length === 0) this.#end(true);
    });
  }

  unsubscribe(): void {
    if (this.#state === 'ended') return;
    this.#queue.length = 0;
    this.#end(false);
  }

  [Symbol.dispose](): void {
    this.unsubscribe();
  }

  #enqueue(event: CloudEvent): void {
    if (this.#queue.length >= this.#capacity) {
      this.#dropped += 1;
      this.#onDrop(this);
      if (this.#overflow === 'drop-newest') return;
      this.#queue.shift();
    }
    this.#queue.push(event);
  }

  #invoke(event: CloudEvent): void {
    this.#busy = true;
    let result: void | Promise<void>;
    try {
      result = this.#handler(event);
    } catch (error) {
      this.#busy = false;
      this.#onError(error, event, this);
      return;
    }
    if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
      (result as Promise<void>).then(
        () => this.#settled(),
        (error: unknown) => {
          this.#onError(error, event, this);
          this.#settled();
        },
      );
      return;
    }
    this.#busy = false;
  }

  #settled(): void {
    this.#busy = false;
    this.#pump();
  }

  #pump(): void {
    while (!this.#busy && this.#queue.length > 0 && this.#state !== 'ended') {
      this.#invoke(this.#queue.shift() as CloudEvent);
    }
    if (!this.#busy && this.#queue.length === 0 && this.#state === 'completing') this.#end(true);
  }

  #end(completed: boolean): void {
    this.#state = 'ended';
    this.#onEnd(this);
    if (completed) this.#onComplete?.();
    this.#whenEnded?.();
  }
}
