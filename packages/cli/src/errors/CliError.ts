import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type CliErrorCode, cliErrorCatalogue } from './cliErrorCatalogue.js';

/**
 * An error of `@cortex-os/cli`, with a stable {@link CliErrorCode}.
 * @public
 */
export class CliError extends CortexError<CliErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof cliErrorCatalogue = cliErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: CliErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
