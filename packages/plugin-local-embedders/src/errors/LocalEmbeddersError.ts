import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import type { LocalEmbeddersErrorCode } from './localEmbeddersErrorCatalogue.js';

/**
 * An error raised by the local embedders, with a code from {@link LocalEmbeddersErrorCode}.
 * @public
 */
export class LocalEmbeddersError extends CortexError<LocalEmbeddersErrorCode> {
  constructor(code: LocalEmbeddersErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
