import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type GatesErrorCode, gatesErrorCatalogue } from './gatesErrorCatalogue.js';

/**
 * An error raised by the quality gates, with a code from {@link GatesErrorCode}; `details.file`
 * and `details.field` name what to fix when a contract, report, baseline or rubric is wrong.
 * @public
 */
export class GatesError extends CortexError<GatesErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof gatesErrorCatalogue = gatesErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: GatesErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
