import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import type { OpenAiErrorCode } from './openAiErrorCatalogue.js';

/**
 * An error raised by the OpenAI-compatible provider, with a code from {@link OpenAiErrorCode}.
 * @public
 */
export class OpenAiError extends CortexError<OpenAiErrorCode> {
  constructor(code: OpenAiErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
