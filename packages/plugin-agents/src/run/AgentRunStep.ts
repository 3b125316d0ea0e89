import type { ChatMessage, ModelFinishReason, ModelToolCall, ModelUsage } from '@cortex-os/kernel/router';

/**
 * An error as a run records it: the stable code and the text the model (or a caller) may see.
 * @public
 */
export interface AgentRunError {
  /** The error's code (`TOOL_EXECUTION_FAILED`, `AGENT_TOOL_DENIED`, …). */
  readonly code: string;
  /** A safe message: the model's own mistakes in full, other failures as their kind allows a remote caller to see. */
  readonly message: string;
}

/**
 * How a tool call of the model ended.
 * - `succeeded`: the tool ran and returned;
 * - `failed`: the tool (or an interceptor, or the registry's validation) threw;
 * - `invalid`: the call named a tool not offered, or its arguments were not valid JSON or broke the schema (never started);
 * - `denied`: it needed approval and did not get it (never started);
 * - `cancelled`: the run was cancelled or ran out of time while it ran.
 * @public
 */
export type AgentToolCallOutcome = 'succeeded' | 'failed' | 'invalid' | 'denied' | 'cancelled';

/**
 * One tool call of a step and its result, as the model was told.
 * @public
 */
export interface AgentToolCallRecord {
  /** The model's id of the call. */
  readonly callId: string;
  /** The tool called. */
  readonly tool: string;
  /** The arguments as the model sent them (JSON text). */
  readonly arguments: string;
  /** How the call ended. */
  readonly outcome: AgentToolCallOutcome;
  /** Whether it needed approval, and the decision. */
  readonly approval: 'not-needed' | 'granted' | 'denied';
  /** The `tool` message content the model received for it. */
  readonly content: string;
  /** The error, for every outcome but `succeeded`. */
  readonly error?: AgentRunError;
  /** The model's arguments, when the run's journal substituted `arguments` for them (time travel). */
  readonly substitutedFrom?: string;
}

/**
 * What a step asked of the model.
 * @public
 */
export interface AgentModelRequestSummary {
  /** Messages sent (instructions, input and history). */
  readonly messages: number;
  /** Names of the tools offered. */
  readonly tools: readonly string[];
  /** The response format's name, when the agent has an output schema. */
  readonly responseFormat?: string;
  /** The most tokens the reply was allowed, from `maxReplyTokens` and the token and cost budgets. */
  readonly maxTokens?: number;
  /** Estimated input tokens (`estimateTokens` over messages, tools and response format). */
  readonly estimatedInputTokens: number;
}

/**
 * The model's reply in a step.
 * @public
 */
export interface AgentModelReply {
  /** The provider that served. */
  readonly provider: string;
  /** The model that answered. */
  readonly model: string;
  /** True when the router fell back to another provider. */
  readonly fellBack: boolean;
  /** The reply's text. */
  readonly text: string;
  /** Why the model stopped. */
  readonly finishReason: ModelFinishReason;
  /** The tool calls, as the model made them. */
  readonly toolCalls: readonly ModelToolCall[];
  /** Usage as the provider reported it, when it did. */
  readonly usage?: ModelUsage;
}

/**
 * Tokens and cost a step used: reported by the provider where it did, estimated otherwise.
 * @public
 */
export interface AgentStepUsage {
  /** Input tokens of the model call. */
  readonly inputTokens: number;
  /** Output tokens of the model call. */
  readonly outputTokens: number;
  /** True when at least one of the two counts is an estimate. */
  readonly estimated: boolean;
  /** Cost at the serving provider's declared prices; absent when it declares none. */
  readonly cost?: number;
}

/**
 * One step of a run as plain, serialisable data: what the model was asked, what it answered,
 * the tool calls it made and their results, and the messages the step added to the
 * conversation. The conversation of a run is its instructions and input followed by every
 * step's `appended` messages, so a checkpoint of the steps is enough to resume or replay a run.
 * @public
 */
export interface AgentRunStep {
  /** The step's position, from 0. */
  readonly index: number;
  /** When the model call started, by the runner's clock (epoch milliseconds). */
  readonly startedAt: number;
  /** When the step ended (its tool calls included). */
  readonly endedAt: number;
  /** What the model was asked. */
  readonly request: AgentModelRequestSummary;
  /** What it answered. */
  readonly reply: AgentModelReply;
  /** The tool calls run for the reply, in the reply's order; empty when none ran. */
  readonly toolCalls: readonly AgentToolCallRecord[];
  /** The messages this step added to the conversation: the assistant's reply, each tool result, any correction asked for. */
  readonly appended: readonly ChatMessage[];
  /** Tokens and cost of the model call. */
  readonly usage: AgentStepUsage;
  /** Why the reply's structured output was rejected, when it was. */
  readonly outputError?: AgentRunError;
}
