import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type CerebrumErrorCode, cerebrumErrorCatalogue } from './cerebrumErrorCatalogue.js';

/**
 * An error raised by the cerebrum plugin, with a code from {@link CerebrumErrorCode}; plan errors
 * list every problem (each naming its step) in `details.problems`.
 * @public
 */
export class CerebrumError extends CortexError<CerebrumErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof cerebrumErrorCatalogue = cerebrumErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: CerebrumErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
