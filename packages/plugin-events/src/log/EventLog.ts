import type { CloudEvent } from '@cortex-os/kernel';

/**
 * A query of the {@link EventLog}: every filter given must match. Events come oldest first
 * (in the order the log recorded them).
 * @public
 */
export interface EventLogQuery {
  /** A type (`memory.stored`), a prefix pattern (`memory.*`: one or more trailing segments) or `*` (the default). */
  readonly type?: string | undefined;
  /** Only events of this CloudEvents `source`. */
  readonly source?: string | undefined;
  /** Only events whose `time` is at or after this instant (ms since the epoch). */
  readonly since?: number | undefined;
  /** Only events whose `time` is before this instant (ms since the epoch). */
  readonly until?: number | undefined;
  /** Only events carrying this `correlationid`. */
  readonly correlationId?: string | undefined;
  /** The `next` of the previous page: the events recorded after it. */
  readonly after?: string | undefined;
  /**
   * At most this many events (1 to 1000).
   * @defaultValue `100`
   */
  readonly limit?: number | undefined;
}

/**
 * One page of an {@link EventLog} query.
 * @public
 */
export interface EventLogPage {
  /** The matching events, oldest first. */
  readonly events: readonly CloudEvent[];
  /** Pass as `after` for the next page; absent when this page is the last one right now. */
  readonly next?: string;
}

/**
 * What the log keeps: events recorded longer ago than `maxAgeMs` and all but the newest
 * `maxEvents` are deleted by {@link EventLog.prune}.
 * @public
 */
export interface EventLogRetention {
  /** Events recorded this long ago or more are deleted (ms). */
  readonly maxAgeMs: number;
  /** At most this many events are kept, the newest. */
  readonly maxEvents: number;
}

/**
 * The CloudEvents `id` and `source` a client gave a published event: the key that makes
 * publishing it again a no-op.
 * @public
 */
export interface EventLogRequestKey {
  /** The client's event id. */
  readonly id: string;
  /** The client's event source. */
  readonly source: string;
}

/**
 * A durable, queryable log of CloudEvents (SQLite or PostgreSQL; see {@link openEventLog}).
 * Every method that resolves has committed what it reports; appends are idempotent by the
 * event's `id` + `source`.
 * @public
 */
export interface EventLog {
  /**
   * Records events not recorded yet (an event whose `id` + `source` is in the log is skipped);
   * resolves with how many were new, once they are committed.
   * @throws {@link EventLogError} `EVENTLOG_UNAVAILABLE` when the store cannot be written.
   */
  append(events: readonly CloudEvent[]): Promise<number>;
  /**
   * Publishes a client's event once per `key` across every process sharing the log: claims the
   * key, calls `publish` only when this call's claim is the first, and records the event it
   * returns under the key, all in one write transaction. When the key was claimed before, resolves
   * with the event recorded under it and `duplicate: true`, without calling `publish`; a claimant
   * racing another waits for the other's commit and answers its event.
   * @throws whatever `publish` throws (nothing is recorded, the key stays free); {@link EventLogError}
   * `EVENTLOG_UNAVAILABLE` when the store cannot be written (if `publish` had run, its event went out unrecorded).
   */
  publishRequested(
    key: EventLogRequestKey,
    publish: () => Promise<CloudEvent>,
  ): Promise<{ readonly event: CloudEvent; readonly duplicate: boolean }>;
  /** The event a client published under `key`, if the log holds it. */
  findRequested(key: EventLogRequestKey): Promise<CloudEvent | undefined>;
  /**
   * A page of the events that match `query`.
   * @throws {@link EventLogError} `EVENTLOG_QUERY_INVALID` for a bad cursor, limit, pattern or range; `EVENTLOG_UNAVAILABLE`.
   */
  query(query?: EventLogQuery): Promise<EventLogPage>;
  /** The cursor just after the event with this `id` (for resuming after it), when the log holds it. */
  cursorAfter(eventId: string): Promise<string | undefined>;
  /** Deletes what `retention` does not keep; resolves with how many events were deleted. */
  prune(retention: EventLogRetention): Promise<number>;
  /** Closes the store; waits for writes in progress. */
  close(): Promise<void>;
}
