import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import type { OpenAiErrorCode } from './openAiErrorCatalogue.js';

/**
 * An error raised by the OpenAI-compatible client (and the providers built on it), with a code
 * from {@link OpenAiErrorCode}; it travels as the `cause` of the kernel's provider errors.
 *
 * @example
 * ```ts
 * if (CortexError.is(error.cause, 'OPENAI_TIMEOUT')) logger.warn('the model server is slow; raise timeoutMs');
 * ```
 * @public
 */
export class OpenAiError extends CortexError<OpenAiErrorCode> {
  constructor(code: OpenAiErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
