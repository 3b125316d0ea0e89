import type { AgentBudgets } from '../definition/AgentBudgets.js';
import type { AgentRunReason, AgentRunStatus } from '../run/AgentRunResult.js';

/**
 * What an agent's tool call lends the agent it calls, seen read-only: see {@link currentDelegation}.
 * @public
 */
export interface AgentDelegationView {
  /** The depth of the calling run (0 for a run started directly). */
  readonly depth: number;
  /** The calling run's id. */
  readonly runId: string;
  /** The calling run's budgets left, split among the turn's calls: the most a called agent may use. */
  readonly budgets: AgentBudgets;
  /** The calling run is held to local providers, so the called agent is too. */
  readonly localOnly: boolean;
  /** Whom the calling run acts for (its `principal` option), when a door said so. */
  readonly principal?: string;
}

/**
 * One run of an {@link ExternalAgent}.
 * @public
 */
export interface ExternalAgentRequest {
  /** The goal or question. */
  readonly input: string;
  /** The run's id (the caller's `runId` option, or a random UUID). */
  readonly runId: string;
  /** The run's depth: 0 when started with `AgentsService.run`, one more than its caller's when called as `agent.<name>`. */
  readonly depth: number;
  /** The calling run's delegation, when another agent called this one as a tool. */
  readonly delegation?: AgentDelegationView;
  /** The run's budgets as its caller narrowed them (none when the caller set none). */
  readonly budgets?: AgentBudgets;
  /** Cancels the run. */
  readonly signal?: AbortSignal;
  /** The thread the caller continues, if any. */
  readonly threadId?: string;
  /** The user the run acts for, if any. */
  readonly userId?: string;
  /** Whom the run acts for, as a door authenticated them (the run's `principal` option), if any. */
  readonly principal?: string;
}

/**
 * How an {@link ExternalAgent} run ended; the agents service turns it into an `AgentRunResult`
 * (no steps, its usage counted as delegated tokens and charged to a calling run).
 * @public
 */
export interface ExternalAgentReply {
  /** How the run ended. */
  readonly status: AgentRunStatus;
  /** Why; defaults to `final-answer` when completed, else `model-failed` (`cancelled` when cancelled). */
  readonly reason?: AgentRunReason;
  /** The answer's text. */
  readonly text: string;
  /** The structured answer, when there is one (`completed` only). */
  readonly output?: unknown;
  /** Tokens the agent reports it used (default 0). */
  readonly totalTokens?: number;
  /** What it reports it cost (default 0). */
  readonly cost?: number;
}

/**
 * An agent that is not a model loop — a remote A2A agent, a workflow, a person — contributed on
 * `agentExtensionPoints.externalAgents`: it is listed by `AgentsService.list()`, runs by name with
 * `AgentsService.run`, and is always registered as the tool `agent.<name>` (depth checked against
 * `maxDepth`, what it reports used charged to the calling run).
 * @public
 */
export interface ExternalAgent {
  /** Unique among all the runtime's agents (local and external): 1–64 letters, digits, `_` or `-`. */
  readonly name: string;
  /** What it does, for listings and for the models that may call it. */
  readonly description: string;
  /** Runs it once; a thrown error fails the call (the caller's tool call, or `AgentsService.run`). */
  run(request: ExternalAgentRequest): Promise<ExternalAgentReply>;
}
