import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import type { MemoryErrorCode } from './memoryErrorCatalogue.js';

/**
 * An error raised by the memory store, with a code from {@link MemoryErrorCode}.
 *
 * @remarks
 * Recognise it with `CortexError.is(error, 'MEMORY_NOT_FOUND')`, which survives two installed copies.
 * @public
 */
export class MemoryError extends CortexError<MemoryErrorCode> {
  constructor(code: MemoryErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
