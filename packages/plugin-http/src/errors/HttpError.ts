import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import type { HttpErrorCode } from './httpErrorCatalogue.js';

/**
 * An error of the HTTP plugin, with a stable {@link HttpErrorCode}.
 * @public
 */
export class HttpError extends CortexError<HttpErrorCode> {
  constructor(code: HttpErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
