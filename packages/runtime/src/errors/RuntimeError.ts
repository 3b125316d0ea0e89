import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type RuntimeErrorCode, runtimeErrorCatalogue } from './runtimeErrorCatalogue.js';

/**
 * An error of `@cortex-os/runtime`, with a stable {@link RuntimeErrorCode}.
 * @public
 */
export class RuntimeError extends CortexError<RuntimeErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof runtimeErrorCatalogue = runtimeErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: RuntimeErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
