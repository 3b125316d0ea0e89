/**
 * The Cortex-OS kernel: DI container and plugin lifecycle, contract registry,
 * event bus, tool registry and policy router for AI-agent runtimes.
 *
 * @packageDocumentation
 */
export { CortexError, toError, type CortexErrorOptions } from './errors/CortexError.js';
export { KernelError, KernelAggregateError, type KernelProblem } from './errors/KernelError.js';
export { kernelErrorCatalogue, type KernelErrorCode } from './errors/kernelErrorCatalogue.js';
export {
  createToken,
  createMultiToken,
  type Token,
  type MultiToken,
  type AnyToken,
  type TokenValue,
  type TokenContribution,
  type CreateTokenOptions,
} from './container/Token.js';
export type {
  ModelProvider,
  ModelProviderCapabilities,
  ModelProviderHealth,
  ModelOperation,
  ModelModality,
  ModelCallOptions,
  EmbeddingCapability,
  EmbedInput,
  EmbedResult,
  ChatMessage,
  GenerateOptions,
  GenerateResult,
} from './router/ModelProvider.js';
