import type { RouterGenerateResult } from '@cortex-os/kernel/router';
import {
  type AgentApprovalRequest,
  type AgentJournalToolResult,
  type AgentRunJournal,
  type AgentsService,
  THREAD_HISTORY_CALL_ID,
} from '@cortex-os/plugin-agents';
import {
  agentJournalIds,
  journalAgentModelCall,
  journalAgentToolCall,
  type TaskRecord,
  type TaskRunner,
  type TaskRunnerContext,
  type TaskRunnerOutcome,
  type TasksService,
  type TaskStep,
} from '@cortex-os/plugin-tasks';
import { z } from 'zod';
import { describePlanTask } from '../durable/describePlanTask.js';
import { planTaskRunnerName } from '../durable/createPlanTaskRunner.js';
import { CerebrumError } from '../errors/CerebrumError.js';
import type { PlanRunEnvironment } from '../plugin/runPlanRequest.js';
import { recordedThreadId } from './recordedThreadId.js';
import { withoutThreadAppend } from './withoutThreadAppend.js';
import { firstDifference } from './firstDifference.js';
import { checkPlanTravel, runPlanTravel, travelInvalid as invalid } from './travelPlanTask.js';

/**
 * The name of time-travel tasks: a task whose `agent` is `cerebrum.travel` re-runs another task.
 * @public
 */
export const travelTaskRunnerName = 'cerebrum.travel';

const travelInputSchema = z.strictObject({
  input: z.string().min(1),
  agent: z.string().min(1),
  travelledFrom: z.strictObject({ task: z.string().min(1), step: z.int().min(0) }),
  overrides: z
    .array(z.strictObject({ callId: z.string().min(1), content: z.string(), outcome: z.enum(['succeeded', 'failed']).optional() }))
    .default([]),
  inputs: z.array(z.strictObject({ callId: z.string().min(1), arguments: z.string() })).default([]),
});

/** The input of a time-travel task, as {@link travelTask} writes it. */
type TravelInput = z.output<typeof travelInputSchema>;

/** The journal of a time-travel run: its past from the original's checkpoints (step k's tool results overridden), its future live; all of it checkpointed in the new task. */
function travelJournal(
  travel: TravelInput,
  original: ReadonlyMap<string, TaskStep>,
  context: TaskRunnerContext,
  waits: string[],
  stop: AbortController,
): AgentRunJournal {
  const { step: k } = travel.travelledFrom;
  const changed = (call: { readonly step: number; readonly callId: string }) =>
    call.step === k ? travel.inputs.find((input) => input.callId === call.callId) : undefined;
  return {
    toolInput: (call) => changed(call)?.arguments,
    async model(call, generate): Promise<RouterGenerateResult> {
      // Something waits for a person: the run stops before its next model call, as an agent task's does.
      if (waits.length > 0) stop.abort(new Error('The time-travel task waits for a person.'));
      stop.signal.throwIfAborted();
      const callId = agentJournalIds.model(call.step);
      const recorded = call.step <= k ? original.get(callId) : undefined;
      if (call.step <= k) {
        const difference =
          recorded === undefined
            ? { path: 'step', recorded: undefined, replayed: 'a model call' }
            : firstDifference(recorded.input, call.request, 'request');
        if (difference !== undefined)
          throw CerebrumError.create(
            'CEREBRUM_REPLAY_DIVERGED',
            { step: String(call.step), field: difference.path },
            { details: { step: call.step, field: difference.path, recorded: difference.recorded, replayed: difference.replayed } },
          );
      }
      const run = recorded === undefined ? generate : async () => recorded.output as RouterGenerateResult;
      const outcome = await journalAgentModelCall(context, call, run);
      if (outcome.status === 'in-doubt') throw new Error(outcome.reason); // model calls are idempotent: never in doubt
      return outcome.output;
    },
    async tool(call, execute): Promise<AgentJournalToolResult> {
      // A time travel's turn is another history than the original's conversation.
      const skipped = withoutThreadAppend(call);
      if (skipped !== undefined) return skipped;
      const callId = agentJournalIds.tool(call.step, call.callId);
      const override = call.step === k ? travel.overrides.find((candidate) => candidate.callId === call.callId) : undefined;
      // A call whose input changed runs live with it: its recorded result answered another input.
      const recorded = call.step <= k && changed(call) === undefined ? original.get(callId) : undefined;
      const past: AgentJournalToolResult | undefined =
        override !== undefined
          ? { outcome: override.outcome ?? 'succeeded', content: override.content }
          : (recorded?.output as AgentJournalToolResult | undefined);
      // The past is replayed, never run, so copying it is always safe (idempotent); a live call is
      // as safe to re-run as its tool says. Same checkpointing as an agent task's tool calls.
      if (past === undefined) return journalAgentToolCall(context, call, execute, { onInDoubt: (reason) => waits.push(reason) });
      const copy = { ...call, annotations: { ...call.annotations, idempotentHint: true } };
      return journalAgentToolCall(context, copy, async () => past, { onInDoubt: (reason) => waits.push(reason) });
    },
  };
}

