import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type MlxErrorCode, mlxErrorCatalogue } from './mlxErrorCatalogue.js';

/**
 * An error raised by the MLX bridge or provider, with a code from {@link MlxErrorCode}.
 * @public
 */
export class MlxError extends CortexError<MlxErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof mlxErrorCatalogue = mlxErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: MlxErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
