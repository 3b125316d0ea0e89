export { CerebrumError } from './errors/CerebrumError.js';
export { type CerebrumErrorCode, cerebrumErrorCatalogue } from './errors/cerebrumErrorCatalogue.js';
export { type ExecutePlanOptions, executePlan, type PlanExecution, type ReplanRequest } from './plan/executePlan.js';
export { createToolStepRunner } from './plan/createToolStepRunner.js';
export { orderPlan } from './plan/orderPlan.js';
export type { PlanProblem, PlanProblemCode } from './plan/PlanProblem.js';
export { type Plan, type PlanInput, type PlanStep, type PlanStepInput, planSchema, planStepSchema } from './plan/planSchema.js';
export { checkPlan, type PlanValidationOptions, validatePlan } from './plan/validatePlan.js';
export { type PlanConstraints, type PlanToolContract, registryToolContracts } from './plan/PlanToolContract.js';
export {
  createPlanner,
  type PlanAttempt,
  type PlanCandidate,
  type Planner,
  type PlannerOptions,
  type PlanModel,
  type PlanningResult,
  type PlanRequest,
  type RecalledContext,
} from './plan/createPlanner.js';
export { recallFromMemoryTool, type RecallFromMemoryToolOptions } from './plan/recallFromMemoryTool.js';
export type { Critic, Critique, CritiqueRequest } from './critique/Critic.js';
export { createModelCritic, type ModelCriticOptions } from './critique/createModelCritic.js';
export { type CriticRule, createRuleCritic } from './critique/createRuleCritic.js';
export { createSchemaCritic, type SchemaCriticOptions } from './critique/createSchemaCritic.js';
export { createToolCritic, type ToolCriticOptions } from './critique/createToolCritic.js';
export { type RefineOptions, type RefineResult, type RevisionRequest, refineAnswer } from './critique/refineAnswer.js';
export { type PlanRefinement, type RefinePlanOptions, refinePlan } from './critique/refinePlan.js';
export { type EvalCase, type EvalCaseResult, type EvalReport, type RunEvalsOptions, runEvals } from './evals/runEvals.js';
export type {
  CerebrumEvalConfiguration,
  CerebrumEvalsOptions,
  CerebrumEvalsOptionsInput,
} from './plugin/cerebrumEvalsOptions.js';
export {
  type CerebrumCriticOptions,
  type CerebrumPluginOptions,
  type CerebrumPluginOptionsInput,
  type CerebrumTreeOfThoughtsOptions,
  cerebrumPlugin,
  cerebrumPluginOptions,
} from './plugin/cerebrumPlugin.js';
export { type AgentRecording, recordingOf } from './replay/AgentRecording.js';
export {
  createReplayJournal,
  type ReplayDivergence,
  type ReplayJournal,
  type ReplayJournalOptions,
  type ReplayToolInput,
  type ReplayToolOverride,
} from './replay/createReplayJournal.js';
export { firstDifference, type ValueDifference } from './replay/firstDifference.js';
export { type ReplayReport, replayAgentRun, type TimeTravelOptions, timeTravel } from './replay/replayAgentRun.js';
export { captureLearningExample, type LearningExampleInput } from './learning/captureLearningExample.js';
export { learningExampleOwnerTag } from './learning/learningExampleOwnerTag.js';
export { adaptPlan, type StepAdaptation } from './learning/adaptPlan.js';
export { type AdaptedPlan, adaptExample } from './learning/adaptExample.js';
export {
  type EvalDataset,
  type EvalDatasetCase,
  type EvalExpectation,
  parseEvalDataset,
} from './evals/evalDataset.js';
export {
  type AgentEvalCaseResult,
  type AgentEvalReport,
  type RunAgentEvalsLimits,
  type RunAgentEvalsOptions,
  runAgentEvals,
} from './evals/runAgentEvals.js';
export { compareEvalReports, type EvalComparison, evalJsonLines } from './evals/compareEvalReports.js';
export {
  type CerebrumPlanCandidateScore,
  type CerebrumPlanCreatedEventData,
  type CerebrumStepCompletedEventData,
  cerebrumEvents,
  cerebrumPlanCreatedEvent,
  cerebrumStepCompletedEvent,
} from './events/cerebrumEvents.js';
export { createPlanTaskRunner, planTaskRunnerName } from './durable/createPlanTaskRunner.js';
export { describePlanTask, type PlanTaskDetail, type PlanTaskStepState } from './durable/describePlanTask.js';
export type { PlanCallInput, PlanCallOutput, PlanCandidateRecord, PlanRunEnvironment } from './plugin/runPlanRequest.js';
export { subAgentOf, subAgentPrefix } from './plan/subGoal.js';
export { estimatePlan, type PlanEstimate, type PlanEstimateOptions } from './plan/estimatePlan.js';
export { createTravelTaskRunner, travelTask, travelTaskRunnerName } from './replay/createTravelTaskRunner.js';
export { replayTask } from './replay/replayTask.js';
export { type PlanTaskReplayReport, replayPlanTask } from './replay/replayPlanTask.js';
export { critiqueTask, type TaskCritique } from './critique/critiqueTask.js';
