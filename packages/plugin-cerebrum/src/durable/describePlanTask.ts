import type { TaskRecord, TaskStep } from '@cortex-os/plugin-tasks';
import type { PlanEstimate } from '../plan/estimatePlan.js';
import type { Plan } from '../plan/planSchema.js';
import type { PlanCallInput, PlanCallOutput } from '../plugin/runPlanRequest.js';
import { planTaskIds } from './planTaskIds.js';

/**
 * The state of one step of a plan task: not started, running (its start is on disk), finished
 * (`succeeded`, or `failed` with its code), or `in-doubt` (in flight at a crash; a person settles it).
 * @public
 */
export type PlanTaskStepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'in-doubt';

/**
 * What `GET /tasks/:id` shows of a plan task (`detail`), read from its checkpoints.
 * @public
 */
export interface PlanTaskDetail {
  readonly kind: 'cerebrum.plan';
  /** The plan now running (the last re-plan); undefined until the first plan is on disk. */
  readonly plan: Plan | undefined;
  /** The current plan's worst-case cost, as its constraints were checked against. */
  readonly estimate: PlanEstimate | undefined;
  /** Re-plans made so far. */
  readonly replans: number;
  /** Each step of the current plan with its state; `ranUnder` is the plan (0, 1, …) whose run of it counts. */
  readonly steps: readonly {
    readonly id: string;
    readonly tool: string;
    readonly dependsOn: readonly string[];
    readonly state: PlanTaskStepState;
    readonly ranUnder?: number;
    readonly code?: string;
  }[];
  /** Each plan in turn: the step whose failure caused it (from the second on) and its step ids. */
  readonly history: readonly {
    readonly replan: number;
    readonly failedStep?: string;
    readonly code?: string;
    readonly steps: readonly string[];
    /** Tree of thoughts: every scored candidate of that planning call (the discarded ones too), with the critic's feedback. */
    readonly candidates?: readonly {
      readonly candidate: number;
      readonly score: number;
      readonly feedback: readonly string[];
      readonly chosen: boolean;
      readonly steps: readonly string[];
    }[];
  }[];
}

type StepRecord = { readonly ok: true } | { readonly ok: false; readonly code: string };

function stateOf(record: TaskStep, task: TaskRecord): { state: PlanTaskStepState; code?: string } {
  if (record.status === 'started') return { state: task.state === 'input-required' ? 'in-doubt' : 'running' };
  if (record.status === 'rerun') return { state: 'pending' };
  const output = record.output as StepRecord;
  return output.ok ? { state: 'succeeded' } : { state: 'failed', code: output.code };
}

/**
 * A plan task's plan and its steps' states, from the task's checkpoints (`plan:<n>`, `step:<n>:<id>`).
 * @public
 */
export function describePlanTask(task: TaskRecord, steps: readonly TaskStep[]): PlanTaskDetail {
  const plans = new Map<number, { input: PlanCallInput; output: PlanCallOutput }>();
  const runs = new Map<string, TaskStep>();
  for (const step of steps) {
    const replan = planTaskIds.parsePlan(step.callId);
    if (replan !== undefined && step.status === 'done')
      plans.set(replan, { input: step.input as PlanCallInput, output: step.output as PlanCallOutput });
    if (planTaskIds.parseStep(step.callId) !== undefined) runs.set(step.callId, step);
  }
  const order = [...plans.keys()].sort((a, b) => a - b);
  const replans = order.at(-1) ?? 0;
  const plan = plans.get(replans)?.output.plan;
  const estimate = plans.get(replans)?.output.estimate;
  const history = order.map((replan) => {
    const { input, output } = plans.get(replan) as { input: PlanCallInput; output: PlanCallOutput };
    return {
      replan,
      ...(input.failedStep === undefined ? {} : { failedStep: input.failedStep }),
      ...(input.code === undefined ? {} : { code: input.code }),
      steps: output.plan.steps.map((step) => step.id),
      ...(output.candidates === undefined
        ? {}
        : {
            candidates: output.candidates.map(({ plan: written, ...scored }) => ({
              ...scored,
              steps: written.steps.map((step) => step.id),
            })),
          }),
    };
  });
  const described = (plan?.steps ?? []).map((step) => {
    const base = { id: step.id, tool: step.tool, dependsOn: step.dependsOn };
    const own = runs.get(planTaskIds.step(replans, step.id));
    if (own !== undefined) return { ...base, ...stateOf(own, task), ranUnder: replans };
    // A step an earlier plan finished with the same tool is kept by the re-plan, not run again.
    for (let earlier = replans - 1; earlier >= 0; earlier--) {
      const run = runs.get(planTaskIds.step(earlier, step.id));
      const tool = (run?.input as { tool?: unknown } | undefined)?.tool;
      if (run?.status === 'done' && tool === step.tool && (run.output as StepRecord).ok)
        return { ...base, state: 'succeeded' as const, ranUnder: earlier };
    }
    return { ...base, state: 'pending' as const };
  });
  return { kind: 'cerebrum.plan', plan, estimate, replans, steps: described, history };
}
