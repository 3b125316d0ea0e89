import { CortexError } from '@cortex-os/kernel';
import type { TaskRecord, TaskRunnerContext, TaskRunnerOutcome, TaskStep } from '@cortex-os/plugin-tasks';
import { journaledStep, type PlanStepRecord, parsePlanTaskInput, planTaskOutput, StepInDoubt } from '../durable/createPlanTaskRunner.js';
import { planTaskIds } from '../durable/planTaskIds.js';
import { CerebrumError } from '../errors/CerebrumError.js';
import type { PlanStep } from '../plan/planSchema.js';
import { RecordedStepFailure } from '../plan/stepErrorCode.js';
import { type PlanCallOutput, type PlanRunEnvironment, runPlanRequest } from '../plugin/runPlanRequest.js';
import { answerFromCheckpoint } from './answerFromCheckpoint.js';

/** A time-travel request on a plan task: step k (the k-th step the plan ran) and what changes there. */
export interface PlanTravel {
  readonly travelledFrom: { readonly task: string; readonly step: number };
  readonly overrides: readonly {
    readonly callId: string;
    readonly content: string;
    readonly outcome?: 'succeeded' | 'failed' | undefined;
  }[];
  readonly inputs: readonly { readonly callId: string; readonly arguments: string }[];
}

export function travelInvalid(problem: string): CerebrumError {
  return CerebrumError.create('CEREBRUM_TRAVEL_INVALID', { problem }, { details: { problem } });
}

const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks a time-travel request against a plan task's checkpoints when it is submitted: step k was
 * run, the one change (a step is one tool call) names a step the task recorded, a succeeded
 * override is JSON (a step's output is its tool's structured result) and a changed input is an object.
 */
export function checkPlanTravel(
  original: TaskRecord,
  steps: readonly TaskStep[],
  travel: Omit<PlanTravel, 'travelledFrom'>,
  k: number,
): void {
  const ran = steps.filter((step) => step.status === 'done' && planTaskIds.parseStep(step.callId) !== undefined);
  if (ran.length <= k) throw travelInvalid(`task "${original.id}" ran ${ran.length} plan steps, so it has no step ${k}`);
  const changes = [...travel.overrides, ...travel.inputs];
  if (changes.length > 1) throw travelInvalid("a plan task's step is one tool call: give one override or one input, not several");
  const change = changes[0];
  if (change === undefined) return;
  if (!ran.some((step) => planTaskIds.parseStep(step.callId)?.step === change.callId))
    throw travelInvalid(`task "${original.id}" ran no plan step "${change.callId}"`);
  const override = travel.overrides[0];
  if (override !== undefined && override.outcome !== 'failed' && !parsesAsJson(override.content))
    throw travelInvalid(`the output given for step "${override.callId}" is not JSON (a step's output is its tool's structured result)`);
  const input = travel.inputs[0];
  if (input !== undefined && !isObject(JSON.parse(input.arguments)))
    throw travelInvalid(`the input given for step "${input.callId}" is not an object of arguments`);
}

/** Step k with its change: a recorded outcome replaced (copied as the past is), or a live call with another input. */
function changedStep(travel: PlanTravel, step: PlanStep, run: (changed?: Readonly<Record<string, unknown>>) => Promise<unknown>) {
  const { task, step: k } = travel.travelledFrom;
  const override = travel.overrides[0];
  const input = travel.inputs[0];
  const callId = override?.callId ?? input?.callId;
  if (callId !== step.id) throw travelInvalid(`step ${k} of task "${task}" is "${step.id}", not "${callId}"`);
  if (input !== undefined) {
    const args = JSON.parse(input.arguments) as Record<string, unknown>;
    return { args, run: () => run(args), replayed: false };
  }
  const given = override as PlanTravel['overrides'][number];
  const outcome = async (): Promise<unknown> => {
    if (given.outcome === 'failed') throw new RecordedStepFailure(given.content);
    return JSON.parse(given.content);
  };
  return { args: undefined, run: outcome, replayed: true };
}

/**
 * Runs a time-travel task of a plan task: the plan-and-execute loop runs again with every
 * planning call and step before step k (in the order the plan asks them: waves in plan order)
 * answered from the original's checkpoints after comparing the question, step k replaced by the
 * change (a given output or failure code, or the tool called live with another input), and every
 * later step and re-plan live. Each call is a checkpoint of the new task (same ids as a plan
 * task's), so it resumes like one; the original is only read.
 */
export async function runPlanTravel(
  env: PlanRunEnvironment,
  travel: PlanTravel,
  task: TaskRecord,
  original: { readonly task: TaskRecord; readonly steps: readonly TaskStep[] },
  context: TaskRunnerContext,
): Promise<TaskRunnerOutcome> {
  const recorded = new Map(original.steps.filter((step) => step.status === 'done').map((step) => [step.callId, step]));
  const k = travel.travelledFrom.step;
  const changed = travel.overrides.length + travel.inputs.length > 0;
  let asked = 0;
  try {
    const execution = await runPlanRequest(parsePlanTaskInput(original.task.input), env, {
      caller: { transport: 'task', id: task.principal },
      principal: task.principal,
      durable: true,
      signal: context.signal,
      planning: async (call, run) => {
        const callId = planTaskIds.plan(call.replan);
        // A planning call asked before step k is the past; a re-plan after it (around a later failure) is live.
        const past = asked <= k ? (answerFromCheckpoint(recorded, callId, call, call.replan) as PlanCallOutput) : undefined;
        const outcome = await context.call<PlanCallOutput>({
          kind: 'model',
          callId,
          input: call,
          idempotent: true,
          run: past === undefined ? run : async () => past,
        });
        if (outcome.status === 'in-doubt') throw new StepInDoubt(outcome.reason);
        return outcome.output;
      },
      step: (replan, step, args, run) => {
        const index = asked++;
        if (index > k) return journaledStep(env, context, replan, step, args, run);
        if (index === k && changed) {
          const change = changedStep(travel, step, run);
          return journaledStep(env, context, replan, step, change.args ?? args, change.run, change.replayed);
        }
        const asking = { tool: step.tool, arguments: args };
        const record = answerFromCheckpoint(recorded, planTaskIds.step(replan, step.id), asking, replan) as PlanStepRecord;
        const copy = async (): Promise<unknown> => {
          if (!record.ok) throw new RecordedStepFailure(record.code);
          return record.output;
        };
        return journaledStep(env, context, replan, step, args, copy, true);
      },
      stopOn: (error) =>
        error instanceof StepInDoubt ||
        context.signal.aborted ||
        CortexError.is(error, 'CEREBRUM_REPLAY_DIVERGED') ||
        CortexError.is(error, 'CEREBRUM_TRAVEL_INVALID'),
    });
    return { state: 'completed', output: planTaskOutput(execution) };
  } catch (error) {
    if (error instanceof StepInDoubt) return { state: 'input-required', reason: error.message };
    throw error;
  }
}
