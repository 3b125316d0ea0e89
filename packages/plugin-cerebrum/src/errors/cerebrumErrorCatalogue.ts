import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code that @cortex-os/plugin-cerebrum throws, with what it means and how to solve it.
 *
 * Codes are `CEREBRUM_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by `test/repo/errorCatalogues.test.ts`.
 * Retired codes: none yet.
 *
 * @public
 */
export const cerebrumErrorCatalogue = defineErrorCatalogue('CEREBRUM', {
  CEREBRUM_PLAN_INVALID: {
    kind: 'invalid-input',
    message: 'Plan for "{goal}" is invalid ({count} problems):\n{problems}',
    description:
      'A plan is malformed, names a tool the runtime does not register or the plan may not use, gives a tool an input that breaks its contract, depends on a missing step, has a cycle, reads an input from a step it does not depend on, reaches outside the host under `localOnly`, or has more steps than its budget.',
    solution: 'Fix each problem listed in `details.problems` (each names the step and a code), or ask the planner for a new plan.',
  },
  CEREBRUM_PLANNER_OPTIONS_INVALID: {
    kind: 'invalid-input',
    message: 'Planner options are invalid: {problems}.',
    description:
      '`createPlanner` got a repair or candidate count out of range, or several candidates without a critic to choose between them.',
    solution: 'Give `maxRepairs` 0–10 and `candidates` 1–8; with more than one candidate, give a `critic`.',
  },
  CEREBRUM_CRITIQUE_UNREADABLE: {
    kind: 'upstream-failed',
    message: 'The critic model "{provider}" gave no verdict: {reason}.',
    description: 'A model-based critic asked its provider for a JSON verdict `{score, feedback}` and got none it could read.',
    solution:
      'Use a provider that can generate and follow JSON instructions (structured output helps), or combine it with rule-based critics.',
  },
  CEREBRUM_EXAMPLE_UNEARNED: {
    kind: 'invalid-input',
    message: 'The run for "{goal}" is not a learning example: {reason}.',
    description:
      'Only a run that finished well becomes a learning example: a critic satisfied with its outcome, or a person who marked it.',
    solution: 'Pass the satisfied `critique`, or `markedBy` naming who vouches for the run.',
  },
  CEREBRUM_REPLAY_DIVERGED: {
    kind: 'conflict',
    message: 'The replay left its recording at step {step}: {field} differs.',
    description:
      'A replayed run asked for a model call or tool call the recording does not hold, or with a different request: the agent, its tools or the run loop changed since the run was recorded.',
    solution: 'Compare `details.recorded` with `details.replayed` at that step; record the run again if the change was intended.',
  },
  CEREBRUM_EVAL_DATASET_INVALID: {
    kind: 'invalid-input',
    message: 'The eval dataset {source} is invalid: {problems}.',
    description:
      'An eval dataset file is not a `cortex-eval-dataset` with a name, a version and unique cases, each with an input and valid expectations.',
    solution: 'Fix each problem listed (each names its path), then run the evals again.',
  },
  CEREBRUM_EVAL_REPORTS_MISMATCH: {
    kind: 'invalid-input',
    message: 'Eval reports of {a} and {b} do not compare.',
    description: 'Two eval reports were compared whose datasets differ in name or version, so their cases are not the same.',
    solution: 'Run both configurations on the same dataset version.',
  },
  CEREBRUM_REPLAN_EXHAUSTED: {
    kind: 'internal',
    message: 'Plan for "{goal}" failed at step "{step}" after {replans} re-plans: {reason}',
    description: 'A step failed and the re-planning budget (`maxReplans`) was spent without a plan that completes.',
    solution: 'Raise `maxReplans`, fix the failing tool, or give the planner more context.',
  },
  CEREBRUM_PLAN_TASK_INVALID: {
    kind: 'invalid-input',
    message: 'A plan task has an input the plan task runner cannot read: {problems}',
    description:
      'A task submitted for the plan task runner (`cerebrum.plan`) does not have the input `{ input: goal, ...options }`, the options being those `cerebrum.execute` takes; it is refused when submitted.',
    solution: "Submit the goal as the task's input and the other fields as its params, each as `cerebrum.execute` takes it.",
  },
  CEREBRUM_PLAN_TASK_UNFINISHED: {
    kind: 'upstream-failed',
    message: 'Plan task "{task}" did not complete: it is {state} ({reason}).',
    description:
      'A plan run as a durable task failed (no valid plan, or a step kept failing after the re-plans), was cancelled, or waits for a person to settle a step left in doubt by a crash.',
    solution:
      "Read the task (`GET /api/v1/tasks/:id`: its plan and each step's state); answer it if it waits, or fix the cause and run the goal again.",
  },
  CEREBRUM_SUBGOAL_FAILED: {
    kind: 'upstream-failed',
    message: 'Step "{step}" handed its sub-goal to agent "{agent}", whose run ended {status} ({reason}).',
    description:
      'A sub-goal step ran its agent, and the run did not complete: a budget ran out, the model failed, the output was invalid, or it was cancelled.',
    solution:
      "Read the agent run's status and reason; give the agent larger budgets or a clearer sub-goal, or let the planner re-plan around the step.",
  },
  CEREBRUM_TRAVEL_INVALID: {
    kind: 'invalid-input',
    message: 'Time travel cannot start: {problem}.',
    description:
      'A time-travel task names an original that is not an agent or plan task, or a step the original never recorded, or a change that does not fit the step (a plan task: one change, naming step k by its id, an output as JSON, an input as an object), or its input is not a time-travel request.',
    solution:
      'Name an agent or plan task you own and a step it recorded (an agent task: `model:<step>` among its checkpoints; a plan task: the k-th step it ran), and submit it with `travelTask`.',
  },
  CEREBRUM_TASK_UNSUITABLE: {
    kind: 'invalid-input',
    message: 'Task "{task}" cannot be {use}: {why}.',
    description:
      'A task was named for replay, critique or learning that does not fit: replay needs a completed agent task (`replayTask`) or a completed plan task (`replayPlanTask`), not a time-travel task or one still running; critique or learning (`cerebrum.critique`, `cerebrum.learn`) a completed task with an output, in a runtime that keeps tasks.',
    solution: 'Name a completed task of the kind asked for; resume an unfinished plan task instead of replaying it.',
  },
});

/**
 * A code of {@link cerebrumErrorCatalogue}.
 * @public
 */
export type CerebrumErrorCode = keyof typeof cerebrumErrorCatalogue;
