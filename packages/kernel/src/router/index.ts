/**
 * `@cortex-os/kernel/router`: the model-provider contract and the policy router — what a
 * provider plugin implements, what an agent calls to embed, generate and stream (with tool calls
 * and structured output), the router's events and error codes,
 * and the token estimate and tool-output budget that keep a model's context in bounds.
 *
 * @remarks
 * Third-party providers build on this door and `@cortex-os/provider-kit`; retries, breakers and
 * failure classification live in `@cortex-os/kernel/resilience`.
 *
 * @packageDocumentation
 */
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
  ChatTextMessage,
  ChatAssistantMessage,
  ChatToolMessage,
  GenerateOptions,
  GenerateResult,
  ModelFinishReason,
  ModelUsage,
  ModelTokenPrices,
} from './ModelProvider.js';
export { toModelTools, type ModelToolDefinition, type ModelToolChoice } from './ModelToolDefinition.js';
export { parseModelToolCall, type ModelToolCall, type ParsedModelToolCall } from './ModelToolCall.js';
export { toModelResponseFormat, parseStructuredOutput, type ModelResponseFormat } from './ModelResponseFormat.js';
export type { ModelStreamPart, ModelTextDelta, ModelToolCallDelta, ModelStreamFinish } from './ModelStreamPart.js';
export { collectModelStream, type CollectedModelStream } from './collectModelStream.js';
export type {
  PolicyRouter,
  RouterResilienceOptions,
  RouterClock,
  PolicyRouterSnapshot,
  RouterAttempt,
  RouterRoute,
  RouterEmbedRequest,
  RouterGenerateRequest,
  RouterEmbedResult,
  RouterGenerateResult,
  RouterStreamResult,
} from './PolicyRouter.js';
export type { RouterPolicy, RouterCapabilityRequirement } from './RouterPolicy.js';
export type { RouterEvent, RouterFallbackEventData, ProviderCircuitEventData } from './RouterEvent.js';
export {
  routerFallbackEvent,
  providerCircuitOpenedEvent,
  providerCircuitHalfOpenedEvent,
  providerCircuitClosedEvent,
} from './routerEvents.js';
export {
  routerPlugin,
  routerPluginOptions,
  modelProviderToken,
  policyRouterToken,
  type RouterPluginOptions,
  type RouterPluginOptionsInput,
} from './routerPlugin.js';
export { isRouterError, routerErrorCodes, type RouterError, type RouterErrorCode } from './routerErrorCodes.js';
export {
  applyToolOutputBudget,
  estimateTokens,
  measureToolOutput,
  type ToolOutputBudget,
  type ToolOutputBudgetSubject,
  type ToolOutputBudgetOutcome,
} from './toolOutputBudget.js';
