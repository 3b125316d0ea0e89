import { KernelError } from '@cortex-os/kernel';
import { OllamaError } from './OllamaError.js';

/**
 * The error for a 2xx answer that is not Ollama's wire format: the router's
 * `PROVIDER_REQUEST_FAILED` (`reason: 'invalid-response'`) with an `OLLAMA_RESPONSE_INVALID` cause.
 */
export function invalidOllamaResponse(provider: string, operation: string, problem: string, cause?: unknown): KernelError {
  const message = `Provider "${provider}" answered ${operation} with an invalid body: ${problem}.`;
  return new KernelError('PROVIDER_REQUEST_FAILED', message, {
    details: { provider, reason: 'invalid-response' },
    cause: new OllamaError('OLLAMA_RESPONSE_INVALID', message, cause === undefined ? {} : { cause }),
  });
}
