import type { AgentsService } from '@cortex-os/plugin-agents';
import type { EventBus, EventData, EventDefinition, ToolCaller, ToolRegistry } from '@cortex-os/kernel';
import { cerebrumPlanCreatedEvent, cerebrumStepCompletedEvent } from '../events/cerebrumEvents.js';
import { agentValidation, createPlanner, type PlanCandidate, type Planner, type PlannerOptions } from '../plan/createPlanner.js';
import { createToolStepRunner } from '../plan/createToolStepRunner.js';
import { estimatePlan, type PlanEstimate } from '../plan/estimatePlan.js';
import { executePlan, type PlanExecution } from '../plan/executePlan.js';
import type { Plan, PlanStep } from '../plan/planSchema.js';
import { registryToolContracts } from '../plan/PlanToolContract.js';
import { type PlanValidationOptions, validatePlan } from '../plan/validatePlan.js';
import { PlanSpans } from '../plan/PlanSpans.js';
import { stepErrorCode } from '../plan/stepErrorCode.js';
import { runSubGoal, subAgentOf } from '../plan/subGoal.js';
import { constraintsOf, failureContext, type PlanRequestInput } from './planRequest.js';

/**
 * What plans are written and run with: the runtime's tools, the planner's options, the re-plan budget, its events.
 * @public
 */
export interface PlanRunEnvironment {
  readonly registry: ToolRegistry;
  readonly planner: Omit<PlannerOptions, 'tools' | 'allowedTools'>;
  readonly maxReplans: number;
  readonly events?: EventBus | undefined;
  /** The runtime's agents, for sub-goal steps (`tool: "agent:<name>"`); without them a plan has only tool steps. */
  readonly agents?: Pick<AgentsService, 'list' | 'run'> | undefined;
}

/**
 * One planning call: the first plan (`replan` 0) or the n-th re-plan, told which step failed with which code.
 * @public
 */
export interface PlanCallInput {
  readonly goal: string;
  readonly context: readonly string[];
  readonly replan: number;
  readonly failedStep?: string;
  readonly code?: string;
}

/**
 * What a planning call produced, as plain JSON (a durable run checkpoints it).
 * @public
 */
export interface PlanCallOutput {
  readonly plan: Plan;
  /** The plan's worst-case cost, as its constraints were checked against. */
  readonly estimate: PlanEstimate;
  readonly attempts: number;
  readonly examples: readonly string[];
  /** Tree of thoughts: every valid candidate the critic scored, the discarded ones included. */
  readonly candidates?: readonly PlanCandidateRecord[];
}

/**
 * One scored candidate of a planning call (tree of thoughts), as plain JSON.
 * @public
 */
export interface PlanCandidateRecord {
  readonly candidate: number;
  readonly score: number;
  readonly feedback: readonly string[];
  readonly chosen: boolean;
  readonly plan: Plan;
}

/** The scored candidates of a planning result, when candidates were compared. */
export function candidateRecords(candidates: readonly PlanCandidate[]): { readonly candidates?: readonly PlanCandidateRecord[] } {
  const scored = candidates.flatMap((entry) =>
    entry.score === undefined
      ? []
      : [{ candidate: entry.candidate, score: entry.score, feedback: entry.feedback ?? [], chosen: entry.chosen, plan: entry.plan }],
  );
  return scored.length === 0 ? {} : { candidates: scored };
}

/** How one run calls the planner and the tools: directly, or through a task's checkpoints. */
export interface PlanRunHooks {
  readonly caller: ToolCaller;
  /** Whom the plans are for: learning examples are recalled for this principal only (none without one). */
  readonly principal?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Wraps each planning call. */
  readonly planning?: (input: PlanCallInput, run: () => Promise<PlanCallOutput>) => Promise<PlanCallOutput>;
  /** Wraps each step's tool call; `replan` is the plan the step belongs to; `run` calls the tool with `args` unless given others (time travel's changed input). */
  readonly step?: (
    replan: number,
    step: PlanStep,
    args: Readonly<Record<string, unknown>>,
    run: (changed?: Readonly<Record<string, unknown>>) => Promise<unknown>,
  ) => Promise<unknown>;
  /** Errors that end the run at once instead of a re-plan (see `executePlan`). */
  readonly stopOn?: (error: unknown) => boolean;
  /** The run is a durable task's (a span attribute). */
  readonly durable?: boolean;
}

const ownTools = new Set([
  'cerebrum.plan',
  'cerebrum.execute',
  'cerebrum.replay',
  'cerebrum.travel',
  'cerebrum.critique',
  'cerebrum.refine',
  'cerebrum.learn',
  'cerebrum.evals',
]);

/** A planner over the tools a request allows; the cerebrum tools themselves are never steps (a plan that plans again would recurse). */
export function plannerFor(
  env: PlanRunEnvironment,
  tools: readonly string[] | undefined,
  agents?: readonly string[] | undefined,
): { planner: Planner; allowed: string[] } {
  const allowed = (tools ?? env.registry.list().map((tool) => tool.name)).filter((name) => !ownTools.has(name));
  const subAgents = env.agents === undefined ? {} : { agents: env.agents, ...(agents === undefined ? {} : { allowedAgents: agents }) };
  return { planner: createPlanner({ ...env.planner, ...subAgents, tools: env.registry, allowedTools: allowed }), allowed };
}

