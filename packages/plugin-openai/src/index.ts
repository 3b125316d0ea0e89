/**
 * OpenAI-compatible model provider for Cortex-OS: embeddings and chat completions (tool calls,
 * structured output, streamed parts)
 * against OpenAI, mlx_lm.server, vLLM, llama.cpp server, LM Studio or any such endpoint.
 * The wire client it is built on lives in `@cortex-os/provider-kit`.
 *
 * @packageDocumentation
 */
export {
  createOpenAiProvider,
  OPENAI_PUBLIC_BASE_URL,
  type CreateOpenAiProviderOptions,
  type OpenAiEmbeddingOptions,
} from './provider/createOpenAiProvider.js';
export { openAiPlugin, openAiPluginOptions } from './plugin/openAiPlugin.js';
