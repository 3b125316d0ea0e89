import type { AgentBudgetLimits } from '../definition/AgentBudgets.js';
import type { AgentDefinition, AgentMemoryPolicy } from '../definition/AgentDefinition.js';
import type { AgentRunOptions } from '../run/AgentRunOptions.js';
import type { AgentRunResult } from '../run/AgentRunResult.js';

/**
 * An agent as the runtime lists it.
 * @public
 */
export interface AgentDescriptor {
  /** The agent's name. */
  readonly name: string;
  /** What it does. */
  readonly description: string;
  /** The plugin that contributed it. */
  readonly plugin: string;
  /** The registry tools its allow-list selects now. */
  readonly tools: readonly string[];
  /** True when it answers with structured output. */
  readonly structuredOutput: boolean;
  /** Its registry tool's name, when it is exposed as a tool (`asTool`). */
  readonly tool?: string;
  /** Its memory policy, when it recalls and writes memories. */
  readonly memory?: AgentMemoryPolicy;
  /** Its budgets with the defaults applied: what one run of it may spend at most (a planner estimates a sub-goal with them). */
  readonly budgets?: AgentBudgetLimits;
}

/**
 * The runtime's agents: list them and run them. Provided as `agentsServiceToken` by `agentsPlugin`.
 * @public
 */
export interface AgentsService {
  /** Every agent contributed to the runtime, in contribution order. */
  list(): readonly AgentDescriptor[];
  /**
   * Runs an agent, by name or by its definition (which types the output), to its end: the
   * result says whether it completed, ran out of a budget, failed or was cancelled.
   * @throws {@link AgentError} `AGENT_UNKNOWN` when no plugin contributes the agent,
   * `AGENT_RUN_OPTIONS_INVALID` for bad options, `AGENT_DEFINITIONS_INVALID` when the agent no
   * longer fits the runtime (a tool it names was removed), `AGENT_COST_UNPRICED` when the run's
   * budgets add a cost budget the providers cannot price.
   */
  run<O>(agent: string | AgentDefinition<O>, options: AgentRunOptions): Promise<AgentRunResult<O>>;
  /**
   * Checks every agent against the runtime (tools, patterns, budgets, prices, unique names).
   * The plugin calls it once every plugin has started.
   * @throws {@link AgentError} `AGENT_DEFINITIONS_INVALID` listing every problem of every agent.
   */
  validate(): void;
}
