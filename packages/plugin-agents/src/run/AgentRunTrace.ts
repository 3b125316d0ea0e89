import type { AgentBudgetName } from '../definition/AgentBudgets.js';
import type { AgentToolCallOutcome } from './AgentRunStep.js';

/**
 * One entry of a run's trace: the order in which things happened, by the runner's clock. Every
 * `tool.started` is followed, in time, by a `tool.ended` of the same call.
 * @public
 */
export type AgentTraceEntry =
  | { readonly type: 'model.started'; readonly at: number; readonly step: number }
  | {
      readonly type: 'model.ended';
      readonly at: number;
      readonly step: number;
      /** The provider that served, when the call succeeded. */
      readonly provider?: string;
      /** The failure's code (a Cortex-OS error) or name (`AbortError`, `TimeoutError`), when it failed. */
      readonly error?: string;
    }
  | {
      readonly type: 'approval.decided';
      readonly at: number;
      readonly step: number;
      readonly callId: string;
      readonly tool: string;
      readonly granted: boolean;
    }
  | { readonly type: 'tool.started'; readonly at: number; readonly step: number; readonly callId: string; readonly tool: string }
  | {
      readonly type: 'tool.ended';
      readonly at: number;
      readonly step: number;
      readonly callId: string;
      readonly tool: string;
      readonly outcome: AgentToolCallOutcome;
    }
  | { readonly type: 'output.rejected'; readonly at: number; readonly step: number; readonly code: string }
  | {
      readonly type: 'history.trimmed';
      readonly at: number;
      readonly keptTurns: number;
      readonly droppedTurns: number;
      readonly droppedTokens: number;
      readonly summarized: boolean;
    }
  | {
      readonly type: 'memory.recalled';
      readonly at: number;
      /** The memories put in the context, most relevant first: the run's citations. */
      readonly memories: readonly { readonly id: string; readonly score: number }[];
      /** Memories found that did not fit `memory.maxTokens`. */
      readonly dropped: number;
      /** Estimated tokens of the memories put in the context. */
      readonly tokens: number;
      /** The search mode that answered (`hybrid`, or `keyword` when degraded). */
      readonly mode?: string;
      /** Why the search was keyword-only, when it was. */
      readonly degraded?: string;
      /** The failure's code, when the recall failed (the run goes on without memories). */
      readonly error?: string;
    }
  | {
      readonly type: 'memory.written';
      readonly at: number;
      readonly step: number;
      /** `answer` (the run's input and answer) or `remember` (the model's `memory.remember` call). */
      readonly source: 'answer' | 'remember';
      /** The stored memory's id, when it was stored. */
      readonly id?: string;
      /** The failure's code, when it was not. */
      readonly error?: string;
    }
  | { readonly type: 'budget.exhausted'; readonly at: number; readonly budget: AgentBudgetName };
