/**
 * Agents for Cortex-OS runtimes: define an agent (instructions, model policy, allowed tools,
 * approval, budgets, optional structured output), contribute it on
 * {@link agentExtensionPoints}, and run it through {@link AgentsService}: model → tool calls →
 * results → model … until a final answer, a valid structured output, a budget, a failure or
 * cancellation ends it, every step a serialisable record and an event.
 *
 * @packageDocumentation
 */
export { defineAgent } from './definition/defineAgent.js';
export type {
  AgentDefinition,
  DefineAgentOptions,
  AgentModelOptions,
  AgentApprovalPolicy,
  AgentToolCallInfo,
  AgentOutputOf,
  AgentHistoryOptions,
  AgentToolSearchOptions,
  AgentMemoryOptions,
  AgentMemoryPolicy,
  AgentMemoryScope,
  AgentMemoryWriteBack,
} from './definition/AgentDefinition.js';
export { defaultAgentBudgets, type AgentBudgets, type AgentBudgetLimits, type AgentBudgetName } from './definition/AgentBudgets.js';
export type { AgentProblem } from './definition/resolveAgent.js';
export { agentExtensionPoints } from './agentExtensionPoints.js';
export type { ExternalAgent, ExternalAgentRequest, ExternalAgentReply, AgentDelegationView } from './external/ExternalAgent.js';
export { currentDelegation } from './external/currentDelegation.js';
export {
  agentsPlugin,
  agentsPluginOptions,
  type AgentsPluginOptions,
  type AgentsPluginOptionsInput,
  type AgentClock,
} from './plugin/agentsPlugin.js';
export { agentsServiceToken } from './plugin/agentsServiceToken.js';
export type { AgentsService, AgentDescriptor } from './service/AgentsService.js';
export type { AgentRunOptions, AgentApprover, AgentApprovalRequest } from './run/AgentRunOptions.js';
export type { AgentRunResult, AgentRunStatus, AgentRunReason, AgentRunUsage } from './run/AgentRunResult.js';
export type {
  AgentRunStep,
  AgentRunError,
  AgentToolCallRecord,
  AgentToolCallOutcome,
  AgentModelRequestSummary,
  AgentModelReply,
  AgentStepUsage,
} from './run/AgentRunStep.js';
export type { AgentTraceEntry } from './run/AgentRunTrace.js';
export type {
  AgentRunJournal,
  AgentJournalModelCall,
  AgentJournalToolCall,
  AgentJournalToolInputCall,
  AgentJournalToolResult,
} from './run/AgentRunJournal.js';
export { createMemoryThreadStore, type AgentThreadStore } from './threads/AgentThreadStore.js';
export { userIdOfPrincipal } from './memory/userIdOfPrincipal.js';
export { principalThreadId } from './threads/principalThreadId.js';
export { THREAD_APPEND_CALL_ID, THREAD_HISTORY_CALL_ID } from './threads/journaledThread.js';
export type { AgentMemoryCall } from './memory/AgentMemoryCall.js';
export { principalOfCaller } from './run/principalOfCaller.js';
export {
  agentRunStartedEvent,
  agentStepCompletedEvent,
  agentToolCalledEvent,
  agentRunCompletedEvent,
  agentRunFailedEvent,
  agentRunCancelledEvent,
  type AgentRunStartedEventData,
  type AgentStepCompletedEventData,
  type AgentToolCalledEventData,
  type AgentRunEndedEventData,
} from './events/agentEvents.js';
export { AgentError } from './errors/AgentError.js';
export { agentErrorCatalogue, type AgentErrorCode } from './errors/agentErrorCatalogue.js';
