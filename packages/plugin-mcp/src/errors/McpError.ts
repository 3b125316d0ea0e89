import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type McpErrorCode, mcpErrorCatalogue } from './mcpErrorCatalogue.js';

/**
 * An error raised by the MCP plugin, with a code from {@link McpErrorCode}.
 * @public
 */
export class McpError extends CortexError<McpErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof mcpErrorCatalogue = mcpErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: McpErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
