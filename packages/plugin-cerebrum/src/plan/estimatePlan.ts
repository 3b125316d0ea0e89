import { estimateTokens } from '@cortex-os/kernel/router';
import { defaultAgentBudgets } from '@cortex-os/plugin-agents';
import { orderPlan } from './orderPlan.js';
import type { Plan } from './planSchema.js';
import { subAgentOf } from './subGoal.js';

/**
 * What a plan may cost before it runs: the worst case its constraints are checked against.
 * @public
 */
export interface PlanEstimate {
  readonly steps: number;
  /** Tool steps: each is one tool call. */
  readonly toolCalls: number;
  /** Sub-goal steps: each is one agent run. */
  readonly subGoals: number;
  /** The most model tokens the plan may spend: each sub-goal at its agent's token budget (tool steps spend none). */
  readonly tokens: number;
  /** Tokens of the text the plan hands out as written: its literal inputs and sub-goals (`estimateTokens`). */
  readonly inputTokens: number;
  /** The longest chain of steps that must run one after another. */
  readonly depth: number;
  /** Worst-case wall time along the longest chain: a tool call `toolCallMs`, a sub-goal its agent's wall-time budget. */
  readonly wallMs: number;
}

/**
 * What {@link estimatePlan} assumes.
 * @public
 */
export interface PlanEstimateOptions {
  /** An agent's budgets (the agents service lists them); default the agents plugin's defaults. */
  readonly agentBudgets?: (agent: string) => { readonly maxTokens: number; readonly maxWallMs: number } | undefined;
  /** How long one tool call may take (ms). @defaultValue `30000` */
  readonly toolCallMs?: number;
}

/**
 * Estimates a plan's worst-case cost: tool calls, agent runs, model tokens (sub-goals at their
 * agents' budgets), the tokens of its literal inputs, and the wall time of its longest chain of
 * dependent steps (steps on a dependency cycle are left out; validation reports the cycle).
 * @public
 */
export function estimatePlan(plan: Plan, options: PlanEstimateOptions = {}): PlanEstimate {
  const toolCallMs = options.toolCallMs ?? 30_000;
  const budgetsOf = (agent: string) => options.agentBudgets?.(agent) ?? defaultAgentBudgets;
  let tokens = 0;
  let subGoals = 0;
  // Longest chain ending at each step, in steps and in ms, over the dependency order.
  const chain = new Map<string, { depth: number; ms: number }>();
  for (const step of orderPlan(plan.steps).order) {
    const agent = subAgentOf(step.tool);
    if (agent !== undefined) {
      subGoals++;
      tokens += budgetsOf(agent).maxTokens;
    }
    const ms = agent === undefined ? toolCallMs : budgetsOf(agent).maxWallMs;
    const before = step.dependsOn.map((dep) => chain.get(dep) ?? { depth: 0, ms: 0 });
    chain.set(step.id, {
      depth: 1 + Math.max(0, ...before.map((entry) => entry.depth)),
      ms: ms + Math.max(0, ...before.map((entry) => entry.ms)),
    });
  }
  const chains = [...chain.values()];
  return {
    steps: plan.steps.length,
    toolCalls: plan.steps.length - plan.steps.filter((step) => subAgentOf(step.tool) !== undefined).length,
    subGoals,
    tokens,
    inputTokens: plan.steps.reduce((sum, step) => sum + estimateTokens(JSON.stringify(step.input)), 0),
    depth: Math.max(0, ...chains.map((entry) => entry.depth)),
    wallMs: Math.max(0, ...chains.map((entry) => entry.ms)),
  };
}
