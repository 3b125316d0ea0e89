import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type HttpErrorCode, httpErrorCatalogue } from './httpErrorCatalogue.js';

/**
 * An error of the HTTP plugin, with a stable {@link HttpErrorCode}.
 * @public
 */
export class HttpError extends CortexError<HttpErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof httpErrorCatalogue = httpErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: HttpErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
