import type { RouterGenerateResult } from '@cortex-os/kernel/router';
import { type AgentJournalToolResult, type AgentRunStep, type AgentsService, THREAD_HISTORY_CALL_ID } from '@cortex-os/plugin-agents';
import type { TasksService, TaskStep } from '@cortex-os/plugin-tasks';
import { CerebrumError } from '../errors/CerebrumError.js';
import { createReplayJournal } from './createReplayJournal.js';
import { firstDifference } from './firstDifference.js';
import { recordedThreadId } from './recordedThreadId.js';
import type { ReplayReport } from './replayAgentRun.js';

const MODEL = /^model:(\d+)$/;
const TOOL = /^tool:(\d+):(.+)$/;

/**
 * The steps of an agent task as the replay journal reads them, from its checkpoints: each model
 * call's request summary and reply, each tool call's name, arguments and result, and whether a
 * person approved it. Only the fields a replay compares and answers with are filled.
 */
function stepsOfTask(checkpoints: readonly TaskStep[]): AgentRunStep[] {
  const done = checkpoints.filter((step) => step.status === 'done');
  const approvals = new Map(done.filter((step) => step.kind === 'approval').map((step) => [step.callId, step.output]));
  const steps: AgentRunStep[] = [];
  for (const checkpoint of done) {
    const model = MODEL.exec(checkpoint.callId);
    if (model !== null) {
      const reply = checkpoint.output as RouterGenerateResult;
      const index = Number(model[1]);
      steps[index] = {
        request: checkpoint.input,
        reply: { ...reply, toolCalls: reply.toolCalls ?? [] },
        // The loop's own calls of a step come before its model call (the memory recall, `tool:0:cortex.memory.recall`): keep them.
        toolCalls: steps[index]?.toolCalls ?? [],
      } as unknown as AgentRunStep;
    }
    const tool = TOOL.exec(checkpoint.callId);
    // An external agent's run is one tool call with no model call before it (`tool:0:cortex.external.run`).
    if (tool !== null) steps[Number(tool[1])] ??= { toolCalls: [] } as unknown as AgentRunStep;
    const step = tool === null ? undefined : steps[Number(tool[1])];
    if (tool !== null && step !== undefined) {
      const input = checkpoint.input as { tool: string; arguments: string };
      const approved = (approvals.get(`approval:${tool[1]}:${tool[2]}`) as { approved?: unknown } | undefined)?.approved;
      const record = {
        ...(checkpoint.output as AgentJournalToolResult),
        callId: tool[2],
        tool: input.tool,
        arguments: input.arguments,
        approval: approved === undefined ? 'not-needed' : approved === true ? 'granted' : 'denied',
      };
      (step.toolCalls as unknown[]).push(record);
    }
  }
  return steps;
}

/**
 * Replays a finished agent task from its checkpoints in the task store, offline — no model is
 * asked, no tool runs, an external agent (a remote A2A agent, say) is not called again — in any
 * process that opens the store, and checks the replayed run reaches
 * the recorded output. A changed agent, tool or loop is reported as the first step and field that
 * differ (`divergence`), as {@link replayAgentRun} does for a run result: "this task must still replay".
 *
 * @throws {@link CerebrumError} `CEREBRUM_TASK_UNSUITABLE` for a task that is not a completed agent run; `TASK_NOT_FOUND` for another principal's task.
 * @public
 */
export async function replayTask(
  agents: Pick<AgentsService, 'run'>,
  tasks: Pick<TasksService, 'get' | 'steps'>,
  id: string,
  principal?: string,
): Promise<ReplayReport & { readonly task: string }> {
  const task = await tasks.get(id, principal);
  const input = (task.input as { input?: unknown } | null)?.input;
  if (task.agent.includes('.') || typeof input !== 'string' || task.state !== 'completed')
    throw CerebrumError.create(
      'CEREBRUM_TASK_UNSUITABLE',
      { task: id, use: 'replayed', why: `it is not a completed agent run (it is ${task.state})` },
      { details: { task: id, state: task.state } },
    );
  const steps = stepsOfTask(await tasks.steps(id, principal));
  const journal = createReplayJournal(steps);
  const approve = (request: { readonly step: number; readonly callId: string }) =>
    Promise.resolve(steps[request.step]?.toolCalls.find((call) => call.callId === request.callId)?.approval !== 'denied');
  // An agent task's run id is its task id: the replay runs under it, so it shows the recorded ids.
  const threadId = recordedThreadId(steps[0]?.toolCalls.find((call) => call.callId === THREAD_HISTORY_CALL_ID)?.arguments);
  const result = await agents.run(task.agent, {
    input,
    runId: task.id,
    principal: task.principal,
    ...(threadId === undefined ? {} : { threadId }),
    journal,
    approve,
  });
  const difference = journal.divergence === undefined ? firstDifference(task.output, result.output ?? null, 'output') : undefined;
  const divergence =
    journal.divergence ??
    (difference === undefined
      ? undefined
      : {
          step: Math.max(0, result.steps.length - 1),
          field: difference.path,
          recorded: difference.recorded,
          replayed: difference.replayed,
        });
  return {
    task: id,
    result,
    identical: divergence === undefined,
    ...(divergence === undefined ? {} : { divergence }),
    replayed: journal.replayed,
  };
}
