import { defineTool, type ToolDefinition } from '@cortex-os/kernel';
import type { TasksService, TaskView } from '@cortex-os/plugin-tasks';
import { planTaskRunnerName } from '../durable/createPlanTaskRunner.js';
import { CerebrumError } from '../errors/CerebrumError.js';
import { agentValidation } from '../plan/createPlanner.js';
import { estimatePlan } from '../plan/estimatePlan.js';
import { planTaskPrincipal } from './planTaskPrincipal.js';
import { constraintsOf, type PlanRequestInput, planRequestSchema } from './planRequest.js';
import { type PlanRunEnvironment, plannerFor, runPlanRequest } from './runPlanRequest.js';

/** Waits for a plan task to settle; the outer call's cancellation cancels the task. */
async function settledTask(tasks: TasksService, id: string, signal: AbortSignal): Promise<TaskView> {
  const onAbort = (): void => void tasks.cancel(id).catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await tasks.settled(id);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Runs a request as a plan task and returns its output with the task's id; a task that did not complete is an error naming it. */
async function executeAsTask(tasks: TasksService, input: PlanRequestInput, principal: string, signal: AbortSignal) {
  const { goal, ...params } = input;
  const task = await tasks.submit({ agent: planTaskRunnerName, input: goal, params, principal });
  const done = await settledTask(tasks, task.id, signal);
  if (done.state === 'completed') return { taskId: done.id, ...(done.output as object) };
  throw CerebrumError.create(
    'CEREBRUM_PLAN_TASK_UNFINISHED',
    { task: done.id, state: done.state, reason: done.reason ?? 'no reason recorded' },
    { details: { task: done.id, state: done.state } },
  );
}

/**
 * The plugin's tools: `cerebrum.plan` writes and validates a plan; `cerebrum.execute` plans, runs
 * the plan through the tool registry (independent steps concurrently) and re-plans around a
 * failing step — as a durable task when `tasks` is given and its worker serves runners, else in the call. Nested tool calls carry the outer call's caller.
 */
export function createCerebrumTools(
  env: PlanRunEnvironment,
  tasks?: { readonly service: TasksService; readonly served: () => boolean },
): ToolDefinition[] {
  const plan = defineTool({
    name: 'cerebrum.plan',
    description: 'Writes a plan for a goal: steps calling the allowed tools, with dependencies, validated against their contracts.',
    input: planRequestSchema.omit({ plan: true }),
    annotations: { title: 'Plan', readOnlyHint: true, openWorldHint: false },
    async handler(input, ctx) {
      const { planner } = plannerFor(env, input.tools, input.agents);
      const result = await planner.plan(input.goal, {
        context: input.context ?? [],
        constraints: constraintsOf(input),
        signal: ctx.signal,
      });
      const estimate = estimatePlan(result.plan, env.agents === undefined ? {} : agentValidation(env.agents.list()).estimate);
      return { plan: result.plan, estimate, context: result.context, attempts: result.attempts.length };
    },
  });
  const execute = defineTool({
    name: 'cerebrum.execute',
    description:
      'Plans a goal, runs the plan through the allowed tools (independent steps at once) and re-plans around a failing step; with durable tasks, as a task that resumes after a crash.',
    input: planRequestSchema,
    annotations: { title: 'Plan and execute', readOnlyHint: false, openWorldHint: false },
    async handler(input, ctx) {
      // A task is waited for only while this runtime's worker runs it; otherwise the plan runs in the call.
      if (tasks?.served()) return executeAsTask(tasks.service, input, await planTaskPrincipal(ctx.caller, tasks.service), ctx.signal);
      const execution = await runPlanRequest(input, env, { caller: ctx.caller, signal: ctx.signal });
      return { plan: execution.plan, ran: execution.ran, outputs: Object.fromEntries(execution.outputs), replans: execution.replans };
    },
  });
  return [plan, execute] as ToolDefinition[];
}
