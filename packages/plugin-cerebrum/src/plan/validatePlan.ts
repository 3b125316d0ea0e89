import { CerebrumError } from '../errors/CerebrumError.js';
import { estimatePlan, type PlanEstimateOptions } from './estimatePlan.js';
import { orderPlan } from './orderPlan.js';
import type { PlanProblem } from './PlanProblem.js';
import type { PlanConstraints, PlanToolContract } from './PlanToolContract.js';
import { type Plan, planSchema } from './planSchema.js';
import { subAgentOf, subGoalInputSchema } from './subGoal.js';

/**
 * What a plan is checked against: the runtime's registered tool names.
 * @public
 */
export interface PlanValidationOptions {
  readonly tools: Iterable<string>;
  /** The tools this plan may use (an agent's resolved allow-list); any other registered tool is `not-allowed`. Default: every tool in `tools`. */
  readonly allowedTools?: Iterable<string>;
  /** Each tool's contract (see {@link registryToolContracts}); with it, literal inputs are checked and `localOnly` holds. */
  readonly describeTool?: (name: string) => PlanToolContract | undefined;
  /** What the plan must hold: `localOnly`, `maxSteps`. */
  readonly constraints?: PlanConstraints;
  /** The runtime's agents, by name: a sub-goal step (`tool: "agent:<name>"`) must name one. Default: none. */
  readonly agents?: Iterable<string>;
  /** The agents sub-goal steps may use; any other agent is `not-allowed`. Default: every agent in `agents`. */
  readonly allowedAgents?: Iterable<string>;
  /** What the budget estimate assumes (agents' budgets, a tool call's time), for `maxTokens`, `maxToolCalls`, `maxWallMs`. */
  readonly estimate?: PlanEstimateOptions;
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

/** A step's target: a registered tool, or for a sub-goal step a registered agent. */
function targetProblem(step: Plan['steps'][number], tools: ReadonlySet<string>, agents: ReadonlySet<string>): PlanProblem | undefined {
  const agent = subAgentOf(step.tool);
  if (agent === undefined)
    return tools.has(step.tool) ? undefined : { code: 'unknown-tool', step: step.id, message: `tool "${step.tool}" is not registered` };
  return agents.has(agent) ? undefined : { code: 'unknown-agent', step: step.id, message: `agent "${agent}" is not registered` };
}

function stepProblems(plan: Plan, tools: ReadonlySet<string>, agents: ReadonlySet<string>): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const ids = new Set<string>();
  for (const step of plan.steps) {
    if (ids.has(step.id)) problems.push({ code: 'duplicate-step', step: step.id, message: `step id "${step.id}" is used twice` });
    ids.add(step.id);
    const target = targetProblem(step, tools, agents);
    if (target !== undefined) problems.push(target);
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

/** A literal input's problems, leaving out the arguments the step takes from earlier steps. */
function inputProblems(step: Plan['steps'][number], contract: PlanToolContract | undefined): PlanProblem[] {
  if (contract?.input === undefined) return [];
  const parsed = contract.input.safeParse(step.input);
  if (parsed.success) return [];
  const later = new Set(Object.keys(step.inputsFrom));
  return parsed.error.issues
    .filter((issue) => !(issue.path.length > 0 && later.has(String(issue.path[0]))))
    .map((issue) => ({
      code: 'input-invalid' as const,
      step: step.id,
      message: `input ${issue.path.length === 0 ? '' : `"${issue.path.join('.')}" `}does not fit tool "${step.tool}": ${issue.message}`,
    }));
}

/** Sub-goal steps against the agents they may use and the sub-goal input (`{ goal }`). */
function subGoalProblems(plan: Plan, options: PlanValidationOptions): PlanProblem[] {
  const agents = new Set(options.agents ?? []);
  const allowed = options.allowedAgents === undefined ? undefined : new Set(options.allowedAgents);
  return plan.steps.flatMap((step) => {
    const agent = subAgentOf(step.tool);
    if (agent === undefined || !agents.has(agent)) return [];
    if (allowed !== undefined && !allowed.has(agent))
      return [{ code: 'not-allowed' as const, step: step.id, message: `agent "${agent}" is not among the agents this plan may use` }];
    return inputProblems(step, { input: subGoalInputSchema });
  });
}

/** Problems against the tools' contracts and the plan's constraints. */
function contractProblems(plan: Plan, options: PlanValidationOptions): PlanProblem[] {
  const registered = new Set(options.tools);
  const allowed = options.allowedTools === undefined ? undefined : new Set(options.allowedTools);
  const problems: PlanProblem[] = subGoalProblems(plan, options);
  for (const step of plan.steps) {
    if (!registered.has(step.tool)) continue;
    if (allowed !== undefined && !allowed.has(step.tool)) {
      problems.push({ code: 'not-allowed', step: step.id, message: `tool "${step.tool}" is not among the tools this plan may use` });
      continue;
    }
    const contract = options.describeTool?.(step.tool);
    problems.push(...inputProblems(step, contract));
    if (options.constraints?.localOnly === true && contract?.openWorld === true) {
      problems.push({
        code: 'not-local',
        step: step.id,
        message: `tool "${step.tool}" reaches outside the host, and the plan is localOnly`,
      });
    }
  }
  return [...problems, ...budgetProblems(plan, options)];
}

/** The plan's size and estimated cost against the constraints' budgets. */
function budgetProblems(plan: Plan, options: PlanValidationOptions): PlanProblem[] {
  const { maxSteps, maxTokens, maxToolCalls, maxWallMs } = options.constraints ?? {};
  const problems: PlanProblem[] = [];
  if (maxSteps !== undefined && plan.steps.length > maxSteps) {
    problems.push({ code: 'over-budget', message: `the plan has ${plan.steps.length} steps; the budget allows ${maxSteps}` });
  }
  if (maxTokens === undefined && maxToolCalls === undefined && maxWallMs === undefined) return problems;
  const estimate = estimatePlan(plan, options.estimate);
  if (maxTokens !== undefined && estimate.tokens > maxTokens)
    problems.push({
      code: 'over-budget',
      message: `the plan may spend ${estimate.tokens} model tokens (${estimate.subGoals} sub-goals at their agents' budgets); the budget allows ${maxTokens}`,
    });
  if (maxToolCalls !== undefined && estimate.toolCalls > maxToolCalls)
    problems.push({ code: 'over-budget', message: `the plan makes ${estimate.toolCalls} tool calls; the budget allows ${maxToolCalls}` });
  if (maxWallMs !== undefined && estimate.wallMs > maxWallMs)
    problems.push({
      code: 'over-budget',
      message: `the plan's longest chain of ${estimate.depth} steps may take ${estimate.wallMs} ms; the budget allows ${maxWallMs}`,
    });
  return problems;
}

/**
 * Checks a plan without running it: its shape, unique step ids, registered tools, known
 * dependencies, no cycle, and inputs read only from steps it depends on; with the options,
 * also that each tool is allowed, each literal input fits the tool's contract (arguments taken
 * from earlier steps excepted), no step reaches outside the host under `localOnly`, and the
 * plan fits `maxSteps`.
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
  const plan = parsed.data;
  const problems = [...stepProblems(plan, new Set(options.tools), new Set(options.agents ?? [])), ...contractProblems(plan, options)];
  return { plan, problems };
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
