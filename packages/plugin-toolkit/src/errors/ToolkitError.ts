import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type ToolkitErrorCode, toolkitErrorCatalogue } from './toolkitErrorCatalogue.js';

/**
 * An error raised by the agent toolkit, with a code from {@link ToolkitErrorCode}; `details.path`
 * and `details.root` name what was refused, relative to the workspace root.
 * @public
 */
export class ToolkitError extends CortexError<ToolkitErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof toolkitErrorCatalogue = toolkitErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: ToolkitErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
