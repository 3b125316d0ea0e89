import {
  CortexError,
  defineTool,
  type EventBus,
  type EventData,
  type EventDefinition,
  type ToolDefinition,
  type ToolRegistry,
} from '@cortex-os/kernel';
import { cerebrumPlanCreatedEvent, cerebrumStepCompletedEvent } from '../events/cerebrumEvents.js';
import { z } from 'zod';
import { createPlanner, type Planner, type PlannerOptions } from '../plan/createPlanner.js';
import { createToolStepRunner } from '../plan/createToolStepRunner.js';
import { executePlan, type ReplanRequest } from '../plan/executePlan.js';
import { registryToolContracts } from '../plan/PlanToolContract.js';

const requestSchema = z.strictObject({
  goal: z.string().min(1).max(4000).describe('What the plan must achieve.'),
  context: z.array(z.string().max(4000)).max(50).optional().describe('Facts the planner should know, besides what it recalls from memory.'),
  tools: z.array(z.string().min(1)).max(200).optional().describe('The tools the plan may use; default every tool but the cerebrum tools.'),
  localOnly: z.boolean().optional().describe('Refuse tools that reach outside the host.'),
  maxSteps: z.int().min(1).max(100).optional().describe('Most steps the plan may have.'),
});

/** The failure a re-plan is told about: the step, its tool and the error's code, never a raw message. */
function failureContext(request: ReplanRequest): string[] {
  const failed = request.plan.steps.find((step) => step.id === request.failedStep);
  const code = CortexError.is(request.error) ? request.error.code : 'an error';
  return [
    `Step "${request.failedStep}" (tool ${failed?.tool ?? '?'}) failed with ${code}; plan around it.`,
    ...[...request.completed.keys()].map((id) => `Step "${id}" already finished; keep its id and tool to reuse its output.`),
  ];
}

/**
 * The plugin's tools: `cerebrum.plan` writes and validates a plan; `cerebrum.execute` plans, runs
 * the plan through the tool registry (independent steps concurrently) and re-plans around a
 * failing step. Each call's nested tool calls carry the caller and signal of the outer call.
 */
export function createCerebrumTools(
  registry: ToolRegistry,
  base: Omit<PlannerOptions, 'tools' | 'allowedTools'>,
  maxReplans: number,
  events?: EventBus,
): ToolDefinition[] {
  const publish = <E extends EventDefinition>(event: E, data: EventData<E>): void => {
    if (events !== undefined && !events.closed) events.publish(event, data);
  };
  const own = new Set(['cerebrum.plan', 'cerebrum.execute']);
  const plannerFor = (tools: readonly string[] | undefined): { planner: Planner; allowed: string[] } => {
    // The cerebrum tools are never steps of a plan: a plan that plans again would recurse.
    const allowed = (tools ?? registry.list().map((tool) => tool.name)).filter((name) => !own.has(name));
    return { planner: createPlanner({ ...base, tools: registry, allowedTools: allowed }), allowed };
  };
  const constraintsOf = (input: z.output<typeof requestSchema>) => ({
    ...(input.localOnly === undefined ? {} : { localOnly: input.localOnly }),
    ...(input.maxSteps === undefined ? {} : { maxSteps: input.maxSteps }),
  });
  const plan = defineTool({
    name: 'cerebrum.plan',
    description: 'Writes a plan for a goal: steps calling the allowed tools, with dependencies, validated against their contracts.',
    input: requestSchema,
    annotations: { title: 'Plan', readOnlyHint: true, openWorldHint: false },
    async handler(input, ctx) {
      const { planner } = plannerFor(input.tools);
      const result = await planner.plan(input.goal, {
        context: input.context ?? [],
        constraints: constraintsOf(input),
        signal: ctx.signal,
      });
      return { plan: result.plan, context: result.context, attempts: result.attempts.length };
    },
  });
  const execute = defineTool({
    name: 'cerebrum.execute',
    description: 'Plans a goal, runs the plan through the allowed tools (independent steps at once) and re-plans around a failing step.',
    input: requestSchema,
    annotations: { title: 'Plan and execute', readOnlyHint: false, openWorldHint: false },
    async handler(input, ctx) {
      const { planner, allowed } = plannerFor(input.tools);
      const constraints = constraintsOf(input);
      let planning = await planner.plan(input.goal, { context: input.context ?? [], constraints, signal: ctx.signal });
      const execution = await executePlan(planning.plan, {
        tools: registry.list().map((tool) => tool.name),
        allowedTools: allowed,
        describeTool: registryToolContracts(registry),
        constraints,
        maxReplans,
        runStep: createToolStepRunner(registry, { caller: ctx.caller, signal: ctx.signal }),
        replan: async (request) => {
          const context = [...request.plan.context, ...failureContext(request)];
          planning = await planner.plan(input.goal, { context, constraints, signal: ctx.signal });
          return planning.plan;
        },
        onPlan: (plan, replan) =>
          publish(cerebrumPlanCreatedEvent, {
            goal: plan.goal,
            steps: plan.steps.map((step) => step.id),
            attempts: planning.attempts.length,
            examples: planning.examples,
            replan,
          }),
        onStep: (step, outcome, error) =>
          publish(cerebrumStepCompletedEvent, {
            goal: input.goal,
            step: step.id,
            tool: step.tool,
            outcome,
            ...(outcome === 'failed' ? { code: CortexError.is(error) ? error.code : 'UNKNOWN' } : {}),
          }),
      });
      return { plan: execution.plan, ran: execution.ran, outputs: Object.fromEntries(execution.outputs), replans: execution.replans };
    },
  });
  return [plan, execute] as ToolDefinition[];
}
