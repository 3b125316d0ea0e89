import { CerebrumError } from '../errors/CerebrumError.js';
import { orderPlan } from './orderPlan.js';
import type { Plan, PlanStep } from './planSchema.js';
import { type PlanValidationOptions, validatePlan } from './validatePlan.js';

/**
 * What a failed step tells the planner so it can write a new plan.
 * @public
 */
export interface ReplanRequest {
  readonly plan: Plan;
  readonly failedStep: string;
  readonly error: unknown;
  /** Outputs of the steps that finished, by step id; a new plan's step with the same id and tool reuses them. */
  readonly completed: ReadonlyMap<string, unknown>;
  /** How many re-plans were made before this one. */
  readonly attempt: number;
}

/**
 * How {@link executePlan} runs steps and recovers from a failed one.
 * @public
 */
export interface ExecutePlanOptions extends PlanValidationOptions {
  /** Runs one step with its resolved arguments (literal input plus outputs of earlier steps); typically a tool call through the agent run loop. */
  readonly runStep: (step: PlanStep, args: Readonly<Record<string, unknown>>) => Promise<unknown>;
  /** Writes a new plan after a failure; without it a failure ends the run. */
  readonly replan?: (request: ReplanRequest) => Promise<unknown>;
  /** Most re-plans in one run (default 2). */
  readonly maxReplans?: number;
  /** Told when each step has ended: once its wave of concurrent steps settled, in plan order (for events, traces, progress). */
  readonly onStep?: (step: PlanStep, outcome: 'succeeded' | 'failed', error?: unknown) => void;
  /** Told each time a plan is about to run: the first (`replan` 0) and each re-plan. */
  readonly onPlan?: (plan: Plan, replan: number) => void;
  /**
   * Errors that end the run at once, thrown as they are, instead of a re-plan: the run was
   * stopped, or a step's outcome is unknown (a call in doubt after a crash). Checked once the wave settled.
   */
  readonly stopOn?: (error: unknown) => boolean;
}

/**
 * What a completed plan produced.
 * @public
 */
export interface PlanExecution {
  /** The plan that completed (the last one, after any re-plans). */
  readonly plan: Plan;
  /** Step ids in the order they ran, across plans, reused steps excluded. */
  readonly ran: readonly string[];
  readonly outputs: ReadonlyMap<string, unknown>;
  readonly replans: number;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs a plan's steps in dependency order, each with its literal input and the outputs of the
 * steps it reads; steps with no dependency between them run concurrently. When a step fails, asks `replan` for a new plan (validated like the first) and
 * continues with it, reusing outputs of finished steps the new plan keeps (same id and tool).
 *
 * @throws {@link CerebrumError} `CEREBRUM_PLAN_INVALID` for a bad plan (first or re-planned);
 * `CEREBRUM_REPLAN_EXHAUSTED` when a step fails and no re-plan is left.
 * @public
 */
export async function executePlan(input: unknown, options: ExecutePlanOptions): Promise<PlanExecution> {
  const maxReplans = options.maxReplans ?? 2;
  let plan = validatePlan(input, options);
  options.onPlan?.(plan, 0);
  const done = new Map<string, { tool: string; output: unknown }>();
  const ran: string[] = [];
  for (let replans = 0; ; replans++) {
    const failure = await runSteps(plan, done, ran, options);
    if (failure === undefined) {
      return { plan, ran, outputs: new Map([...done].map(([id, entry]) => [id, entry.output])), replans };
    }
    if (options.replan === undefined || replans >= maxReplans) {
      throw CerebrumError.create(
        'CEREBRUM_REPLAN_EXHAUSTED',
        { goal: plan.goal, step: failure.step, replans: String(replans), reason: reasonOf(failure.error) },
        { cause: failure.error, details: { step: failure.step, replans } },
      );
    }
    const completed = new Map([...done].map(([id, entry]) => [id, entry.output]));
    plan = validatePlan(
      await options.replan({ plan, failedStep: failure.step, error: failure.error, completed, attempt: replans }),
      options,
    );
    options.onPlan?.(plan, replans + 1);
  }
}

function argsOf(step: PlanStep, done: ReadonlyMap<string, { output: unknown }>): Record<string, unknown> {
  const args: Record<string, unknown> = { ...step.input };
  for (const [arg, from] of Object.entries(step.inputsFrom)) args[arg] = done.get(from)?.output;
  return args;
}

/**
 * Runs the steps not yet done in waves: every step whose dependencies are done starts at once, so
 * independent steps run concurrently. A wave settles whole (outputs of the steps that succeeded
 * are kept for the re-plan); the first failure in plan order is reported.
 */
async function runSteps(
  plan: Plan,
  done: Map<string, { tool: string; output: unknown }>,
  ran: string[],
  { runStep, onStep, stopOn }: Pick<ExecutePlanOptions, 'runStep' | 'onStep' | 'stopOn'>,
): Promise<{ step: string; error: unknown } | undefined> {
  let pending = orderPlan(plan.steps).order.filter((step) => {
    if (done.get(step.id)?.tool === step.tool) return false;
    done.delete(step.id);
    return true;
  });
  while (pending.length > 0) {
    // Pending steps are in dependency order, so the first one's dependencies are all done: a wave is never empty.
    const wave = pending.filter((step) => step.dependsOn.every((dep) => done.has(dep)));
    const settled = await Promise.allSettled(wave.map((step) => runStep(step, argsOf(step, done))));
    const fatal = settled.find((outcome) => outcome.status === 'rejected' && stopOn?.(outcome.reason) === true);
    if (fatal !== undefined) {
      // The steps that succeeded are kept by whoever resumes the run (a task's checkpoints); none is told as failed.
      throw (fatal as PromiseRejectedResult).reason;
    }
    let failure: { step: string; error: unknown } | undefined;
    wave.forEach((step, index) => {
      const outcome = settled[index] as PromiseSettledResult<unknown>;
      if (outcome.status === 'fulfilled') {
        done.set(step.id, { tool: step.tool, output: outcome.value });
        ran.push(step.id);
        onStep?.(step, 'succeeded');
      } else {
        failure ??= { step: step.id, error: outcome.reason };
        onStep?.(step, 'failed', outcome.reason);
      }
    });
    if (failure !== undefined) return failure;
    pending = pending.filter((step) => !wave.includes(step));
  }
  return undefined;
}
