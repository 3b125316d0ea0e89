import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code that @cortex-os/events-redis raises, with what it means and how to solve it.
 *
 * Codes are `EVENTS_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by `test/repo/errorCatalogues.test.ts`.
 * Retired codes: none yet.
 *
 * @public
 */
export const eventsErrorCatalogue = defineErrorCatalogue('EVENTS', {
  EVENTS_OPTIONS_INVALID: {
    kind: 'invalid-input',
    message: 'Invalid Redis Streams transport options: {problem}',
    description:
      'An option of `createRedisStreamsTransport` or `consume` is missing or out of range (URL, stream name, lengths, timeouts).',
    solution: 'Fix the option named in the message: a `redis://` or `rediss://` URL, a non-empty stream and group name, positive integers.',
  },
  EVENTS_REDIS_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'Redis at {target} is unavailable: {reason}',
    description:
      'The connection to Redis is down or was lost before Redis answered; a publish that fails this way was not acknowledged and may or may not have been stored.',
    solution:
      'Start Redis or restore the network path; the transport reconnects by itself. Retry the publish (consumers must tolerate a duplicate).',
  },
  EVENTS_REDIS_COMMAND_FAILED: {
    kind: 'upstream-failed',
    message: 'Redis refused {command}: {reply}',
    description: 'Redis answered a command with an error (out of memory, wrong key type, a read-only replica); nothing was stored.',
    solution:
      'Read the reply named in the message: free memory or raise `maxmemory`, use a stream key no other data uses, or point the URL at the primary.',
  },
  EVENTS_TRANSPORT_CLOSED: {
    kind: 'unavailable',
    message: 'The Redis Streams transport is closed; cannot {action}.',
    description: 'The transport was closed (its bus completed or `close()` was called) and no longer sends or consumes.',
    solution: 'Create a new transport, or stop publishing before the kernel stops.',
  },
  EVENTS_ENTRY_MALFORMED: {
    kind: 'internal',
    message: 'Stream entry {entryId} of "{stream}" is not a Cortex-OS event: {problem}',
    description: 'A stream entry lacks the `event` field or holds invalid JSON: something other than this transport wrote to the stream.',
    solution: 'Keep the stream for this transport only; the entry was skipped (groups moved it to the dead-letter stream).',
  },
  EVENTS_DEAD_LETTERED: {
    kind: 'internal',
    message: 'Event {eventId} ({eventType}) failed {deliveries} deliveries in group "{group}" and was moved to "{deadLetterStream}".',
    description:
      "A consumer group's handler failed (or its consumers died) on an event `maxDeliveries` times; it is parked in the dead-letter stream.",
    solution: 'Inspect the entry in the dead-letter stream (XRANGE), fix the handler, and re-publish it if it should still be handled.',
  },
  EVENTS_HANDLER_FAILED: {
    kind: 'internal',
    message: 'The handler of group "{group}" failed on event {eventId} ({eventType}): {reason}',
    description: "A consumer group's handler rejected; the event stays pending and is redelivered after the visibility timeout.",
    solution: 'Fix the handler; events it keeps failing on reach the dead-letter stream after `maxDeliveries`.',
  },
  EVENTS_BROADCAST_GAP: {
    kind: 'unavailable',
    message:
      'The broadcast reader of "{stream}" missed {missed} entries: they were trimmed or deleted before it read them (it goes on after {position}).',
    description:
      "This runtime's subscribers did not receive some other runtimes' events: the stream was trimmed (`maxLength`, `retention`) or entries were deleted past the broadcast reader's position, because it fell behind or was disconnected that long.",
    solution:
      'Raise `maxLength` or `retention` so the stream outlasts the longest pause of a reader, keep subscribers fast, and recover missed events from the durable event log (`GET /a2a/events`) if they matter.',
  },
  EVENTS_CURSOR_INVALID: {
    kind: 'invalid-input',
    message: 'Invalid event log cursor: {problem}',
    description:
      'A `read` of the stream got an `after` that is not a stream entry id (`<ms>-<seq>`), a `since` that is not a time, both at once, or a `limit` out of range.',
    solution: 'Pass back the `next` of the previous page as `after`, or a time in milliseconds as `since`, and a `limit` from 1 to 10,000.',
  },
});

/**
 * A code of {@link eventsErrorCatalogue}.
 * @public
 */
export type EventsErrorCode = keyof typeof eventsErrorCatalogue;
