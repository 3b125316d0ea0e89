export { CerebrumError } from './errors/CerebrumError.js';
export { type CerebrumErrorCode, cerebrumErrorCatalogue } from './errors/cerebrumErrorCatalogue.js';
export { type ExecutePlanOptions, executePlan, type PlanExecution, type ReplanRequest } from './plan/executePlan.js';
export { orderPlan } from './plan/orderPlan.js';
export type { PlanProblem, PlanProblemCode } from './plan/PlanProblem.js';
export { type Plan, type PlanInput, type PlanStep, type PlanStepInput, planSchema, planStepSchema } from './plan/planSchema.js';
export { checkPlan, type PlanValidationOptions, validatePlan } from './plan/validatePlan.js';
