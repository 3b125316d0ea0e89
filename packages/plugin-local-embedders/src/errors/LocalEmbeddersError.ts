import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type LocalEmbeddersErrorCode, localEmbeddersErrorCatalogue } from './localEmbeddersErrorCatalogue.js';

/**
 * An error raised by the local embedders, with a code from {@link LocalEmbeddersErrorCode}.
 * @public
 */
export class LocalEmbeddersError extends CortexError<LocalEmbeddersErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof localEmbeddersErrorCatalogue = localEmbeddersErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: LocalEmbeddersErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
