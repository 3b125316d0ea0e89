import { Role } from '@a2a-js/sdk';
import { type A2ARequestHandler, ServerCallContext, type User } from '@a2a-js/sdk/server';
import type { UnfinishedA2aTask } from '../store/SqliteA2aTaskStore.js';

/** The owner the SDK's default resolver names for a call without a user. */
const ANONYMOUS_OWNER = 'unknown';

/** A user whose name the owner resolver maps back to `owner`, so the resumed run reads and writes the same scope. */
function ownerAsUser(owner: string): User {
  return { isAuthenticated: owner !== ANONYMOUS_OWNER, userName: owner === ANONYMOUS_OWNER ? '' : owner };
}

/**
 * Starts again every task a previous process left unfinished (it crashed or was killed mid-run):
 * the task's first user message is sent to the task once more, so the executor runs the agent
 * again from that input, and a client that subscribes to the task (`SubscribeToTask`) follows
 * the new run to its final state.
 *
 * @remarks
 * The run starts over from the original input (recorded in the task's history); the resume
 * message joins the history with `metadata.resumedFrom` naming the original message. A task
 * whose history holds no user message cannot be resumed and is left as it is. A task the
 * handler refuses is reported to `onError` and the others still resume, so one bad row never
 * fails the runtime's start. Returns the ids of the tasks resumed.
 */
export async function resumeUnfinishedTasks(
  requestHandler: A2ARequestHandler,
  unfinished: readonly UnfinishedA2aTask[],
  onError: (taskId: string, error: unknown) => void = () => undefined,
): Promise<readonly string[]> {
  const resumed: string[] = [];
  for (const { task, tenant, owner } of unfinished) {
    const original = task.history.find((message) => message.role === Role.ROLE_USER);
    if (original === undefined) continue;
    const context = new ServerCallContext({ user: ownerAsUser(owner), ...(tenant === '' ? {} : { tenant }) });
    try {
      await requestHandler.sendMessage(
        {
          tenant,
          message: {
            ...original,
            messageId: crypto.randomUUID(),
            taskId: task.id,
            contextId: task.contextId,
            metadata: { ...original.metadata, resumedFrom: original.messageId },
          },
          configuration: { acceptedOutputModes: [], taskPushNotificationConfig: undefined, returnImmediately: true },
          metadata: undefined,
        },
        context,
      );
      resumed.push(task.id);
    } catch (error) {
      onError(task.id, error);
    }
  }
  return resumed;
}
