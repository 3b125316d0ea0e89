import type { McpTaskQuestion, McpTaskReply } from '@cortex-os/plugin-mcp';
import type { TaskAnswer, TaskView } from '../service/TasksService.js';

/** A call a task waits on: an approval to decide, or a tool call in doubt after a crash. */
type PendingCall = TaskView['pending'][number];

/** The recorded question's tool and arguments, where it names them (agent runs do; a task runner's question may be anything). */
function describeCall(input: unknown): string {
  const { tool, input: args, arguments: text } = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (typeof tool !== 'string') return `to go on with ${JSON.stringify(input ?? null)}`;
  const shown = typeof text === 'string' ? text : JSON.stringify(args ?? {});
  return `to call the tool "${tool}" with ${shown}`;
}

/**
 * The form a pending call is put to the client's user as: an approval asks `approved`; a call in
 * doubt asks `rerun` and, when it is not to run again, the `output` it gave (recorded as its
 * result and fed to the task, never run).
 */
export function taskQuestion(taskId: string, pending: PendingCall): McpTaskQuestion {
  if (pending.kind === 'approval')
    return {
      message: `Task ${taskId} asks ${describeCall(pending.input)} (call ${pending.callId}). Approve it?`,
      requestedSchema: {
        type: 'object',
        properties: { approved: { type: 'boolean', title: 'Approve', description: 'Run the call; no tells the agent it was denied.' } },
        required: ['approved'],
      },
    };
  return {
    message:
      `Task ${taskId} was running call ${pending.callId} (${describeCall(pending.input)}) when its worker stopped: ` +
      'it may or may not have taken effect. Run it again?',
    requestedSchema: {
      type: 'object',
      properties: {
        rerun: { type: 'boolean', title: 'Run it again', description: 'Yes if it did not take effect.' },
        output: {
          type: 'string',
          title: 'Its result',
          description: 'If it took effect: what it returned, given to the task as its result.',
        },
      },
      required: ['rerun'],
    },
  };
}

/**
 * The task answer a reply gives, or undefined when it gives none (dismissed; a call in doubt
 * declined): the call then keeps waiting for an answer by other means. Declining an approval is
 * a denial.
 */
export function taskAnswerOf(pending: PendingCall, reply: McpTaskReply): TaskAnswer | undefined {
  if (reply.action === 'cancel') return undefined;
  const { callId } = pending;
  if (pending.kind === 'approval') return { callId, approved: reply.action === 'accept' && reply.content.approved === true };
  if (reply.action !== 'accept') return undefined;
  if (reply.content.rerun === true) return { callId, rerun: true };
  return { callId, output: typeof reply.content.output === 'string' ? reply.content.output : null };
}