/**
 * The approver of a time-travel run: a replayed step keeps the original's recorded decision; a
 * live step asks a person as an agent task does — the question is a checkpoint of the new task
 * (`approval:<step>:<call id>`), the run stops before its next model call, the task waits in
 * `input-required`, and `tasks.answer(id, { callId, approved })` decides it for the next attempt.
 */
function travelApprovals(travel: TravelInput, original: ReadonlyMap<string, TaskStep>, context: TaskRunnerContext, waits: string[]) {
  return async (request: AgentApprovalRequest): Promise<boolean> => {
    const callId = agentJournalIds.approval(request.step, request.callId);
    const { step: k } = travel.travelledFrom;
    const changed = request.step === k && travel.inputs.some((input) => input.callId === request.callId);
    if (request.step < k || (request.step === k && !changed))
      return (original.get(callId)?.output as { approved?: unknown } | undefined)?.approved === true;
    const question = { tool: request.tool, input: request.input, step: request.step, callId: request.callId };
    const answer = await context.ask(callId, question);
    if (answer.status === 'answered') return (answer.output as { approved?: unknown } | null)?.approved === true;
    waits.push(`tool "${request.tool}" (call ${callId}) waits for approval`);
    return false;
  };
}

/**
 * The task runner of time travel (`cerebrum.travel`): re-runs a recorded agent task from step k
 * as a new task linked to it — the original's model replies and tool results before step k are
 * replayed (no model is asked, no tool runs), step k's tool results are the overrides given (or
 * the recorded ones) and its calls with a changed input run live with it (through the run's
 * `toolInput` journal hook; a person approves them when the agent's policy says so), and from
 * step k + 1 the run is live. Every call, replayed or live, is a
 * checkpoint of the new task, so it resumes after a crash like any task; the original is never
 * written. A live call that needs approval asks a person through the task (it waits in
 * `input-required` until answered), as an agent task does. A replayed model call whose request differs from the recorded one (a changed agent or
 * tool) fails the task with `CEREBRUM_REPLAY_DIVERGED`. Submit one with {@link travelTask}.
 * @public
 */
export function createTravelTaskRunner(deps: {
  readonly agents: Pick<AgentsService, 'run'>;
  readonly tasks: Pick<TasksService, 'get' | 'steps'>;
  /** What plan tasks are planned and run with (the plugin's): time travel of a plan task re-runs its loop with it. */
  readonly plans?: PlanRunEnvironment | undefined;
}): TaskRunner {
  return {
    name: travelTaskRunnerName,
    async run(task: TaskRecord, context: TaskRunnerContext): Promise<TaskRunnerOutcome> {
      const parsed = travelInputSchema.safeParse(task.input);
      if (!parsed.success) throw invalid('the task input is not a time-travel request');
      const travel = parsed.data;
      const steps = await deps.tasks.steps(travel.travelledFrom.task, task.principal);
      if (travel.agent === planTaskRunnerName) {
        if (deps.plans === undefined) throw invalid('this runtime runs no plan tasks');
        const original = { task: await deps.tasks.get(travel.travelledFrom.task, task.principal), steps };
        return runPlanTravel(deps.plans, travel, task, original, context);
      }
      const original = new Map(steps.filter((step) => step.status === 'done').map((step) => [step.callId, step]));
      const waits: string[] = [];
      const stop = new AbortController();
      const onAbort = (): void => stop.abort(context.signal.reason);
      context.signal.addEventListener('abort', onAbort, { once: true });
      try {
        const history = original.get(agentJournalIds.tool(0, THREAD_HISTORY_CALL_ID))?.input as { arguments?: string } | undefined;
        const threadId = recordedThreadId(history?.arguments);
        const result = await deps.agents.run(travel.agent, {
          input: travel.input,
          runId: task.id,
          principal: task.principal,
          ...(threadId === undefined ? {} : { threadId }),
          signal: stop.signal,
          journal: travelJournal(travel, original, context, waits, stop),
          approve: travelApprovals(travel, original, context, waits),
        });
        if (waits.length > 0) return { state: 'input-required', reason: waits.join('; ') };
        if (result.status === 'completed') return { state: 'completed', output: result.output ?? null };
        const detail = result.error === undefined ? '' : ` (${result.error.code})`;
        return { state: 'failed', reason: `the run ended ${result.status}: ${result.reason}${detail}` };
      } finally {
        context.signal.removeEventListener('abort', onAbort);
      }
    },
    accept: (input) => {
      if (!travelInputSchema.safeParse(input).success) throw invalid('the task input is not a time-travel request');
    },
    describe: (task, steps) => {
      const parsed = travelInputSchema.safeParse(task.input);
      return parsed.success
        ? {
            kind: travelTaskRunnerName,
            travelledFrom: parsed.data.travelledFrom,
            overrides: parsed.data.overrides.map((o) => o.callId),
            ...(parsed.data.inputs.length === 0 ? {} : { inputs: parsed.data.inputs.map((input) => input.callId) }),
            // A plan task's travel holds a plan task's checkpoints: the same view of its plan and steps.
            ...(parsed.data.agent === planTaskRunnerName ? { plan: describePlanTask(task, steps) } : {}),
          }
        : undefined;
    },
  };
}

