import { defineTool, type ToolDefinition } from '@cortex-os/kernel';
import { currentTaskCall, type TasksService, type TaskView } from '@cortex-os/plugin-tasks';
import { planTaskRunnerName } from '../durable/createPlanTaskRunner.js';
import { CerebrumError } from '../errors/CerebrumError.js';
import { agentValidation } from '../plan/createPlanner.js';
import { estimatePlan } from '../plan/estimatePlan.js';
import { planTaskPrincipal } from './planTaskPrincipal.js';
import { constraintsOf, type PlanRequestInput, planRequestSchema } from './planRequest.js';
import { candidateRecords, type PlanRunEnvironment, plannerFor, runPlanRequest } from './runPlanRequest.js';

/**
 * Waits for a plan task to settle. A host or remote caller owns its task: cancelling the call
 * cancels it. Inside an agent task's call the plan task outlives an abort (its worker stopping,
 * say): it resumes with its checkpoints, and the agent task's call, re-run, finds it by its key.
 */
async function settledTask(tasks: TasksService, id: string, signal: AbortSignal, cancelOnAbort: boolean): Promise<TaskView> {
  let onAbort: () => void = () => void tasks.cancel(id).catch(() => {});
  const aborted = cancelOnAbort
    ? undefined
    : new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
      });
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  try {
    return await (aborted === undefined ? tasks.settled(id) : Promise.race([tasks.settled(id), aborted]));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Runs a request as a plan task and returns its output with the task's id; a task that did not complete is an error naming it. */
async function executeAsTask(tasks: TasksService, input: PlanRequestInput, principal: string, signal: AbortSignal) {
  const { goal, ...params } = input;
  // Inside an agent task's tool call, the call's journal id keys the submit: a person re-running
  // the call after a crash gets the plan task it started back (resumed or finished), not a second one.
  const call = currentTaskCall();
  const idempotencyKey = call === undefined ? undefined : `cerebrum.execute:${call.taskId}:${call.callId}`;
  const task = await tasks.submit({ agent: planTaskRunnerName, input: goal, params, principal, idempotencyKey });
  const done = await settledTask(tasks, task.id, signal, call === undefined);
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
  owners?: Pick<TasksService, 'get'>,
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
        principal: await planTaskPrincipal(ctx.caller, owners),
      });
      const estimate = estimatePlan(result.plan, env.agents === undefined ? {} : agentValidation(env.agents.list()).estimate);
      return {
        plan: result.plan,
        estimate,
        context: result.context,
        attempts: result.attempts.length,
        examples: result.examples,
        ...candidateRecords(result.candidates),
      };
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
      const principal = await planTaskPrincipal(ctx.caller, owners);
      if (tasks?.served()) return executeAsTask(tasks.service, input, principal, ctx.signal);
      const execution = await runPlanRequest(input, env, { caller: ctx.caller, principal, signal: ctx.signal });
      return { plan: execution.plan, ran: execution.ran, outputs: Object.fromEntries(execution.outputs), replans: execution.replans };
    },
  });
  return [plan, execute] as ToolDefinition[];
}
