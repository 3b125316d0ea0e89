import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type EdgeSecurityErrorCode, edgeSecurityErrorCatalogue } from './edgeSecurityErrorCatalogue.js';

/**
 * An error of the edge-security module, with a stable {@link EdgeSecurityErrorCode}.
 * @public
 */
export class EdgeSecurityError extends CortexError<EdgeSecurityErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof edgeSecurityErrorCatalogue = edgeSecurityErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: EdgeSecurityErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
