import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type SloErrorCode, sloErrorCatalogue } from './sloErrorCatalogue.js';

/**
 * An error raised by the SLO plugin, with a code from {@link SloErrorCode}; `SLO_INVALID` lists
 * every problem (each naming its path) in `details.problems`.
 * @public
 */
export class SloError extends CortexError<SloErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof sloErrorCatalogue = sloErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: SloErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
