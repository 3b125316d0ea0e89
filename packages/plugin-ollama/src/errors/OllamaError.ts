import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import { type OllamaErrorCode, ollamaErrorCatalogue } from './ollamaErrorCatalogue.js';

/**
 * An error raised by the Ollama provider, with a code from {@link OllamaErrorCode}.
 * @public
 */
export class OllamaError extends CortexError<OllamaErrorCode> {
  /** The package's error catalogue, where each error finds its kind and message template. */
  static override readonly catalogue: typeof ollamaErrorCatalogue = ollamaErrorCatalogue;

  /** Creates an error with a code from the catalogue and a message (see `create` for the catalogue's template). */
  constructor(code: OllamaErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
