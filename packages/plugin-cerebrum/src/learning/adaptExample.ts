import type { Planner, PlanningResult, PlanRequest } from '../plan/createPlanner.js';
import type { Plan } from '../plan/planSchema.js';
import { adaptPlan, type StepAdaptation } from './adaptPlan.js';

/**
 * What adapted replay produced: the planning of the new plan and, per step, how it relates to the example's.
 * @public
 */
export interface AdaptedPlan {
  readonly planning: PlanningResult;
  readonly adaptations: readonly StepAdaptation[];
  /** The lowest step confidence: how far the adapted plan as a whole can be trusted to repeat the example. */
  readonly confidence: number;
}

/**
 * Adapted replay: asks the planner to adapt a learned example's plan to a new goal (the example
 * is in the prompt; the reply is validated and repaired as any plan), then reports each step's
 * adaptation and confidence ({@link adaptPlan}). Run the plan as a normal task or with `executePlan`.
 * @public
 */
export async function adaptExample(
  planner: Planner,
  example: Plan,
  goal: string,
  request: Omit<PlanRequest, 'example'> = {},
): Promise<AdaptedPlan> {
  const planning = await planner.plan(goal, { ...request, example });
  const adaptations = adaptPlan(example, planning.plan);
  return { planning, adaptations, confidence: Math.min(...adaptations.map((step) => step.confidence)) };
}
