/**
 * Shared plumbing for Cortex-OS model providers: an OpenAI-compatible client and a
 * server-sent-events reader speak the most common wire format; and the HTTP plumbing (fetch with a total deadline and an idle timeout, `Retry-After`
 * parsing, the mapping of HTTP and connection failures to the kernel's `PROVIDER_REQUEST_FAILED`
 * / `PROVIDER_UNAVAILABLE`) makes every provider fail the same way.
 *
 * @packageDocumentation
 */
export { defineProviderPlugin } from './plugin/defineProviderPlugin.js';
export type {
  ProviderPluginCreateContext,
  ProviderPluginCreateResult,
  ProviderPluginDefinition,
} from './plugin/ProviderPluginDefinition.js';
export {
  createOpenAiCompatibleClient,
  type CreateOpenAiCompatibleClientOptions,
  type OpenAiCompatibleClient,
  type OpenAiChatRequest,
  type OpenAiEmbeddingsResult,
} from './openai/OpenAiCompatibleClient.js';
export { traceModelProvider } from './tracing/traceModelProvider.js';
export { observeModelProvider } from './observe/observeModelProvider.js';
export { followPowerMode, type LowPowerProviderOptions } from './power/followPowerMode.js';
export { providerCallChannel, providerCallChannelName, type ProviderCallMessage } from './observe/providerCallChannel.js';
export { readSseEvents, type SseEvent } from './sse/readSseEvents.js';
export { OpenAiError } from './errors/OpenAiError.js';
export { openAiErrorCatalogue, type OpenAiErrorCode } from './errors/openAiErrorCatalogue.js';
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
export { requireTextInputs } from './embed/requireTextInputs.js';
// The runtime's one loopback test (the HTTP edge and MCP use it too), offered here because a
// provider's default locality depends on it: providers import their whole SPI from this package.
export { isLoopbackUrl } from '@cortex-os/http-api/security';
export {
  createProviderHttpError,
  type CreateProviderHttpErrorOptions,
  type ProviderErrorBody,
  type ProviderErrorBodyReader,
} from './http/createProviderHttpError.js';
export { createProviderUnreachableError, type CreateProviderUnreachableErrorOptions } from './http/createProviderUnreachableError.js';
