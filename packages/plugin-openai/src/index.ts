/**
 * OpenAI-compatible model provider for Cortex-OS: embeddings and streamed chat completions
 * against OpenAI, mlx_lm.server, vLLM, llama.cpp server, LM Studio or any such endpoint.
 *
 * @packageDocumentation
 */
export {
  createOpenAiProvider,
  OPENAI_PUBLIC_BASE_URL,
  type CreateOpenAiProviderOptions,
  type OpenAiEmbeddingOptions,
} from './provider/createOpenAiProvider.js';
export {
  createOpenAiCompatibleClient,
  type CreateOpenAiCompatibleClientOptions,
  type OpenAiCompatibleClient,
  type OpenAiChatRequest,
  type OpenAiEmbeddingsResult,
} from './client/OpenAiCompatibleClient.js';
export { readSseEvents, type SseEvent } from './sse/readSseEvents.js';
export { parseRetryAfterHeaders as parseRetryAfter } from '@cortex-os/provider-kit';
export { isLoopbackUrl } from './http/isLoopbackUrl.js';
export { OpenAiError } from './errors/OpenAiError.js';
export { openAiErrorCatalogue, type OpenAiErrorCode } from './errors/openAiErrorCatalogue.js';
export { openAiPlugin } from './plugin/openAiPlugin.js';
