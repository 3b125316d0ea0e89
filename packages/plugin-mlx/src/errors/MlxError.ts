import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import type { MlxErrorCode } from './mlxErrorCatalogue.js';

/**
 * An error raised by the MLX bridge or provider, with a code from {@link MlxErrorCode}.
 * @public
 */
export class MlxError extends CortexError<MlxErrorCode> {
  constructor(code: MlxErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
