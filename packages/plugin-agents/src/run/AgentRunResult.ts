import type { AgentMemoryCall } from '../memory/AgentMemoryCall.js';
import type { AgentBudgetLimits, AgentBudgetName } from '../definition/AgentBudgets.js';
import type { AgentRunError, AgentRunStep } from './AgentRunStep.js';
import type { AgentTraceEntry } from './AgentRunTrace.js';

/**
 * How a run ended.
 * @public
 */
export type AgentRunStatus = 'completed' | 'budget-exhausted' | 'failed' | 'cancelled';

/**
 * Why a run ended: with `completed`, `final-answer` (text) or `structured-output`; with
 * `budget-exhausted`, the budget's name; with `failed`, `model-failed` or `output-invalid`;
 * with `cancelled`, `cancelled`.
 * @public
 */
export type AgentRunReason = 'final-answer' | 'structured-output' | AgentBudgetName | 'model-failed' | 'output-invalid' | 'cancelled';

/**
 * What a run used, all steps together.
 * @public
 */
export interface AgentRunUsage {
  /** Model calls made. */
  readonly steps: number;
  /** Input tokens of every model call. */
  readonly inputTokens: number;
  /** Output tokens of every model call. */
  readonly outputTokens: number;
  /** Tokens used by agents this run called as tools (carved out of its budget). */
  readonly delegatedTokens: number;
  /** `inputTokens + outputTokens + delegatedTokens`: what the token budget counts. */
  readonly totalTokens: number;
  /** Cost at the serving providers' declared prices (0 where none were declared), agents called as tools included. */
  readonly cost: number;
  /** Tool calls started. */
  readonly toolCalls: number;
  /** Wall-clock time of the run, by the runner's clock. */
  readonly wallMs: number;
}

/**
 * The outcome of an agent run.
 * @public
 */
export interface AgentRunResult<O = unknown> {
  /** The run's id (events carry it too). */
  readonly runId: string;
  /** The agent's name. */
  readonly agent: string;
  /** How the run ended. */
  readonly status: AgentRunStatus;
  /** Why. */
  readonly reason: AgentRunReason;
  /** The final text, or the parsed structured output; present only when `status` is `completed`. */
  readonly output?: O;
  /** The last reply's text (a partial answer when a budget ended the run). */
  readonly text: string;
  /** The error that failed or cancelled the run. */
  readonly error?: AgentRunError;
  /** Every step, as serialisable records. */
  readonly steps: readonly AgentRunStep[];
  /** What the run used. */
  readonly usage: AgentRunUsage;
  /** The budgets the run had (the agent's, narrowed by the run's options). */
  readonly budgets: AgentBudgetLimits;
  /** What happened, in order. */
  readonly trace: readonly AgentTraceEntry[];
  /** The user the run acted for (its `userId` option), when it had one. */
  readonly userId?: string;
  /** The thread the run continued (its `threadId` option), when it had one. */
  readonly threadId?: string;
  /** The loop's own memory calls with their results — for a run that continued a thread, the history it was given; for an agent with a `memory` option, its recall and write-back: with the steps, all a replay answers the run with. */
  readonly memoryCalls?: readonly AgentMemoryCall[];
}
