import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type EventsErrorCode, eventsErrorCatalogue } from './eventsErrorCatalogue.js';

/**
 * An error raised by the Redis Streams transport, with a code from {@link EventsErrorCode}.
 * @public
 */
export class EventsError extends CortexError<EventsErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof eventsErrorCatalogue = eventsErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message. */
  constructor(code: EventsErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
