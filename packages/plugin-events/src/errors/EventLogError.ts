import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type EventLogErrorCode, eventLogErrorCatalogue } from './eventLogErrorCatalogue.js';

/**
 * An error of the event log or the `/a2a/events` endpoints, with a code from {@link EventLogErrorCode}.
 * @public
 */
export class EventLogError extends CortexError<EventLogErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof eventLogErrorCatalogue = eventLogErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message. */
  constructor(code: EventLogErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
