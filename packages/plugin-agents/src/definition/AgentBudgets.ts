/**
 * Limits that end a run: the loop checks them before each model call and tool turn, and
 * offers the model no more reply tokens than the token and cost budgets have left.
 * @public
 */
export interface AgentBudgets {
  /**
   * Most model calls (steps) a run makes; a structured-output correction is a step too.
   * @defaultValue `10`
   */
  readonly maxSteps?: number;
  /**
   * Most tokens a run consumes, input and output of every model call together; estimated with
   * `estimateTokens` before a call and corrected by the usage the provider reports.
   * @defaultValue `100_000`
   */
  readonly maxTokens?: number;
  /**
   * Most wall-clock time a run takes, in milliseconds, by the runner's clock; a call in flight
   * at the deadline is aborted.
   * @defaultValue `300_000` (5 minutes)
   */
  readonly maxWallMs?: number;
  /**
   * Most a run may spend, in the currency of the providers' declared prices (per 1,000 tokens);
   * every provider that may serve the agent must declare prices.
   * @defaultValue none: cost is counted where prices are known but not limited
   */
  readonly maxCost?: number;
  /**
   * Tool calls that may fail in a row (invalid arguments or a failing tool) before the run ends.
   * @defaultValue `3`
   */
  readonly maxConsecutiveToolFailures?: number;
  /**
   * Times the model is asked to correct a structured output that breaks the agent's schema.
   * @defaultValue `2`
   */
  readonly maxOutputRetries?: number;
}

/**
 * {@link AgentBudgets} with every default applied; `maxCost` stays absent when not set.
 * @public
 */
export interface AgentBudgetLimits {
  /** See {@link AgentBudgets.maxSteps}. */
  readonly maxSteps: number;
  /** See {@link AgentBudgets.maxTokens}. */
  readonly maxTokens: number;
  /** See {@link AgentBudgets.maxWallMs}. */
  readonly maxWallMs: number;
  /** See {@link AgentBudgets.maxCost}. */
  readonly maxCost?: number;
  /** See {@link AgentBudgets.maxConsecutiveToolFailures}. */
  readonly maxConsecutiveToolFailures: number;
  /** See {@link AgentBudgets.maxOutputRetries}. */
  readonly maxOutputRetries: number;
}

/**
 * The budget that ended a run.
 * @public
 */
export type AgentBudgetName = 'steps' | 'tokens' | 'wall-time' | 'cost' | 'tool-failures';

/**
 * The defaults of {@link AgentBudgets}; keep in sync with the `@defaultValue`s above and the README table.
 * @public
 */
export const defaultAgentBudgets: AgentBudgetLimits = Object.freeze({
  maxSteps: 10,
  maxTokens: 100_000,
  maxWallMs: 300_000,
  maxConsecutiveToolFailures: 3,
  maxOutputRetries: 2,
});

type BudgetKey = keyof AgentBudgets;

/** Whole numbers 1 or more, except `maxOutputRetries` (0 or more) and the positive reals `maxWallMs` and `maxCost`. */
const rules: Readonly<Record<BudgetKey, { readonly integer: boolean; readonly min: number }>> = {
  maxSteps: { integer: true, min: 1 },
  maxTokens: { integer: true, min: 1 },
  maxWallMs: { integer: false, min: Number.MIN_VALUE },
  maxCost: { integer: false, min: Number.MIN_VALUE },
  maxConsecutiveToolFailures: { integer: true, min: 1 },
  maxOutputRetries: { integer: true, min: 0 },
};

/** Every problem with the budgets' values, in plain words (empty when they are fine). */
export function budgetProblems(budgets: AgentBudgets | undefined, where = 'budgets'): string[] {
  if (budgets === undefined) return [];
  if (typeof budgets !== 'object' || budgets === null) return [`${where} must be an object`];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(budgets)) {
    const rule = rules[key as BudgetKey];
    if (rule === undefined) {
      problems.push(`${where}.${key} is not a budget (known: ${Object.keys(rules).join(', ')})`);
      continue;
    }
    if (value === undefined) continue;
    const ok = typeof value === 'number' && Number.isFinite(value) && value >= rule.min && (!rule.integer || Number.isInteger(value));
    if (!ok) {
      const expected = rule.integer ? `a whole number, ${rule.min} or more` : 'a positive number';
      problems.push(`${where}.${key} must be ${expected}; got ${String(value)}`);
    }
  }
  return problems;
}

/** The agent's budgets with defaults applied. */
export function resolveBudgets(budgets: AgentBudgets | undefined): AgentBudgetLimits {
  const merged = { ...defaultAgentBudgets };
  for (const [key, value] of Object.entries(budgets ?? {})) if (value !== undefined) Object.assign(merged, { [key]: value });
  return Object.freeze(merged);
}

/** Narrows limits by an override: each budget becomes the smaller of the two, so a run (or a parent) can only tighten. */
export function narrowBudgets(limits: AgentBudgetLimits, override: AgentBudgets | undefined): AgentBudgetLimits {
  if (override === undefined) return limits;
  const narrowed: Record<string, number> = { ...limits };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = narrowed[key];
    narrowed[key] = current === undefined ? value : Math.min(current, value);
  }
  return Object.freeze(narrowed) as unknown as AgentBudgetLimits;
}
