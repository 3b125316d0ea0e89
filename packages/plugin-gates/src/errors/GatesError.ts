import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import type { GatesErrorCode } from './gatesErrorCatalogue.js';

/**
 * An error raised by the quality gates, with a code from {@link GatesErrorCode}; `details.file`
 * and `details.field` name what to fix when a contract, report, baseline or rubric is wrong.
 * @public
 */
export class GatesError extends CortexError<GatesErrorCode> {
  constructor(code: GatesErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
