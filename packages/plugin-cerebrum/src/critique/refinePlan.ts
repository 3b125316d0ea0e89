import type { Planner, PlanningResult, PlanRequest } from '../plan/createPlanner.js';
import type { Critic } from './Critic.js';
import { type RefineResult, refine } from './refineAnswer.js';

/**
 * Options of {@link refinePlan}: the critic and the loop's limits, and what every planning call is given.
 * @public
 */
export interface RefinePlanOptions extends Omit<PlanRequest, 'revise'> {
  /** Judges each plan (its steps as JSON) against the goal before anything runs. */
  readonly critic: Critic;
  /** Most revisions (default 3). */
  readonly maxRounds?: number;
  /** Most tokens the revisions may spend, estimated from the plans written. */
  readonly maxTokens?: number;
}

/**
 * What {@link refinePlan} settled on: the best-judged plan, the refinement's record (every round's
 * plan and critique, and why it stopped) and every planning call it made.
 * @public
 */
export interface PlanRefinement {
  readonly plan: PlanningResult['plan'];
  readonly planning: PlanningResult;
  readonly refinement: RefineResult;
  readonly plannings: readonly PlanningResult[];
}

/**
 * Critique and refinement of a plan before it runs: the planner writes a plan, the critic judges
 * its steps against the goal, and until the critic passes, `maxRounds` revisions are spent, or a
 * round makes no progress (the same plan, or the same critique twice), the planner is asked for a
 * better plan given the previous one and the critic's feedback — each revision validated and
 * repaired like any plan. Returns the best-judged plan, ready for `executePlan` or a plan task.
 * @public
 */
export async function refinePlan(planner: Planner, goal: string, options: RefinePlanOptions): Promise<PlanRefinement> {
  const { critic, maxRounds, maxTokens, ...request } = options;
  const first = await planner.plan(goal, request);
  const plannings = [first];
  // The critic judges the steps (as in tree of thoughts); each answer maps back to its planning.
  const byAnswer = new Map([[JSON.stringify(first.plan.steps), first]]);
  const refinement = await refine(
    {
      goal,
      draft: JSON.stringify(first.plan.steps),
      critic,
      ...(maxRounds === undefined ? {} : { maxRounds }),
      ...(maxTokens === undefined ? {} : { maxTokens }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
      revise: async ({ answer, critique }) => {
        const previous = byAnswer.get(answer) ?? first;
        const next = await planner.plan(goal, { ...request, revise: { plan: previous.plan, feedback: critique.feedback } });
        plannings.push(next);
        const steps = JSON.stringify(next.plan.steps);
        if (!byAnswer.has(steps)) byAnswer.set(steps, next);
        return steps;
      },
    },
    'plan',
  );
  const planning = byAnswer.get(refinement.answer) ?? first;
  return { plan: planning.plan, planning, refinement, plannings };
}
