import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import type { McpErrorCode } from './mcpErrorCatalogue.js';

/**
 * An error raised by the MCP plugin, with a code from {@link McpErrorCode}.
 * @public
 */
export class McpError extends CortexError<McpErrorCode> {
  constructor(code: McpErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
