import type { CloudEvent, EventBus, EventSubscription, Logger } from '@cortex-os/kernel';
import type { EventLog } from '../log/EventLog.js';

/** At most this many events go into one append (one transaction). */
const batchSize = 256;

/**
 * Counters of the recorder.
 * @public
 */
export interface EventRecorderStats {
  /** Events the log took from the bus (copies it already held not counted). */
  readonly recorded: number;
  /** Events not recorded: the buffer was full, or the store refused a batch (both logged). */
  readonly dropped: number;
  /** Events waiting to be written now. */
  readonly pending: number;
}

/**
 * Writes the bus's events of the configured patterns to the log. The bus hands each event to a
 * synchronous handler that only buffers it, so a slow store never holds the bus up; a writer
 * drains the buffer in batches of one transaction each (SQLite then pays one fsync per batch).
 * The buffer is bounded: past `maxPending` events are dropped, counted and logged, never
 * buffered without limit.
 */
export class EventRecorder {
  readonly #log: EventLog;
  readonly #logger: Logger;
  readonly #maxPending: number;
  readonly #subscriptions: EventSubscription[];
  #buffer: CloudEvent[] = [];
  #writing: Promise<void> | undefined;
  #recorded = 0;
  #dropped = 0;

  constructor(options: {
    readonly bus: EventBus;
    readonly log: EventLog;
    readonly logger: Logger;
    readonly patterns: readonly string[];
    readonly maxPending: number;
  }) {
    this.#log = options.log;
    this.#logger = options.logger;
    this.#maxPending = options.maxPending;
    // One subscription per pattern: an event two patterns match is buffered twice and recorded once (idempotent append).
    this.#subscriptions = options.patterns.map((pattern) => options.bus.subscribe(pattern, (event) => this.#take(event)));
  }

  /** Resolves once every event buffered before the call is written (or dropped). */
  async flush(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
  }

  /** Stops taking events and writes what is buffered. */
  async stop(): Promise<void> {
    for (const subscription of this.#subscriptions) subscription.unsubscribe();
    await this.flush();
  }

  stats(): EventRecorderStats {
    return { recorded: this.#recorded, dropped: this.#dropped, pending: this.#buffer.length };
  }

  #take(event: CloudEvent): void {
    if (this.#buffer.length >= this.#maxPending) {
      this.#dropped += 1;
      // Once per thousand, so a flood does not become a flood of log lines too.
      if (this.#dropped % 1000 === 1)
        this.#logger.warn({ dropped: this.#dropped, maxPending: this.#maxPending }, 'The event log is behind: events were not recorded.');
      return;
    }
    this.#buffer.push(event);
    this.#writing ??= this.#write();
  }

  async #write(): Promise<void> {
    try {
      while (this.#buffer.length > 0) {
        const batch = this.#buffer.splice(0, batchSize);
        try {
          this.#recorded += await this.#log.append(batch);
        } catch (error) {
          this.#dropped += batch.length;
          this.#logger.error({ err: error, events: batch.length }, 'The event log could not record a batch of events.');
        }
      }
    } finally {
      this.#writing = undefined;
    }
  }
}
