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
export {
  createServiceContainer,
  type ServiceContainer,
  type ServiceScope,
  type ServiceResolver,
  type ServiceBinding,
  type ServiceLifetime,
  type ServiceDependencies,
  type ResolvedDependencies,
} from './container/ServiceContainer.js';

export { defineContract, type Contract, type ContractData, type DefineContractOptions } from './contracts/Contract.js';
export { createContractRegistry, type ContractRegistry } from './contracts/ContractRegistry.js';
export type { ContractValidationIssue } from './contracts/ContractValidationIssue.js';

export type { CloudEvent } from './events/CloudEvent.js';
export { defineEvent, type EventDefinition, type EventData, type DefineEventOptions } from './events/EventDefinition.js';
export {
  createEventBus,
  subscriberFailedEvent,
  type EventBus,
  type EventBusStats,
  type EventPublishOptions,
  type EventSubscribeOptions,
  type CreateEventBusOptions,
} from './events/EventBus.js';
export type { EventHandler, EventOverflowPolicy, EventSubscription } from './events/EventSubscription.js';

export { defineTool, type ToolDefinition, type ToolAnnotations } from './tools/ToolDefinition.js';
export { toolResult, type ToolContent, type ToolResult } from './tools/ToolContent.js';
export type { ToolContext, ToolCaller, ToolCallerCapabilities, ToolProgress, ToolLogLevel } from './tools/ToolContext.js';
export {
  createToolInterceptor,
  type ToolInterceptor,
  type ToolCall,
  type ToolCallResult,
  type CreateToolInterceptorOptions,
} from './tools/ToolInterceptor.js';
export {
  createToolRegistry,
  type ToolRegistry,
  type ToolDescriptor,
  type ToolCallOptions,
  type ToolRegistryChange,
  type CreateToolRegistryOptions,
} from './tools/ToolRegistry.js';
export { toolExecutionStartedEvent, toolExecutionCompletedEvent, toolExecutionFailedEvent, toolsChangedEvent } from './tools/toolEvents.js';

export { createLogger, type Logger, type CreateLoggerOptions } from './logging/Logger.js';
export { runWithCorrelationId, currentCorrelationId } from './logging/correlation.js';

export { healthIndicatorToken, type HealthIndicator, type HealthCheckResult } from './health/HealthIndicator.js';

export { definePlugin, type Plugin, type PluginFactory } from './lifecycle/Plugin.js';
export {
  optional,
  type OptionalRequirement,
  type PluginDefinition,
  type PluginRequirements,
  type PluginProvisions,
  type PluginDependencies,
  type PluginProvidedValues,
  type PluginKernelServices,
  type PluginLifecycle,
  type PluginLifecycleListener,
  type PluginRegisterContext,
  type PluginStartContext,
  type PluginStopContext,
  type PluginOptions,
  type PluginOptionsInput,
} from './lifecycle/PluginDefinition.js';
export { createKernel, type Kernel, type KernelState, type KernelStopReport, type CreateKernelOptions } from './lifecycle/Kernel.js';
export { kernelTokens } from './lifecycle/kernelTokens.js';
export { pluginOptionsSchema, type SchemaFits } from './lifecycle/pluginOptionsSchema.js';
export { kernelDescriptionToMermaid, type KernelDescription, type KernelPluginDescription } from './lifecycle/KernelDescription.js';

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

export {
  createResiliencePolicy,
  type ResiliencePolicy,
  type CreateResiliencePolicyOptions,
  type ResilienceBreakerOptions,
  type ResilienceRetryOptions,
  type ResilienceConcurrencyOptions,
  type ResiliencePolicySnapshot,
  type ResilienceStateChange,
  type ResilienceDisposer,
  type CircuitBreakerState,
} from './resilience/ResiliencePolicy.js';
export {
  classifyFailure,
  isRetryableError,
  isBreakerFailure,
  getRetryAfterMs,
  parseRetryAfter,
  type ResilienceFailureKind,
} from './resilience/classifyFailure.js';
export {
  applyToolOutputBudget,
  estimateTokens,
  measureToolOutput,
  type ToolOutputBudget,
  type ToolOutputBudgetSubject,
  type ToolOutputBudgetOutcome,
} from './resilience/toolOutputBudget.js';
export {
  createResilienceToolInterceptor,
  type ResilienceToolInterceptor,
  type CreateResilienceToolInterceptorOptions,
  type ToolResilienceOptions,
} from './resilience/ResilienceToolInterceptor.js';
export {
  createPolicyRouter,
  type PolicyRouter,
  type CreatePolicyRouterOptions,
  type RouterResilienceOptions,
  type RouterClock,
  type PolicyRouterSnapshot,
  type RouterAttempt,
  type RouterRoute,
  type RouterEmbedRequest,
  type RouterGenerateRequest,
  type RouterEmbedResult,
  type RouterGenerateResult,
} from './router/PolicyRouter.js';
export type { RouterPolicy, RouterCapabilityRequirement } from './router/RouterPolicy.js';
export type { RouterEvent, RouterFallbackEventData, ProviderCircuitEventData } from './router/RouterEvent.js';
export {
  routerFallbackEvent,
  providerCircuitOpenedEvent,
  providerCircuitHalfOpenedEvent,
  providerCircuitClosedEvent,
} from './router/routerEvents.js';
export { routerPlugin, modelProviderToken, policyRouterToken } from './router/routerPlugin.js';

export { parseUriTemplate, type UriTemplate } from './resources/UriTemplate.js';
export {
  defineResource,
  defineResourceTemplate,
  type ResourceDefinition,
  type ResourceTemplateDefinition,
  type ResourceContents,
  type ResourceReadContext,
  type ResourceReadResult,
  type ResourceReader,
  type ResourceVariableCompleter,
  type ResourceChangeNotifier,
  type ResourceWatcher,
} from './resources/ResourceDefinition.js';
export {
  createResourceRegistry,
  type ResourceRegistry,
  type ResourceReadOptions,
} from './resources/ResourceRegistry.js';
export type { ResourceDescriptor, ResourceTemplateDescriptor } from './resources/ResourceDescriptor.js';
export { resourceToken } from './resources/resourceToken.js';
export {
  definePrompt,
  type PromptDefinition,
  type PromptArgumentsSchema,
  type PromptArgumentCompleter,
  type PromptContent,
  type PromptMessage,
  type PromptRenderResult,
} from './prompts/PromptDefinition.js';
export {
  createPromptRegistry,
  type PromptRegistry,
  type PromptDescriptor,
  type PromptArgumentDescriptor,
  type PromptGetOptions,
} from './prompts/PromptRegistry.js';
export { promptToken } from './prompts/promptToken.js';
