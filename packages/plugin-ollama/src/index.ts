/**
 * Ollama model provider for Cortex-OS: embeddings, chat with tool calling, structured output and
 * NDJSON streaming, and health from the model list.
 *
 * @packageDocumentation
 */
export { createOllamaProvider, type CreateOllamaProviderOptions, type OllamaEmbeddingOptions } from './provider/createOllamaProvider.js';
export { OllamaError } from './errors/OllamaError.js';
export { ollamaErrorCatalogue, type OllamaErrorCode } from './errors/ollamaErrorCatalogue.js';
export { ollamaPlugin, ollamaPluginOptions } from './plugin/ollamaPlugin.js';
