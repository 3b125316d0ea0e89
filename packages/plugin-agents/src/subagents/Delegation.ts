import { AsyncLocalStorage } from 'node:async_hooks';
import type { AgentBudgets } from '../definition/AgentBudgets.js';
import type { AgentApprover } from '../run/AgentRunOptions.js';

/**
 * What a run lends the tool calls of one turn, should one of them be an agent: its depth, its
 * share of what is left of the budgets, its approver, whether it is held to local providers, the
 * user and thread it acts in, and where to charge what the agent used.
 */
export interface Delegation {
  /** The depth of the calling run (0 for a run started directly). */
  readonly depth: number;
  /** The calling run's id. */
  readonly runId: string;
  /** The calling run's budgets left, split among the turn's calls: the most a called agent may use. */
  readonly budgets: AgentBudgets;
  /** The calling run's approver, which decides for the called agent too. */
  readonly approve: AgentApprover | undefined;
  /** The calling run is held to local providers, so the called agent is too. */
  readonly localOnly: boolean;
  /** The user the calling run acts for: the called agent acts for the same one (its `user` memory scope). */
  readonly userId: string | undefined;
  /** Whom the calling run acts for: the called agent acts for the same one. */
  readonly principal: string | undefined;
  /** The calling run's thread: the called agent's `thread` memory scope. */
  readonly threadId: string | undefined;
  /** Counts what the called agent used against the calling run's budgets. */
  charge(tokens: number, cost: number): void;
}

/**
 * The delegation of the run whose tool call is executing. Carried by the async context, since a
 * call goes through the tool registry (validation, interceptors), which passes no run state on.
 */
export const delegationStorage: AsyncLocalStorage<Delegation> = new AsyncLocalStorage<Delegation>();
