import { CortexError, type CortexErrorOptions } from '@cortex-os/kernel';
import type { OllamaErrorCode } from './ollamaErrorCatalogue.js';

/**
 * An error raised by the Ollama provider, with a code from {@link OllamaErrorCode}.
 * @public
 */
export class OllamaError extends CortexError<OllamaErrorCode> {
  constructor(code: OllamaErrorCode, message: string, options?: CortexErrorOptions) {
    super(code, message, options);
  }
}
