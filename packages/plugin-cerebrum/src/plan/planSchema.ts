import { z } from 'zod';

const STEP_ID = /^[a-z][a-z0-9_-]{0,63}$/;

/**
 * A parsed plan step: a call of a registered tool, after the steps it depends on.
 * @public
 */
export interface PlanStep {
  /** Unique within the plan: a lowercase letter, then up to 63 of `[a-z0-9_-]`. */
  readonly id: string;
  /** The runtime tool the step calls, by its registered name. */
  readonly tool: string;
  /** Why the step is there, for the critic and the reader. */
  readonly purpose?: string | undefined;
  /** Literal tool arguments. */
  readonly input: Readonly<Record<string, unknown>>;
  /** Arguments taken from the output of an earlier step: argument name → step id. */
  readonly inputsFrom: Readonly<Record<string, string>>;
  /** Ids of the steps that must finish before this one starts. */
  readonly dependsOn: readonly string[];
}

/**
 * A plan step as a planner writes it: `input`, `inputsFrom` and `dependsOn` optional.
 * @public
 */
export interface PlanStepInput {
  readonly id: string;
  readonly tool: string;
  readonly purpose?: string | undefined;
  readonly input?: Readonly<Record<string, unknown>> | undefined;
  readonly inputsFrom?: Readonly<Record<string, string>> | undefined;
  readonly dependsOn?: readonly string[] | undefined;
}

/**
 * A parsed plan: a goal and the steps that reach it, forming a DAG through `dependsOn`.
 * @public
 */
export interface Plan {
  readonly goal: string;
  /** Facts recalled from memory that the planner used, kept so a critic can check them. */
  readonly context: readonly string[];
  readonly steps: readonly PlanStep[];
}

/**
 * A plan as a planner writes it, before defaults apply.
 * @public
 */
export interface PlanInput {
  readonly goal: string;
  readonly context?: readonly string[] | undefined;
  readonly steps: readonly PlanStepInput[];
}

/**
 * The schema of one {@link PlanStep}.
 * @public
 */
export const planStepSchema: z.ZodType<PlanStep, PlanStepInput> = z.strictObject({
  id: z.string().regex(STEP_ID, 'a step id is a lowercase letter then up to 63 of [a-z0-9_-]'),
  tool: z.string().min(1),
  purpose: z.string().optional(),
  input: z.record(z.string(), z.unknown()).default({}),
  inputsFrom: z.record(z.string(), z.string()).default({}),
  dependsOn: z.array(z.string()).default([]),
});

/**
 * The schema of a {@link Plan}: a goal, memory context (default `[]`) and at least one step.
 * @public
 */
export const planSchema: z.ZodType<Plan, PlanInput> = z.strictObject({
  goal: z.string().min(1),
  context: z.array(z.string()).default([]),
  steps: z.array(planStepSchema).min(1),
});