/**
 * Time travel as a task: submits a `cerebrum.travel` task that re-runs agent task `task` from
 * `step` with the tool results of that step's calls (`callId`: the model's call id) replaced, or
 * their inputs (`inputs`: those calls run live with the new input), as
 * `principal` (who must own the original). Returns the new task, linked to the original in its
 * input and in `detail.travelledFrom`. For a plan task, `step` is the k-th step it ran (waves in
 * plan order, re-plans included) and one change names that step by its id: an override's
 * `content` is its output as JSON (or, with `outcome: 'failed'`, the error code it fails with),
 * an input its arguments; planning calls and steps before k are copied, the rest run live.
 *
 * @throws {@link CerebrumError} `CEREBRUM_TRAVEL_INVALID` when the original is not an agent or
 * plan task that recorded that step, or the change does not fit it; `TASK_NOT_FOUND` for another principal's task.
 * @public
 */
export async function travelTask(
  tasks: Pick<TasksService, 'get' | 'steps' | 'submit'>,
  request: {
    readonly task: string;
    readonly step: number;
    readonly overrides?: readonly {
      readonly callId: string;
      readonly content: string;
      readonly outcome?: 'succeeded' | 'failed' | undefined;
    }[];
    /** Tool call inputs of that step to use instead of the model's (by its call id): those calls run live with them. */
    readonly inputs?: readonly { readonly callId: string; readonly input: unknown }[];
    readonly principal: string;
  },
): Promise<TaskRecord> {
  const original = await tasks.get(request.task, request.principal);
  const input = (original.input as { input?: unknown } | null)?.input;
  const plan = original.agent === planTaskRunnerName;
  if ((original.agent.includes('.') && !plan) || typeof input !== 'string')
    throw invalid(`task "${request.task}" is neither an agent run nor a plan task`);
  const steps = await tasks.steps(request.task, request.principal);
  const travelledFrom = { task: request.task, step: request.step };
  if (plan) {
    const inputs = (request.inputs ?? []).map(({ callId, input: value }) => ({ callId, arguments: JSON.stringify(value) }));
    checkPlanTravel(original, steps, { overrides: request.overrides ?? [], inputs }, request.step);
    const params = { agent: planTaskRunnerName, travelledFrom, overrides: request.overrides ?? [], inputs };
    return tasks.submit({ agent: travelTaskRunnerName, input, params, principal: request.principal });
  }
  if (!steps.some((step) => step.callId === `model:${request.step}` && step.status === 'done'))
    throw invalid(`task "${request.task}" has no recorded step ${request.step}`);
  const inputs = (request.inputs ?? []).map(({ callId, input: value }) => {
    if (!steps.some((step) => step.callId === `tool:${request.step}:${callId}`))
      throw invalid(`task "${request.task}" recorded no tool call "${callId}" at step ${request.step}`);
    return { callId, arguments: JSON.stringify(value) };
  });
  return tasks.submit({
    agent: travelTaskRunnerName,
    input,
    params: { agent: original.agent, travelledFrom, overrides: request.overrides ?? [], inputs },
    principal: request.principal,
  });
}
