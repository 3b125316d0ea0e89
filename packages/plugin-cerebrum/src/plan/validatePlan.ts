import { CerebrumError } from '../errors/CerebrumError.js';
import { orderPlan } from './orderPlan.js';
import type { PlanProblem } from './PlanProblem.js';
import { type Plan, planSchema } from './planSchema.js';

/**
 * What a plan is checked against: the runtime's registered tool names.
 * @public
 */
export interface PlanValidationOptions {
  readonly tools: Iterable<string>;
}

/** Every step a step transitively depends on, so an input may come from any ancestor. */
function ancestors(plan: Plan, id: string): Set<string> {
  const byId = new Map(plan.steps.map((step) => [step.id, step]));
  const seen = new Set<string>();
  const stack = [...(byId.get(id)?.dependsOn ?? [])];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(byId.get(next)?.dependsOn ?? []));
  }
  return seen;
}

function stepProblems(plan: Plan, tools: ReadonlySet<string>): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const ids = new Set<string>();
  for (const step of plan.steps) {
    if (ids.has(step.id)) problems.push({ code: 'duplicate-step', step: step.id, message: `step id "${step.id}" is used twice` });
    ids.add(step.id);
    if (!tools.has(step.tool)) problems.push({ code: 'unknown-tool', step: step.id, message: `tool "${step.tool}" is not registered` });
  }
  for (const step of plan.steps) {
    for (const dep of step.dependsOn) {
      if (!ids.has(dep)) problems.push({ code: 'unknown-dependency', step: step.id, message: `depends on unknown step "${dep}"` });
    }
    const before = ancestors(plan, step.id);
    for (const [arg, from] of Object.entries(step.inputsFrom)) {
      if (!before.has(from) || !ids.has(from)) {
        problems.push({
          code: 'missing-input',
          step: step.id,
          message: `input "${arg}" reads step "${from}", which it does not depend on`,
        });
      }
    }
  }
  for (const id of orderPlan(plan.steps).cyclic) {
    problems.push({ code: 'cycle', step: id, message: `step "${id}" is on or after a dependency cycle` });
  }
  return problems;
}

/**
 * Checks a plan without running it: its shape, unique step ids, registered tools, known
 * dependencies, no cycle, and inputs read only from steps it depends on.
 *
 * @returns every problem found, each naming its step; empty when the plan can run.
 * @public
 */
export function checkPlan(
  input: unknown,
  options: PlanValidationOptions,
): { readonly plan?: Plan; readonly problems: readonly PlanProblem[] } {
  const parsed = planSchema.safeParse(input);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        code: 'malformed' as const,
        message: `${issue.path.join('.') || 'plan'}: ${issue.message}`,
      })),
    };
  }
  return { plan: parsed.data, problems: stepProblems(parsed.data, new Set(options.tools)) };
}

/**
 * Parses and checks a plan (see {@link checkPlan}).
 *
 * @throws {@link CerebrumError} `CEREBRUM_PLAN_INVALID` listing every problem in `details.problems`.
 * @public
 */
export function validatePlan(input: unknown, options: PlanValidationOptions): Plan {
  const { plan, problems } = checkPlan(input, options);
  if (plan !== undefined && problems.length === 0) return plan;
  const goal = typeof (input as { goal?: unknown } | null)?.goal === 'string' ? (input as { goal: string }).goal : '?';
  const lines = problems.map((problem) => `- ${problem.step === undefined ? '' : `[${problem.step}] `}${problem.code}: ${problem.message}`);
  throw CerebrumError.create(
    'CEREBRUM_PLAN_INVALID',
    { goal, count: String(problems.length), problems: lines.join('\n') },
    { details: { problems } },
  );
}
