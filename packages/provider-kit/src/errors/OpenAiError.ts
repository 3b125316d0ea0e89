import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type OpenAiErrorCode, openAiErrorCatalogue } from './openAiErrorCatalogue.js';

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
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof openAiErrorCatalogue = openAiErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: OpenAiErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
