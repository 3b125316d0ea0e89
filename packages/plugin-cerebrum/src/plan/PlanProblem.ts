/**
 * Why a plan cannot run. Each code names one rule of {@link validatePlan}.
 * @public
 */
export type PlanProblemCode =
  | 'malformed'
  | 'duplicate-step'
  | 'unknown-tool'
  | 'unknown-agent'
  | 'unknown-dependency'
  | 'cycle'
  | 'missing-input'
  | 'not-allowed'
  | 'input-invalid'
  | 'not-local'
  | 'over-budget';

/**
 * One problem of a plan, naming the step it is found in.
 * @public
 */
export interface PlanProblem {
  readonly code: PlanProblemCode;
  /** The step the problem is in; absent for a malformed plan's top level and for `over-budget`. */
  readonly step?: string;
  readonly message: string;
}
