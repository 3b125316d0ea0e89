import { CortexError } from '@cortex-os/kernel';
import type { TasksService, TaskStep } from '@cortex-os/plugin-tasks';
import { type PlanStepRecord, parsePlanTaskInput, planTaskOutput, planTaskRunnerName } from '../durable/createPlanTaskRunner.js';
import { planTaskIds } from '../durable/planTaskIds.js';
import { CerebrumError } from '../errors/CerebrumError.js';
import { RecordedStepFailure } from '../plan/stepErrorCode.js';
import { type PlanCallOutput, type PlanRunEnvironment, runPlanRequest } from '../plugin/runPlanRequest.js';
import type { ReplayDivergence } from './createReplayJournal.js';
import { answerFromCheckpoint as answer, asRecorded } from './answerFromCheckpoint.js';
import { firstDifference } from './firstDifference.js';

/**
 * What a plan task's replay found: the output it reached, whether it is the recorded one, where
 * it first left the recording, and the checkpoints it answered from (in the order it asked).
 * @public
 */
export interface PlanTaskReplayReport {
  readonly task: string;
  readonly identical: boolean;
  readonly divergence?: ReplayDivergence;
  /** The replayed run's output, as the task's output is written (`{ plan, ran, outputs, replans }`). */
  readonly output: unknown;
  /** Checkpoint ids (`plan:<n>`, `step:<n>:<step id>`) the replay was answered from, in the order it asked. */
  readonly calls: readonly string[];
}

/** A recorded call the replay never asked: the replayed run took a shorter path than the task did. */
function unasked(recorded: ReadonlyMap<string, TaskStep>, calls: readonly string[]): ReplayDivergence | undefined {
  const asked = new Set(calls);
  const missed = [...recorded.keys()].find((callId) => !asked.has(callId));
  if (missed === undefined) return undefined;
  const step = planTaskIds.parsePlan(missed) ?? planTaskIds.parseStep(missed)?.replan ?? 0;
  return { step, field: missed, recorded: 'a call', replayed: undefined };
}

function outputDifference(recorded: unknown, replayed: unknown): ReplayDivergence | undefined {
  const difference = firstDifference(recorded, asRecorded(replayed), 'output');
  return difference === undefined
    ? undefined
    : { step: 0, field: difference.path, recorded: difference.recorded, replayed: difference.replayed };
}

/**
 * Replays a completed plan task from its checkpoints, offline — no model is asked, no tool or
 * sub-agent runs — through the same plan-and-execute loop the task ran (validation, waves,
 * re-plans), and checks it reaches the recorded output. Every planning call and step is answered
 * from its checkpoint after comparing what the replay asks (the planning call's failed step and
 * code; the step's tool and arguments) with what was recorded; a recorded failure fails the step
 * with its code again, so re-plans replay too. The replay publishes the `cerebrum.plan.created` /
 * `cerebrum.step.completed` events the task published, in the same order (a wave reports its
 * steps in plan order, however they completed). `divergence` names the first call (`step`: the
 * plan's re-plan number) and field that differ.
 *
 * @throws {@link CerebrumError} `CEREBRUM_TASK_UNSUITABLE` for a task that is not a completed plan task; `TASK_NOT_FOUND` for another principal's task.
 * @public
 */
export async function replayPlanTask(
  env: PlanRunEnvironment,
  tasks: Pick<TasksService, 'get' | 'steps'>,
  id: string,
  principal?: string,
): Promise<PlanTaskReplayReport> {
  const task = await tasks.get(id, principal);
  if (task.agent !== planTaskRunnerName || task.state !== 'completed')
    throw CerebrumError.create(
      'CEREBRUM_TASK_UNSUITABLE',
      { task: id, use: 'replayed as a plan', why: `it is not a completed plan task (it is a ${task.state} ${task.agent} task)` },
      { details: { task: id, state: task.state } },
    );
  const recorded = new Map((await tasks.steps(id, principal)).filter((step) => step.status === 'done').map((step) => [step.callId, step]));
  const calls: string[] = [];
  let divergence: ReplayDivergence | undefined;
  const replayed = <T>(callId: string, asked: unknown, step: number): T => {
    calls.push(callId);
    try {
      return answer(recorded, callId, asked, step) as T;
    } catch (error) {
      divergence ??= (error as CortexError).details as unknown as ReplayDivergence;
      throw error;
    }
  };
  let output: unknown;
  try {
    const execution = await runPlanRequest(parsePlanTaskInput(task.input), env, {
      caller: { transport: 'task', id: task.principal },
      principal: task.principal,
      durable: true,
      planning: async (call) => replayed<PlanCallOutput>(planTaskIds.plan(call.replan), call, call.replan),
      step: async (replan, step, args) => {
        const record = replayed<PlanStepRecord>(planTaskIds.step(replan, step.id), { tool: step.tool, arguments: args }, replan);
        if (!record.ok) throw new RecordedStepFailure(record.code);
        return record.output;
      },
      // A divergence ends the replay; a recorded failure is a failure to re-plan around, as it was.
      stopOn: (error) => CortexError.is(error, 'CEREBRUM_REPLAY_DIVERGED'),
    });
    output = planTaskOutput(execution);
  } catch (error) {
    // Anything else that stopped the replay (a plan no longer valid, re-plans exhausted earlier) left the recording too.
    divergence ??= unasked(recorded, calls) ?? {
      step: 0,
      field: 'error',
      recorded: undefined,
      replayed: CortexError.is(error) ? error.code : 'UNKNOWN',
    };
  }
  divergence ??= unasked(recorded, calls) ?? outputDifference(task.output, output);
  return { task: id, identical: divergence === undefined, ...(divergence === undefined ? {} : { divergence }), output, calls };
}
