import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import type { EdgeSecurityErrorCode } from './edgeSecurityErrorCatalogue.js';

/**
 * An error of the edge-security module, with a stable {@link EdgeSecurityErrorCode}.
 * @public
 */
export class EdgeSecurityError extends CortexError<EdgeSecurityErrorCode> {
  constructor(code: EdgeSecurityErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
