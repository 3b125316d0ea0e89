import { defineEvent, type EventDefinition, type SchemaFits } from '@cortex-os/kernel';
import { z } from 'zod';

/**
 * Data of `cerebrum.plan.created`: a plan passed validation and is about to run (first or re-planned).
 * @public
 */
export interface CerebrumPlanCreatedEventData {
  readonly goal: string;
  /** Step ids in the plan's order. */
  readonly steps: readonly string[];
  /** Model replies it took (1 when the first was valid; 0 for a plan given with the request). */
  readonly attempts: number;
  /** Ids of the learning examples that informed it. */
  readonly examples: readonly string[];
  /** 0 for the first plan, n for the n-th re-plan. */
  readonly replan: number;
  /** Tree of thoughts: each valid candidate with the critic's score, whether it was chosen, and its step ids. */
  readonly candidates?: readonly CerebrumPlanCandidateScore[] | undefined;
}

/**
 * A candidate plan's score in `cerebrum.plan.created` (tree of thoughts).
 * @public
 */
export interface CerebrumPlanCandidateScore {
  readonly candidate: number;
  readonly score: number;
  readonly chosen: boolean;
  readonly steps: readonly string[];
}

/**
 * Data of `cerebrum.step.completed`.
 * @public
 */
export interface CerebrumStepCompletedEventData {
  readonly goal: string;
  readonly step: string;
  readonly tool: string;
  readonly outcome: 'succeeded' | 'failed';
  /** The error's code when it failed (never its message). */
  readonly code?: string | undefined;
}

const planCreated = z.strictObject({
  goal: z.string(),
  steps: z.array(z.string()).readonly(),
  attempts: z.int().min(0),
  examples: z.array(z.string()).readonly(),
  replan: z.int().min(0),
  candidates: z
    .array(z.strictObject({ candidate: z.int().min(0), score: z.number(), chosen: z.boolean(), steps: z.array(z.string()).readonly() }))
    .readonly()
    .optional(),
});
const stepCompleted = z.strictObject({
  goal: z.string(),
  step: z.string(),
  tool: z.string(),
  outcome: z.enum(['succeeded', 'failed']),
  code: z.string().optional(),
});
true satisfies SchemaFits<CerebrumPlanCreatedEventData, typeof planCreated>;
true satisfies SchemaFits<CerebrumStepCompletedEventData, typeof stepCompleted>;

/**
 * Published when `cerebrum.execute` has a valid plan to run (the first, or a re-plan after a failed step).
 * @public
 */
export const cerebrumPlanCreatedEvent: EventDefinition<z.ZodType<CerebrumPlanCreatedEventData>> = defineEvent({
  type: 'cerebrum.plan.created',
  version: '1.1.0',
  data: planCreated,
  description: 'A plan passed validation and runs: the first plan of a goal, or a re-plan after a failed step.',
});

/**
 * Published when a step of a running plan ended.
 * @public
 */
export const cerebrumStepCompletedEvent: EventDefinition<z.ZodType<CerebrumStepCompletedEventData>> = defineEvent({
  type: 'cerebrum.step.completed',
  version: '1.0.0',
  data: stepCompleted,
  description: 'A step of a running plan ended, succeeded or failed (with the error code).',
});

/**
 * Every event the cerebrum plugin publishes.
 * @public
 */
export const cerebrumEvents: readonly EventDefinition[] = [cerebrumPlanCreatedEvent, cerebrumStepCompletedEvent];
