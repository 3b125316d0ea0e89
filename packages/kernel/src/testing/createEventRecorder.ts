import { AssertionError } from 'node:assert';
import type { CloudEvent, EventBus, EventData, EventDefinition } from '@cortex-os/kernel';

/**
 * Options of {@link createEventRecorder}.
 * @public
 */
export interface CreateEventRecorderOptions {
  /**
   * Record the bus's retained recent events that match before live ones (the bus, or the
   * kernel's `eventReplay`, must retain some).
   * @defaultValue `false`
   */
  readonly replay?: boolean;
}

/**
 * Options of {@link EventRecorder.next} and {@link EventRecorder.waitFor}.
 * @public
 */
export interface EventRecorderWaitOptions {
  /** Gives up waiting when aborted (e.g. `AbortSignal.timeout(1_000)`); the wait then fails with an `AssertionError`. */
  readonly signal?: AbortSignal;
}

/**
 * Records the events a bus publishes that match a pattern, and lets a test await them instead of
 * sleeping; `using` (or `await using`) unsubscribes it.
 * @public
 */
export interface EventRecorder<T = unknown> extends Disposable {
  /** The pattern recorded: an exact type, `prefix.*` or `*`. */
  readonly pattern: string;
  /** The events recorded so far, in publish order. */
  readonly events: readonly CloudEvent<T>[];
  /**
   * Resolves with the next matching event published after this call.
   * @throws `AssertionError` (as a rejection) when the recorder is disposed, the bus completes or
   * `signal` aborts first.
   */
  next(options?: EventRecorderWaitOptions): Promise<CloudEvent<T>>;
  /**
   * Resolves with the first recorded event, already recorded or still to come, that satisfies `predicate`.
   * @throws `AssertionError` (as a rejection) when the recorder is disposed, the bus completes or
   * `signal` aborts first; a throwing `predicate` rejects with its error.
   */
  waitFor(predicate: (event: CloudEvent<T>) => boolean, options?: EventRecorderWaitOptions): Promise<CloudEvent<T>>;
}

/**
 * Starts recording the events of `bus` whose type matches `event` (an event definition) or
 * `pattern` (`memory.stored`, `memory.*`, or `*`, the default).
 *
 * @example
 * ```ts
 * await using stored = createEventRecorder(kernel.events, memoryStoredEvent);
 * await kernel.tools.call('memory.store', { text: 'hello' });
 * const event = await stored.waitFor((e) => e.data.kind === 'note');
 * assert.equal(stored.events.length, 1);
 * ```
 * @public
 */
export function createEventRecorder<E extends EventDefinition>(
  bus: EventBus,
  event: E,
  options?: CreateEventRecorderOptions,
): EventRecorder<EventData<E>>;
/**
 * Starts recording the events of `bus` whose type matches `pattern` (`memory.stored`, `memory.*`, or `*`).
 * @public
 */
export function createEventRecorder<T = unknown>(bus: EventBus, pattern?: string, options?: CreateEventRecorderOptions): EventRecorder<T>;
export function createEventRecorder(
  bus: EventBus,
  eventOrPattern: EventDefinition | string = '*',
  options: CreateEventRecorderOptions = {},
): EventRecorder {
  return new BusEventRecorder(bus, typeof eventOrPattern === 'string' ? eventOrPattern : eventOrPattern.type, options);
}

interface Waiter {
  readonly matches: (event: CloudEvent) => boolean;
  readonly describe: string;
  readonly resolve: (event: CloudEvent) => void;
  readonly reject: (error: unknown) => void;
}

class BusEventRecorder implements EventRecorder {
  readonly pattern: string;
  readonly #events: CloudEvent[] = [];
  #waiters: Waiter[] = [];
  #ended: string | undefined;
  readonly #subscription: { unsubscribe(): void };

  constructor(bus: EventBus, pattern: string, options: CreateEventRecorderOptions) {
    this.pattern = pattern;
    // observe() rather than subscribe(): its completion tells waiters that the bus (the kernel) stopped.
    this.#subscription = bus.observe(pattern, options.replay === undefined ? {} : { replay: options.replay }).subscribe({
      next: (event) => this.#record(event),
      complete: () => this.#end('the event bus completed (was the kernel stopped?)'),
    });
  }

  get events(): readonly CloudEvent[] {
    return [...this.#events];
  }

  next(options: EventRecorderWaitOptions = {}): Promise<CloudEvent> {
    return this.#wait(() => true, 'the next event', options);
  }

  waitFor(predicate: (event: CloudEvent) => boolean, options: EventRecorderWaitOptions = {}): Promise<CloudEvent> {
    try {
      const recorded = this.#events.find(predicate);
      if (recorded !== undefined) return Promise.resolve(recorded);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#wait(predicate, 'an event satisfying the predicate', options);
  }

  [Symbol.dispose](): void {
    this.#subscription.unsubscribe();
    this.#end('the recorder was disposed');
  }

  #wait(matches: (event: CloudEvent) => boolean, describe: string, { signal }: EventRecorderWaitOptions): Promise<CloudEvent> {
    const promise = new Promise<CloudEvent>((resolve, reject) => {
      if (this.#ended !== undefined) {
        reject(this.#missed(describe, this.#ended));
        return;
      }
      if (signal?.aborted) {
        reject(this.#missed(describe, 'the wait was aborted', signal.reason));
        return;
      }
      const onAbort = (): void => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(this.#missed(describe, 'the wait was aborted', signal?.reason));
      };
      const settled =
        <A>(settle: (value: A) => void) =>
        (value: A): void => {
          signal?.removeEventListener('abort', onAbort);
          settle(value);
        };
      const waiter: Waiter = { matches, describe, resolve: settled(resolve), reject: settled(reject) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
    // A wait the test stopped caring about (its assertion failed first, say) is rejected on dispose;
    // marking the promise handled keeps that from surfacing as a second, unhandled failure.
    promise.catch(() => undefined);
    return promise;
  }

  #record(event: CloudEvent): void {
    this.#events.push(event);
    for (const waiter of this.#waiters) {
      let matched: boolean;
      try {
        matched = waiter.matches(event);
      } catch (error) {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        waiter.reject(error);
        continue;
      }
      if (matched) {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        waiter.resolve(event);
      }
    }
  }

  #end(why: string): void {
    if (this.#ended !== undefined) return;
    this.#ended = why;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.reject(this.#missed(waiter.describe, why));
  }

  #missed(describe: string, why: string, cause?: unknown): AssertionError {
    const error = new AssertionError({
      message: `Waited for ${describe} of "${this.pattern}", but ${why}; recorded ${describeRecorded(this.#events)}.`,
      operator: 'EventRecorder',
    });
    if (cause !== undefined) error.cause = cause;
    return error;
  }
}

/** The recorded types for a failure message; the last few are the ones that explain a miss. */
function describeRecorded(events: readonly CloudEvent[]): string {
  if (events.length === 0) return 'none';
  const shown = events.slice(-10).map((e) => e.type);
  return events.length > shown.length ? `${events.length} events, the last ${shown.length}: ${shown.join(', ')}` : shown.join(', ');
}
