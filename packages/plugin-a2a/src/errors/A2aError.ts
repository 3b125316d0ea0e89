import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type A2aErrorCode, a2aErrorCatalogue } from './a2aErrorCatalogue.js';

/**
 * An error raised by the A2A plugin, with a code from {@link A2aErrorCode}.
 * @public
 */
export class A2aError extends CortexError<A2aErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof a2aErrorCatalogue = a2aErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: A2aErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
