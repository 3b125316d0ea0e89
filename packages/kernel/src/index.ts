/**
 * The Cortex-OS kernel's main door, for plugin authors and hosts: tokens, `definePlugin`, the
 * `define*` helpers for contracts, events, tools, resources and prompts, the error model, the
 * logger and health seams, `createKernel` and its description.
 *
 * @remarks
 * Two more doors serve narrower audiences: `@cortex-os/kernel/router` (the model-provider
 * contract, policy router and tool-output budget) and `@cortex-os/kernel/resilience` (policies
 * and failure classification); `@cortex-os/kernel/testing` holds test helpers. The machinery
 * `createKernel` builds (container, registries, bus, router) has no public constructor.
 *
 * @packageDocumentation
 */
export { CortexError, toError, type CortexErrorOptions, type CortexErrorClass } from './errors/CortexError.js';
export { KernelError, KernelAggregateError, type KernelProblem } from './errors/KernelError.js';
export { kernelErrorCatalogue, type KernelErrorCode } from './errors/kernelErrorCatalogue.js';
export { type ErrorKind, errorKinds, isErrorKind } from './errors/ErrorKind.js';
export {
  defineErrorCatalogue,
  errorCatalogueInfo,
  type ErrorCatalogue,
  type ErrorCatalogueEntry,
  type ErrorCatalogueInfo,
  type DefineErrorCatalogueOptions,
} from './errors/defineErrorCatalogue.js';
export {
  formatErrorMessage,
  type ErrorMessageParams,
  type ErrorMessageSlots,
  type ErrorMessageValue,
} from './errors/formatErrorMessage.js';
export { httpErrorTreatment, type HttpErrorTreatment } from './errors/httpErrorTreatment.js';
export { mcpErrorTreatment, type McpErrorTreatment } from './errors/mcpErrorTreatment.js';
export { remoteErrorExposure, type RemoteErrorExposure } from './errors/remoteErrorExposure.js';
export {
  toRemoteErrorView,
  type RemoteErrorView,
  type RemoteErrorIssue,
  type ToRemoteErrorViewOptions,
} from './errors/toRemoteErrorView.js';
export { redactRemoteText, isRawDatabaseText } from './errors/redactRemoteText.js';

export {
  createToken,
  createMultiToken,
  type Token,
  type MultiToken,
  type AnyToken,
  type TokenValue,
  type TokenContribution,
  type CreateTokenOptions,
  type CreateMultiTokenOptions,
  type TokenOwner,
} from './container/Token.js';
export type {
  ServiceContainer,
  ServiceScope,
  ServiceResolver,
  ServiceBinding,
  ServiceLifetime,
  ServiceDependencies,
  ResolvedDependencies,
} from './container/ServiceContainer.js';

export { defineContract, type Contract, type ContractData, type DefineContractOptions } from './contracts/Contract.js';
export type { ContractRegistry } from './contracts/ContractRegistry.js';
export type { ContractValidationIssue } from './contracts/ContractValidationIssue.js';

export type { CloudEvent } from './events/CloudEvent.js';
export { defineEvent, type EventDefinition, type EventData, type DefineEventOptions } from './events/EventDefinition.js';
export {
  subscriberFailedEvent,
  type SubscriberFailedEventData,
  type EventBus,
  type EventBusStats,
  type EventPublishOptions,
  type EventSubscribeOptions,
} from './events/EventBus.js';
export type { EventHandler, EventOverflowPolicy, EventSubscription } from './events/EventSubscription.js';
export type { EventBusTransport, TransportGroupRequest } from './events/EventBusTransport.js';
export { compileEventPattern } from './events/eventPattern.js';
export type { ConsumeContext, ConsumeHandler, ConsumeOptions, ConsumerMembership } from './events/ConsumerGroups.js';
export type { EventStream, EventObserver, EventStreamSubscription } from './events/EventStream.js';

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
export type { ToolRegistry, ToolDescriptor, ToolCallOptions, ToolRegistryChange } from './tools/ToolRegistry.js';
export {
  toolExecutionStartedEvent,
  toolExecutionCompletedEvent,
  toolExecutionFailedEvent,
  toolsChangedEvent,
  type ToolCallEventData,
  type ToolCallCompletedEventData,
  type ToolCallFailedEventData,
  type ToolsChangedEventData,
} from './tools/toolEvents.js';

export { createLogger, type Logger, type LogFn, type LogDestination, type CreateLoggerOptions } from './logging/Logger.js';
export { runWithCorrelationId, currentCorrelationId } from './logging/correlation.js';

export { healthIndicatorToken, type HealthIndicator, type HealthCheckResult } from './health/HealthIndicator.js';
export { powerModeToken, type LowPowerLimits, type PowerMode, type PowerModeService } from './power/PowerMode.js';

export { definePlugin, type Plugin, type PluginFactory } from './lifecycle/Plugin.js';
export { createDisposer, type Disposer } from './lifecycle/Disposer.js';
export {
  optional,
  type OptionalRequirement,
  type PluginDefinition,
  type PluginRequirements,
  type PluginProvisions,
  type PluginDependencies,
  type PluginProvidedValues,
  type PluginKernelServices,
  type PluginHookContext,
  type PluginExtensionPoints,
  type PluginContributions,
  type PluginContributedValues,
  type PluginExtensions,
  type PluginStartResult,
  type PluginLifecycle,
  type PluginLifecycleListener,
  type PluginLifecycleListenerOptions,
  type PluginRegisterContext,
  type PluginStartContext,
  type PluginStopContext,
  type PluginOptions,
  type PluginOptionsInput,
} from './lifecycle/PluginDefinition.js';
export { resolveRuntimeHome, type ResolveRuntimeHomeOptions, type RuntimeHome } from './home/resolveRuntimeHome.js';
export { createKernel, type Kernel, type KernelState, type KernelStopReport, type CreateKernelOptions } from './lifecycle/Kernel.js';
export type { PluginStartProgress } from './lifecycle/PluginStartProgress.js';
export { kernelTokens } from './lifecycle/kernelTokens.js';
export { pluginOptionsSchema, type SchemaFits } from './lifecycle/pluginOptionsSchema.js';
export {
  kernelDescriptionToMermaid,
  type KernelDescription,
  type KernelPluginDescription,
  type KernelExtensionPointDescription,
} from './lifecycle/KernelDescription.js';
export type { PluginBinder } from './lifecycle/PluginBinder.js';
export {
  defineExtensionPoint,
  type ExtensionPoint,
  type AnyExtensionPoint,
  type ExtensionPointValue,
  type DefineExtensionPointOptions,
} from './extensions/ExtensionPoint.js';
export type {
  ExtensionPointContributions,
  ExtensionPointContribution,
  ExtensionPointChange,
} from './extensions/ExtensionPointContributions.js';
export { kernelExtensionPoints } from './extensions/kernelExtensionPoints.js';

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
export type { ResourceRegistry, ResourceReadOptions } from './resources/ResourceRegistry.js';
export type { ResourceDescriptor, ResourceTemplateDescriptor } from './resources/ResourceDescriptor.js';
export {
  definePrompt,
  type PromptDefinition,
  type PromptArgumentsSchema,
  type PromptArgumentCompleter,
  type PromptContent,
  type PromptMessage,
  type PromptRenderResult,
} from './prompts/PromptDefinition.js';
export type { PromptRegistry, PromptDescriptor, PromptArgumentDescriptor, PromptGetOptions } from './prompts/PromptRegistry.js';
