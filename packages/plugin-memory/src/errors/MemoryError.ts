import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type MemoryErrorCode, memoryErrorCatalogue } from './memoryErrorCatalogue.js';

/**
 * An error raised by the memory store, with a code from {@link MemoryErrorCode}.
 *
 * @remarks
 * Recognise it with `CortexError.is(error, 'MEMORY_NOT_FOUND')`, which survives two installed copies.
 * @public
 */
export class MemoryError extends CortexError<MemoryErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof memoryErrorCatalogue = memoryErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: MemoryErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
