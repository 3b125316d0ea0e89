import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import type { RuntimeErrorCode } from './runtimeErrorCatalogue.js';

/**
 * An error of `@cortex-os/runtime`, with a stable {@link RuntimeErrorCode}.
 * @public
 */
export class RuntimeError extends CortexError<RuntimeErrorCode> {
  constructor(code: RuntimeErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
