import type { ModelTokenPrices } from '@cortex-os/kernel/router';
import type { AgentBudgetLimits, AgentBudgetName, AgentBudgets } from '../definition/AgentBudgets.js';
import { costOf } from '../definition/AgentPricing.js';
import type { AgentStepUsage, AgentToolCallOutcome } from './AgentRunStep.js';
import type { AgentRunUsage } from './AgentRunResult.js';

/** What the budget allows the next model call: the budget that is spent, or how many tokens the reply may take. */
export type ModelCallAllowance = { readonly exhausted: AgentBudgetName } | { readonly maxTokens: number | undefined };

/**
 * A run's budgets and what it has used of them. Checked before each model call and tool turn;
 * the reply's token allowance is what the token and cost budgets have left after the estimated input.
 */
export class RunBudget {
  readonly limits: AgentBudgetLimits;
  readonly #now: () => number;
  readonly #startedAt: number;
  /** The highest prices a call may be served at, to bound it before the router picks who serves. */
  readonly #worstPrices: ModelTokenPrices | undefined;
  #steps = 0;
  #inputTokens = 0;
  #outputTokens = 0;
  #cost = 0;
  /** Tokens used by agents this run called as tools; they count against the token budget. */
  #delegatedTokens = 0;
  #toolCalls = 0;
  #consecutiveFailures = 0;

  constructor(limits: AgentBudgetLimits, now: () => number, worstPrices: ModelTokenPrices | undefined) {
    this.limits = limits;
    this.#now = now;
    this.#startedAt = now();
    this.#worstPrices = worstPrices;
  }

  get startedAt(): number {
    return this.#startedAt;
  }

  /** Milliseconds left before the wall-time budget is spent (0 or less when it is). */
  remainingMs(): number {
    return this.#startedAt + this.limits.maxWallMs - this.#now();
  }

  /** `wall-time` when the deadline has passed. */
  checkTime(): AgentBudgetName | undefined {
    return this.remainingMs() <= 0 ? 'wall-time' : undefined;
  }

  /** Decides whether another model call fits, and how many tokens its reply may take. */
  beforeModelCall(estimatedInput: number, maxReplyTokens: number | undefined): ModelCallAllowance {
    const { maxSteps, maxCost } = this.limits;
    if (this.#steps >= maxSteps) return { exhausted: 'steps' };
    const time = this.checkTime();
    if (time !== undefined) return { exhausted: time };
    const tokensLeft = this.#tokensLeft() - estimatedInput;
    if (tokensLeft < 1) return { exhausted: 'tokens' };
    let allowance = Math.min(tokensLeft, maxReplyTokens ?? Number.POSITIVE_INFINITY);
    if (maxCost !== undefined && this.#worstPrices !== undefined) {
      const prices = this.#worstPrices;
      const costLeft = maxCost - this.#cost - costOf(estimatedInput, prices.inputPer1k);
      const affordable = prices.outputPer1k > 0 ? Math.floor((costLeft * 1000) / prices.outputPer1k) : Number.POSITIVE_INFINITY;
      if (costLeft <= 0 || affordable < 1) return { exhausted: 'cost' };
      allowance = Math.min(allowance, affordable);
    }
    return { maxTokens: Number.isFinite(allowance) ? allowance : undefined };
  }

  /** Counts a model call's usage at the serving provider's prices. */
  afterModelCall(usage: AgentStepUsage): void {
    this.#steps += 1;
    this.#inputTokens += usage.inputTokens;
    this.#outputTokens += usage.outputTokens;
    this.#cost += usage.cost ?? 0;
  }

  /** The token or cost budget that is spent, if any (checked once tools, which may call agents, have run). */
  spent(): AgentBudgetName | undefined {
    const { maxCost } = this.limits;
    if (this.#tokensLeft() <= 0) return 'tokens';
    if (maxCost !== undefined && this.#cost >= maxCost) return 'cost';
    return undefined;
  }

  /** Counts what an agent called as a tool used: its tokens and cost are carved out of this run's budgets. */
  charge(tokens: number, cost: number): void {
    this.#delegatedTokens += tokens;
    this.#cost += cost;
  }

  /**
   * What is left of the token, cost and wall-time budgets, split among `share` agents called
   * together (each at least a token and a millisecond, so a child always starts and stops itself).
   */
  left(share: number): AgentBudgets {
    const { maxCost } = this.limits;
    return {
      maxTokens: Math.max(1, Math.floor(this.#tokensLeft() / share)),
      maxWallMs: Math.max(1, this.remainingMs()),
      ...(maxCost === undefined ? {} : { maxCost: Math.max(Number.MIN_VALUE, (maxCost - this.#cost) / share) }),
    };
  }

  #tokensLeft(): number {
    return this.limits.maxTokens - this.#inputTokens - this.#outputTokens - this.#delegatedTokens;
  }

  /**
   * Counts a turn's tool calls in call order: a failure (failed or invalid) extends the run of
   * failures, a success ends it, a denial or cancellation leaves it; `tool-failures` when the
   * failures in a row reach the limit.
   */
  afterToolCalls(outcomes: readonly AgentToolCallOutcome[]): AgentBudgetName | undefined {
    for (const outcome of outcomes) {
      if (outcome === 'succeeded' || outcome === 'failed' || outcome === 'cancelled') this.#toolCalls += 1;
      if (outcome === 'succeeded') this.#consecutiveFailures = 0;
      else if (outcome === 'failed' || outcome === 'invalid') this.#consecutiveFailures += 1;
    }
    return this.#consecutiveFailures >= this.limits.maxConsecutiveToolFailures ? 'tool-failures' : undefined;
  }

  /** What the run has used so far. */
  usage(): AgentRunUsage {
    return {
      steps: this.#steps,
      inputTokens: this.#inputTokens,
      outputTokens: this.#outputTokens,
      delegatedTokens: this.#delegatedTokens,
      totalTokens: this.#inputTokens + this.#outputTokens + this.#delegatedTokens,
      cost: this.#cost,
      toolCalls: this.#toolCalls,
      wallMs: this.#now() - this.#startedAt,
    };
  }
}

/** The cost of a model call's usage at `prices`, when known. */
export function usageCost(inputTokens: number, outputTokens: number, prices: ModelTokenPrices | undefined): number | undefined {
  return prices === undefined ? undefined : costOf(inputTokens, prices.inputPer1k) + costOf(outputTokens, prices.outputPer1k);
}