function publisher(events: EventBus | undefined) {
  return <E extends EventDefinition>(event: E, data: EventData<E>): void => {
    if (events !== undefined && !events.closed) events.publish(event, data);
  };
}

/**
 * Plans a request, runs the plan through the tool registry (independent steps at once) and
 * re-plans around a failing step within the budget, publishing `cerebrum.plan.created` and
 * `cerebrum.step.completed`. The hooks make the same run durable (see `createPlanTaskRunner`).
 */
export async function runPlanRequest(input: PlanRequestInput, env: PlanRunEnvironment, hooks: PlanRunHooks): Promise<PlanExecution> {
  const spans = PlanSpans.start(hooks.durable === true);
  try {
    const execution = await runTraced(input, env, hooks, spans);
    spans?.ended(execution);
    return execution;
  } catch (error) {
    spans?.ended(undefined, error);
    throw error;
  }
}

async function runTraced(
  input: PlanRequestInput,
  env: PlanRunEnvironment,
  hooks: PlanRunHooks,
  spans: PlanSpans | undefined,
): Promise<PlanExecution> {
  const publish = publisher(env.events);
  const { planner, allowed } = plannerFor(env, input.tools, input.agents);
  const constraints = constraintsOf(input);
  const signal = hooks.signal;
  const { agents } = env;
  const validation: PlanValidationOptions = {
    tools: env.registry.list().map((tool) => tool.name),
    allowedTools: allowed,
    describeTool: registryToolContracts(env.registry),
    constraints,
    ...(agents === undefined ? {} : agentValidation(agents.list())),
    ...(input.agents === undefined ? {} : { allowedAgents: input.agents }),
  };
  const planCall = (call: PlanCallInput): Promise<PlanCallOutput> => {
    const run = async (): Promise<PlanCallOutput> => {
      // A plan given with the request (an adapted example, say) is the first plan: validated, no model asked.
      if (call.replan === 0 && input.plan !== undefined) {
        const plan = validatePlan({ ...input.plan, goal: input.goal }, validation);
        return { plan, estimate: estimatePlan(plan, validation.estimate), attempts: 0, examples: [] };
      }
      const result = await planner.plan(input.goal, {
        context: call.context,
        constraints,
        ...(signal === undefined ? {} : { signal }),
        ...(hooks.principal === undefined ? {} : { principal: hooks.principal }),
      });
      return {
        plan: result.plan,
        estimate: estimatePlan(result.plan, validation.estimate),
        attempts: result.attempts.length,
        examples: result.examples,
        ...candidateRecords(result.candidates),
      };
    };
    const planned = (): Promise<PlanCallOutput> => (hooks.planning === undefined ? run() : hooks.planning(call, run));
    return spans === undefined ? planned() : spans.planning(call.replan, planned);
  };
  let planning = await planCall({ goal: input.goal, context: input.context ?? [], replan: 0 });
  let current = 0;
  const callTool = createToolStepRunner(env.registry, { caller: hooks.caller, ...(signal === undefined ? {} : { signal }) });
  const runTool = (step: PlanStep, args: Readonly<Record<string, unknown>>): Promise<unknown> =>
    agents !== undefined && subAgentOf(step.tool) !== undefined
      ? runSubGoal(agents, step, args, signal, constraints.localOnly === true)
      : callTool(step, args);
  return executePlan(planning.plan, {
    ...validation,
    maxReplans: env.maxReplans,
    runStep: (step, args) => {
      const run = (): Promise<unknown> =>
        hooks.step === undefined ? runTool(step, args) : hooks.step(current, step, args, (changed = args) => runTool(step, changed));
      return spans === undefined ? run() : spans.step(current, step, run);
    },
    replan: async (request) => {
      const context = [...request.plan.context, ...failureContext(request)];
      const code = stepErrorCode(request.error);
      planning = await planCall({ goal: input.goal, context, replan: request.attempt + 1, failedStep: request.failedStep, code });
      return planning.plan;
    },
    onPlan: (plan, replan) => {
      current = replan;
      publish(cerebrumPlanCreatedEvent, {
        goal: plan.goal,
        steps: plan.steps.map((step) => step.id),
        attempts: planning.attempts,
        examples: planning.examples,
        replan,
        ...(planning.candidates === undefined
          ? {}
          : {
              candidates: planning.candidates.map(({ candidate, score, chosen, plan: written }) => ({
                candidate,
                score,
                chosen,
                steps: written.steps.map((step) => step.id),
              })),
            }),
      });
    },
    onStep: (step, outcome, error) =>
      publish(cerebrumStepCompletedEvent, {
        goal: input.goal,
        step: step.id,
        tool: step.tool,
        outcome,
        ...(outcome === 'failed' ? { code: stepErrorCode(error) } : {}),
      }),
    ...(hooks.stopOn === undefined ? {} : { stopOn: hooks.stopOn }),
  });
}
