import type { AgentBudgets } from '../definition/AgentBudgets.js';
import type { AgentToolCallInfo } from '../definition/AgentDefinition.js';
import type { AgentRunJournal } from './AgentRunJournal.js';
import type { AgentRunStep } from './AgentRunStep.js';

/**
 * A tool call waiting for approval.
 * @public
 */
export interface AgentApprovalRequest extends AgentToolCallInfo {
  /** The run's id. */
  readonly runId: string;
  /** The step the call belongs to. */
  readonly step: number;
}

/**
 * Decides a tool call that needs approval: `true` runs it; `false` (or a rejection) tells the model it was denied.
 * @public
 */
export type AgentApprover = (request: AgentApprovalRequest) => boolean | Promise<boolean>;

/**
 * Options of one run.
 * @public
 */
export interface AgentRunOptions {
  /** The goal or question, sent as the user's message after the instructions. */
  readonly input: string;
  /** Cancels the run at any point: the model call or tool calls in flight are aborted and the run ends `cancelled`. */
  readonly signal?: AbortSignal;
  /**
   * Decides tool calls that need approval under the agent's policy.
   * @defaultValue none: such calls are denied
   */
  readonly approve?: AgentApprover;
  /** Tighter budgets for this run; each is the smaller of this and the agent's. */
  readonly budgets?: AgentBudgets;
  /**
   * The run's id.
   * @defaultValue a random UUID
   */
  readonly runId?: string;
  /** Receives each step as it completes (the same record the result lists). */
  readonly onStep?: (step: AgentRunStep) => void;
  /**
   * Continues a thread: its history (fitted to the agent's `history.maxTokens`) comes before the
   * input, and a run that completes appends its input and messages to it.
   */
  readonly threadId?: string;
  /**
   * The user the run acts for: the `user` scope of an agent's memory (required by agents whose
   * `memory.scope` includes `user`).
   * @defaultValue with a `principal`, `userIdOfPrincipal(principal)`; else none
   */
  readonly userId?: string;
  /**
   * Whom the run acts for, as a door authenticated them (a bearer token's principal): the tools it
   * calls see it in {@link currentDelegation}, so work they file on someone's behalf — a
   * `cerebrum.execute` plan task, say — is filed under that principal, and the run acts for its
   * user (`userId`, unless given). The doors set it (the agent tool, durable tasks, A2A); a called
   * agent acts for its caller's.
   * @defaultValue none: such work is filed under `host`
   */
  readonly principal?: string;
  /**
   * Checkpoints the run's model and tool calls and replays those an earlier attempt recorded
   * (durable tasks pass one; see {@link AgentRunJournal}).
   * @defaultValue none: every call runs
   */
  readonly journal?: AgentRunJournal;
  /**
   * Keeps every model call of the run, and of the agents it calls as tools, on `local` providers
   * whatever the agent's policy allows: a caller's constraint (a `localOnly` plan, say) narrows the
   * agent's, never widens it.
   * @defaultValue false: the agent's policy decides
   */
  readonly localOnly?: boolean;
}
