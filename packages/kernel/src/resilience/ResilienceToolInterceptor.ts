import type { ToolDefinition } from '@cortex-os/kernel';
import type { ToolCallResult, ToolInterceptor } from '@cortex-os/kernel';
import {
  createResiliencePolicy,
  type CreateResiliencePolicyOptions,
  type ResiliencePolicy,
  type ResilienceStateChange,
} from './ResiliencePolicy.js';
import type { ToolOutputBudget } from '@cortex-os/kernel/router';
import { applyToolOutputBudget } from '../router/toolOutputBudget.js';

/**
 * Per-tool resilience settings: the options of {@link createResiliencePolicy} without the name,
 * which is the tool's.
 * @public
 */
export type ToolResilienceOptions = Omit<CreateResiliencePolicyOptions, 'name'>;

/**
 * Options of {@link createResilienceToolInterceptor}.
 * @public
 */
export interface CreateResilienceToolInterceptorOptions {
  /** Resilience for a tool, or `undefined` to leave it unprotected. Asked once per tool name. */
  readonly resilience?: (tool: ToolDefinition) => ToolResilienceOptions | undefined;
  /** Output budget for a tool, or `undefined` for none. Asked once per tool name. */
  readonly budget?: (tool: ToolDefinition) => ToolOutputBudget | undefined;
  /** Breaker transitions of every tool's policy. */
  readonly onStateChange?: (change: ResilienceStateChange) => void;
}

/**
 * A tool interceptor with per-tool resilience; `policy(name)` exposes a tool's breaker state.
 * @public
 */
export interface ResilienceToolInterceptor extends ToolInterceptor {
  /** The policy protecting a tool, once the tool has been called. */
  policy(toolName: string): ResiliencePolicy | undefined;
}

/**
 * Creates a tool interceptor that runs each call under its tool's resilience policy (breaker,
 * timeout, concurrency limit, retry) and checks the result against the tool's output budget.
 *
 * @remarks
 * Retrying calls `next()` again, which runs the handler again, so retry is only kept for
 * tools annotated `idempotentHint` or `readOnlyHint`; for others it is switched off.
 * The handler's own signal belongs to the registry: on timeout the call is rejected with
 * `RESILIENCE_TIMEOUT` at once, and the registry's signal aborts only when its caller cancels.
 * Budget refusals do not count against the breaker: the tool worked, its answer is too big.
 * @throws {@link KernelError} `RESILIENCE_*` from the policy, `TOOL_OUTPUT_BUDGET_EXCEEDED` from the budget.
 * @public
 */
export function createResilienceToolInterceptor(options: CreateResilienceToolInterceptorOptions = {}): ResilienceToolInterceptor {
  const policies = new Map<string, ResiliencePolicy | null>();
  const budgets = new Map<string, ToolOutputBudget | null>();

  const policyFor = (tool: ToolDefinition): ResiliencePolicy | null => {
    let policy = policies.get(tool.name);
    if (policy !== undefined) return policy;
    const settings = options.resilience?.(tool);
    if (settings === undefined) {
      policy = null;
    } else {
      const idempotent = tool.annotations?.idempotentHint === true || tool.annotations?.readOnlyHint === true;
      policy = createResiliencePolicy({ ...settings, ...(idempotent ? {} : { retry: false }), name: `tool:${tool.name}` });
      if (options.onStateChange) policy.onStateChange(options.onStateChange);
    }
    policies.set(tool.name, policy);
    return policy;
  };

  const budgetFor = (tool: ToolDefinition): ToolOutputBudget | null => {
    let budget = budgets.get(tool.name);
    if (budget === undefined) {
      budget = options.budget?.(tool) ?? null;
      budgets.set(tool.name, budget);
    }
    return budget;
  };

  return {
    name: 'resilience',
    policy: (toolName) => policies.get(toolName) ?? undefined,
    async intercept(call, next): Promise<ToolCallResult> {
      const policy = policyFor(call.tool);
      const result = policy === null ? await next() : await policy.execute(() => next(), call.context.signal);
      const budget = budgetFor(call.tool);
      if (budget === null) return result;
      return applyToolOutputBudget(call.tool.name, result, budget).output;
    },
  };
}
