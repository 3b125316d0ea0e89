import type { Observable, Subscription } from 'rxjs';

/**
 * What {@link EventStream.subscribe} calls: `next` for each event, `complete` when the bus
 * closes. Every member is optional.
 * @public
 */
export interface EventObserver<T> {
  next?(value: T): void;
  error?(error: unknown): void;
  complete?(): void;
}

/**
 * A subscription to an {@link EventStream}: `unsubscribe()` (also `using`) ends it; idempotent.
 * @public
 */
export interface EventStreamSubscription extends Disposable {
  /** `true` once unsubscribed or completed. */
  readonly closed: boolean;
  unsubscribe(): void;
}

/**
 * A stream of events, owned by the kernel so its API does not depend on a reactive library:
 * subscribe with an observer, iterate with `for await`, or hand it to RxJS's `from(stream)`
 * (it is an interop observable) for operators.
 * @example
 * ```ts
 * for await (const event of kernel.events.observe(memoryStoredEvent)) console.log(event.data.id);
 * const stored$ = from(kernel.events.observe(memoryStoredEvent)).pipe(take(3)); // RxJS
 * ```
 * @public
 */
export interface EventStream<T> extends AsyncIterable<T> {
  /** Delivers every event from now on (plus the replayed ones, if asked) to `observer`. */
  subscribe(observer?: EventObserver<T> | ((value: T) => void)): EventStreamSubscription;
  /** RxJS interop (`from(stream)`): the stream itself. */
  '@@observable'(): EventStream<T>;
}

// RxJS looks for this key when `Symbol.observable` is not defined (it is not, in Node).
const interopObservableKey = '@@observable';

/** An {@link EventStream} over an RxJS observable, the bus's engine. */
export class ObservableEventStream<T> implements EventStream<T> {
  readonly #source: Observable<T>;

  constructor(source: Observable<T>) {
    this.#source = source;
  }

  subscribe(observer: EventObserver<T> | ((value: T) => void) = {}): EventStreamSubscription {
    return toStreamSubscription(this.#source.subscribe(typeof observer === 'function' ? { next: observer } : observer));
  }

  [interopObservableKey](): EventStream<T> {
    return this;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return new EventStreamIterator(this.#source);
  }
}

function toStreamSubscription(subscription: Subscription): EventStreamSubscription {
  return {
    get closed() {
      return subscription.closed;
    },
    unsubscribe: () => subscription.unsubscribe(),
    [Symbol.dispose]: () => subscription.unsubscribe(),
  };
}

/**
 * Pull-based reading of a push source. Events that arrive before the reader asks are kept in
 * order (the bus bounds each subscription's queue, not this buffer: read promptly or `break`).
 */
class EventStreamIterator<T> implements AsyncIterator<T> {
  readonly #buffered: T[] = [];
  readonly #readers: ((result: IteratorResult<T>) => void)[] = [];
  readonly #subscription: Subscription;
  #ended = false;

  // The bus's observables never error: they complete when the bus does.
  constructor(source: Observable<T>) {
    this.#subscription = source.subscribe({
      next: (value) => {
        const reader = this.#readers.shift();
        if (reader === undefined) this.#buffered.push(value);
        else reader({ value, done: false });
      },
      complete: () => this.#end(),
    });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#buffered.length > 0) return Promise.resolve({ value: this.#buffered.shift() as T, done: false });
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#readers.push(resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.#subscription.unsubscribe();
    this.#buffered.length = 0;
    this.#end();
    return Promise.resolve({ value: undefined, done: true });
  }

  #end(): void {
    this.#ended = true;
    for (const reader of this.#readers.splice(0)) reader({ value: undefined, done: true });
  }
}
