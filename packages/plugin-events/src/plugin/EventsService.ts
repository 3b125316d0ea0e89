import { type CloudEvent, createToken, type Token } from '@cortex-os/kernel';
import type { EventLog } from '../log/EventLog.js';
import type { EventRecorderStats } from './EventRecorder.js';

/**
 * An event a client publishes (`POST /a2a/events/{type}`): its data and the CloudEvents
 * attributes it may choose.
 * @public
 */
export interface EventsPublishInput {
  /** The client's event id: with `source`, the key that makes publishing again a no-op. Default a random UUID (no such guarantee). */
  readonly id?: string | undefined;
  /** The event's `source`. @defaultValue `/a2a/events` */
  readonly source?: string | undefined;
  /** CloudEvents `subject`. */
  readonly subject?: string | undefined;
  /** The correlation id the event carries. */
  readonly correlationid?: string | undefined;
  /** The payload, validated against the type's registered event contract. */
  readonly data: unknown;
}

/**
 * What {@link EventsService.publish} did.
 * @public
 */
export interface EventsPublishResult {
  /** The event as the bus delivered it (its `id` is the bus's; the client's id is the idempotency key). */
  readonly event: CloudEvent;
  /** True when the client's `id` + `source` had been published before: nothing was published again. */
  readonly duplicate: boolean;
}

/**
 * The events plugin's service: the durable log, publishing on a client's behalf, and the
 * recorder's controls.
 * @public
 */
export interface EventsService {
  /** The durable log (query it, or append events yourself). */
  readonly log: EventLog;
  /**
   * Validates `input.data` against the contract of `type`, publishes it on the bus and records
   * it with the client's key, once: the same `id` + `source` again answers the first event.
   * Resolves only once the event is committed to the log (and stored by the bus's transport, if any).
   * @throws {@link EventLogError} `EVENTLOG_TYPE_UNKNOWN`, `EVENTLOG_PUBLISH_FORBIDDEN`; `KernelError` `CONTRACT_VALIDATION_FAILED` naming every bad field; `EVENTLOG_UNAVAILABLE`.
   */
  publish(type: string, input: EventsPublishInput): Promise<EventsPublishResult>;
  /** Resolves once the events recorded from the bus so far are committed. */
  flush(): Promise<void>;
  /** Applies the retention now; resolves with how many events were deleted. */
  prune(): Promise<number>;
  /** The recorder's counters. */
  stats(): EventRecorderStats;
}

/**
 * The token of the {@link EventsService} (id `events.log`), provided by `eventsPlugin`.
 * @public
 */
export const eventsServiceToken: Token<EventsService> = createToken<EventsService>('events.log', {
  owner: { package: '@cortex-os/plugin-events', version: '1' },
});
