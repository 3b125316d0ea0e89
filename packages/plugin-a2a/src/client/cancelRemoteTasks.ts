import type { A2aJsonRpcClient } from '../protocol/A2aJsonRpcClient.js';

/** What a call left running on the remote side, as far as the caller knows it. */
export interface RemoteTaskTrace {
  /** The remote task's id, once an event named it (streaming calls). */
  taskId?: string;
  /** The context the message was sent in and its id: how a blocking call's task is found (v1.0 `ListTasks`). */
  readonly contextId: string;
  readonly messageId: string;
}

/** The states of a task that may still run (or wait): only those are worth canceling. */
const live = new Set([
  'submitted',
  'working',
  'input-required',
  'auth-required',
  'TASK_STATE_SUBMITTED',
  'TASK_STATE_WORKING',
  'TASK_STATE_INPUT_REQUIRED',
  'TASK_STATE_AUTH_REQUIRED',
]);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The ids of the still-live tasks our message started in its context (v1.0 `ListTasks` with
 * history): a blocking `SendMessage` that was aborted never told us its task id.
 */
async function findOwnTasks(client: A2aJsonRpcClient, trace: RemoteTaskTrace, signal: AbortSignal): Promise<string[]> {
  const listed = await client.call('ListTasks', { contextId: trace.contextId, historyLength: 100, pageSize: 100 }, '', { signal });
  const tasks = isObject(listed) && Array.isArray(listed.tasks) ? listed.tasks.filter(isObject) : [];
  return tasks
    .filter((task) => isObject(task.status) && live.has(String(task.status.state)))
    .filter((task) => Array.isArray(task.history) && task.history.some((m) => isObject(m) && m.messageId === trace.messageId))
    .flatMap((task) => (typeof task.id === 'string' ? [task.id] : []));
}

/**
 * Asks the remote agent to cancel what an abandoned call started (A2A `CancelTask`), so that a
 * task whose caller timed out or went away does not run on. Best effort and bounded by
 * `timeoutMs`: a task that already ended answers TaskNotCancelable, an unreachable agent nothing;
 * neither changes the caller's error. Returns the ids of the tasks the remote agent canceled.
 */
export async function cancelRemoteTasks(
  client: A2aJsonRpcClient,
  version: string,
  trace: RemoteTaskTrace,
  timeoutMs: number,
): Promise<readonly string[]> {
  const signal = AbortSignal.timeout(timeoutMs);
  const canceled: string[] = [];
  try {
    // 0.3 has no ListTasks: a blocking call over 0.3 cannot find its task (streaming calls name it at once).
    const ids = trace.taskId !== undefined ? [trace.taskId] : version === '0.3' ? [] : await findOwnTasks(client, trace, signal);
    for (const id of ids) {
      try {
        await client.call('CancelTask', { id }, id, { signal });
        canceled.push(id);
      } catch {
        // Already finished, or the agent refuses: nothing more a client can do.
      }
    }
  } catch {
    // ListTasks failed or the bound passed: the remote task, if any, is left to the remote agent.
  }
  return canceled;
}
