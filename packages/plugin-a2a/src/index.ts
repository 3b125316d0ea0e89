/**
 * The Agent2Agent (A2A) protocol for Cortex-OS runtimes.
 * @packageDocumentation
 */
export { a2aErrorCatalogue, type A2aErrorCode } from './errors/a2aErrorCatalogue.js';
export { A2aError } from './errors/A2aError.js';
export { parseAgentCard, type AgentCard, type AgentInterface, type AgentSkill } from './card/parseAgentCard.js';
export { selectA2aInterface } from './card/selectA2aInterface.js';
export { AgentCardCache, type AgentCardCacheOptions } from './card/AgentCardCache.js';
export { verifyAgentCardJson, type A2aCardKeys } from './card/verifyAgentCardJson.js';
export { negotiateA2aVersion, supportedA2aVersions } from './protocol/negotiateA2aVersion.js';
export { a2aRpcErrorToError, type A2aRpcError } from './protocol/a2aRpcErrorToError.js';
export { A2aJsonRpcClient, type A2aCallOptions, type A2aJsonRpcClientOptions, type A2aOperation } from './protocol/A2aJsonRpcClient.js';
export { readSseData } from './protocol/readSseData.js';
export {
  a2aServerPlugin,
  type A2aExtendedCardOptions,
  type A2aGrpcOptions,
  type A2aPushOptions,
  type A2aServerPluginOptions,
  type A2aServerPluginOptionsInput,
} from './server/a2aServerPlugin.js';
export { createAgentCardSigner, type A2aCardSigningOptions } from './server/createAgentCardSigner.js';
export { PrincipalUser } from './server/PrincipalUser.js';
export { AgentRunExecutor, type AgentRunExecutorOptions } from './server/AgentRunExecutor.js';
export { buildAgentCard, toLegacyAgentCardJson, type BuildAgentCardOptions } from './server/buildAgentCard.js';
export { createA2aHttpHandler, type A2aHttpHandler, type A2aHttpHandlerOptions } from './server/createA2aHttpHandler.js';
export { createA2aRestHandler, type A2aRestHandler, type A2aRestHandlerOptions } from './server/createA2aRestHandler.js';
export { startA2aGrpcServer, type A2aGrpcServer, type A2aGrpcServerOptions } from './server/startA2aGrpcServer.js';
export { readA2aResult, foldA2aEvent, type A2aTaskView } from './protocol/A2aTaskView.js';
export {
  createA2aRemoteTool,
  type A2aRemoteToolInput,
  type A2aRemoteToolOptions,
  type A2aRemoteToolOutput,
} from './client/createA2aRemoteTool.js';
export {
  a2aClientPlugin,
  type A2aClientPluginOptions,
  type A2aRemoteAgentOptions,
  type A2aRemoteBreakerOptions,
  type A2aRemoteRetryOptions,
} from './client/a2aClientPlugin.js';
export { a2aRemoteAgentsPlugin } from './client/a2aRemoteAgentsPlugin.js';
export { SqliteA2aTaskStore, type SqliteA2aTaskStoreOptions, type UnfinishedA2aTask } from './store/SqliteA2aTaskStore.js';
export { PushTargetGuard, type PushTargetGuardOptions } from './push/PushTargetGuard.js';
export { GuardedPushNotificationStore } from './push/GuardedPushNotificationStore.js';
export {
  createPushNotificationSigner,
  PUSH_JWT_HEADER,
  type PushNotificationSigner,
} from './push/createPushNotificationSigner.js';
export { GuardedPushNotificationSender, type GuardedPushNotificationSenderOptions } from './push/GuardedPushNotificationSender.js';
export { SqliteA2aPushNotificationStore, type SqliteA2aPushNotificationStoreOptions } from './store/SqliteA2aPushNotificationStore.js';
export {
  a2aAgentTaskRunnerName,
  createA2aAgentTaskRunner,
  type A2aAgentTaskInput,
  type A2aAgentTaskOutput,
} from './tasks/a2aAgentTaskRunner.js';
export { DurableA2aRuns, type DurableA2aRunsOptions } from './tasks/DurableA2aRuns.js';
export type { A2aRunOutcome, A2aRunRequest } from './tasks/A2aRunOutcome.js';
export type { A2aPushDelivery, A2aPushOutbox } from './push/A2aPushOutbox.js';
export { SqliteA2aPushOutbox, type SqliteA2aPushOutboxOptions } from './store/SqliteA2aPushOutbox.js';
export { a2aDelegationDepthKey } from './delegation/a2aDelegationDepth.js';
