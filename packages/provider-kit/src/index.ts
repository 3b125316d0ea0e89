/**
 * Shared HTTP plumbing for Cortex-OS model-provider packages: fetch with a total deadline and
 * an idle timeout, `Retry-After` parsing, and the mapping of HTTP and connection failures to the
 * kernel's `PROVIDER_REQUEST_FAILED` / `PROVIDER_UNAVAILABLE`.
 *
 * @packageDocumentation
 */
export {
  createRequestDeadline,
  type CreateRequestDeadlineOptions,
  type RequestDeadline,
  type RequestDeadlineKind,
  type RequestDeadlineTimeoutCause,
} from './http/RequestDeadline.js';
export { fetchWithDeadline, type ProviderHttpProfile, type ProviderHttpRequest } from './http/fetchWithDeadline.js';
export { readResponseChunks, readResponseText } from './http/readResponseBody.js';
export { parseRetryAfterHeaders } from './http/parseRetryAfterHeaders.js';
export { errorBodyMessage } from './http/errorBodyMessage.js';
export {
  createProviderHttpError,
  type CreateProviderHttpErrorOptions,
  type ProviderErrorBody,
  type ProviderErrorBodyReader,
} from './http/createProviderHttpError.js';
export { createProviderUnreachableError, type CreateProviderUnreachableErrorOptions } from './http/createProviderUnreachableError.js';
