import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code that @cortex-os/plugin-events throws, with what it means and how to solve it.
 *
 * Codes are `EVENTLOG_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by `test/repo/errorCatalogues.test.ts`.
 * Retired codes: none yet.
 *
 * @public
 */
export const eventLogErrorCatalogue = defineErrorCatalogue('EVENTLOG', {
  EVENTLOG_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'The event log could not be {action}: {reason}.',
    description:
      'The event log store (a SQLite file or a PostgreSQL database) could not be opened, read or written; nothing the failed call reported was stored.',
    solution: 'Check that the file is writable (and not on a network share) or that PostgreSQL is reachable; then retry.',
  },
  EVENTLOG_QUERY_INVALID: {
    kind: 'invalid-input',
    message: 'Invalid event log query: {problem}',
    description:
      'A query of the log had a cursor that is not one the log handed out, a limit out of range, a bad type pattern or a time range that ends before it starts.',
    solution:
      'Pass back the `next` of the previous page as `after`, a `limit` from 1 to 1000, a type such as `memory.stored`, `memory.*` or `*`.',
  },
  EVENTLOG_TYPE_UNKNOWN: {
    kind: 'not-found',
    message: 'Event type "{type}" has no registered event contract.',
    description: 'An event was posted for a type no plugin of this runtime defines, so it cannot be validated or delivered.',
    solution: 'Check the type name; a plugin defines it with `defineEvent` and lists it in its `events`.',
  },
  EVENTLOG_PUBLISH_FORBIDDEN: {
    kind: 'forbidden',
    message: 'Events of type "{type}" may not be published over HTTP here.',
    description:
      "The type is registered, but the events plugin's `rest.publishable` patterns do not include it: only the runtime itself publishes it.",
    solution: 'Post a type the runtime lets clients publish, or add its pattern to `rest.publishable` if clients should.',
  },
});

/**
 * A code of {@link eventLogErrorCatalogue}.
 * @public
 */
export type EventLogErrorCode = keyof typeof eventLogErrorCatalogue;
