import type { TaskRunner, TaskRunnerContext, TaskRunnerOutcome } from '@cortex-os/plugin-tasks';
import { CerebrumError } from '../errors/CerebrumError.js';
import type { PlanExecution } from '../plan/executePlan.js';
import type { PlanStep } from '../plan/planSchema.js';
import { RecordedStepFailure, stepErrorCode } from '../plan/stepErrorCode.js';
import { planRequestSchema } from '../plugin/planRequest.js';
import { type PlanCallOutput, type PlanRunEnvironment, runPlanRequest } from '../plugin/runPlanRequest.js';
import { describePlanTask } from './describePlanTask.js';
import { planTaskIds } from './planTaskIds.js';

/**
 * The name of plan tasks: a task whose `agent` is `cerebrum.plan` is run by the plan task runner.
 * @public
 */
export const planTaskRunnerName = 'cerebrum.plan';

/** A step's outcome as its checkpoint holds it: the output, or only the failure's code. */
export type PlanStepRecord = { readonly ok: true; readonly output: unknown } | { readonly ok: false; readonly code: string };

/** A step call in flight at a crash that may not run again on its own. */
export class StepInDoubt extends Error {
  override readonly name = 'StepInDoubt';
}

const taskInputSchema = planRequestSchema.omit({ goal: true }).extend({ input: planRequestSchema.shape.goal });

/** A plan task's input as the runner reads it (the goal in `input`, the options beside it). */
export function parsePlanTaskInput(input: unknown) {
  const parsed = taskInputSchema.safeParse(input);
  if (parsed.success) return { ...parsed.data, goal: parsed.data.input };
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`);
  throw CerebrumError.create('CEREBRUM_PLAN_TASK_INVALID', { problems: problems.join('; ') }, { details: { problems } });
}

/** The execution as the task's output: plain JSON. */
export function planTaskOutput(execution: PlanExecution) {
  return { plan: execution.plan, ran: execution.ran, outputs: Object.fromEntries(execution.outputs), replans: execution.replans };
}

/**
 * Runs one step through the task's journal: a step with a checkpoint is never run again.
 * `replayed`: the run only copies a recorded outcome (time travel's past), so it is always safe to re-run.
 */
export async function journaledStep(
  env: PlanRunEnvironment,
  context: TaskRunnerContext,
  replan: number,
  step: PlanStep,
  args: Readonly<Record<string, unknown>>,
  run: () => Promise<unknown>,
  replayed = false,
): Promise<unknown> {
  const annotations = env.registry.get(step.tool)?.annotations;
  // Reading twice changes nothing, so a read-only tool is as safe to re-run after a crash as an idempotent one.
  const idempotent = replayed || annotations?.idempotentHint === true || annotations?.readOnlyHint === true;
  const outcome = await context.call<PlanStepRecord>({
    kind: 'tool',
    callId: planTaskIds.step(replan, step.id),
    input: { tool: step.tool, arguments: args },
    idempotent,
    run: async () => {
      try {
        return { ok: true, output: await run() };
      } catch (error) {
        // A step stopped with its task is not a failure: nothing is recorded, and the resumed task runs it.
        if (context.signal.aborted) throw error;
        return { ok: false, code: stepErrorCode(error) };
      }
    },
  });
  if (outcome.status === 'in-doubt') throw new StepInDoubt(outcome.reason);
  if (!outcome.output.ok) throw new RecordedStepFailure(outcome.output.code);
  return outcome.output.output;
}

/**
 * The task runner of plans (`cerebrum.plan`): plans the task's goal, runs the plan through the
 * tool registry and re-plans around a failing step within the budget — every planning call and
 * every step checkpointed in the task (`plan:<n>`, `step:<n>:<step id>`), so a task resumed by
 * any process after a crash or a stop replays what finished (no model is asked again, no finished
 * step runs again) and goes on from there. A non-idempotent step in flight at a crash leaves the
 * task in `input-required` for a person to settle. The task's input is `{ input: goal, context?,
 * tools?, localOnly?, maxSteps? }`; its output `{ plan, ran, outputs, replans }`; `describe` puts
 * the plan with each step's state in `GET /tasks/:id` (`detail`).
 * @public
 */
export function createPlanTaskRunner(env: PlanRunEnvironment): TaskRunner {
  return {
    name: planTaskRunnerName,
    async run(task, context): Promise<TaskRunnerOutcome> {
      const input = parsePlanTaskInput(task.input);
      try {
        const execution = await runPlanRequest(input, env, {
          caller: { transport: 'task', id: task.principal },
          principal: task.principal,
          durable: true,
          signal: context.signal,
          planning: async (call, run) => {
            const outcome = await context.call<PlanCallOutput>({
              kind: 'model',
              callId: planTaskIds.plan(call.replan),
              input: call,
              idempotent: true,
              run,
            });
            // Planning calls are idempotent, so they are never in doubt.
            if (outcome.status === 'in-doubt') throw new StepInDoubt(outcome.reason);
            return outcome.output;
          },
          step: (replan, step, args, run) => journaledStep(env, context, replan, step, args, run),
          stopOn: (error) => error instanceof StepInDoubt || context.signal.aborted,
        });
        return { state: 'completed', output: planTaskOutput(execution) };
      } catch (error) {
        if (error instanceof StepInDoubt) return { state: 'input-required', reason: error.message };
        throw error;
      }
    },
    // A plan task submitted with options it cannot read fails at once (REST: 400), not when a worker claims it.
    accept: (input) => void parsePlanTaskInput(input),
    describe: describePlanTask,
  };
}
