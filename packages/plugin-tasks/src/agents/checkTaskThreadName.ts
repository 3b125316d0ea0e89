import { TaskError } from '../errors/TaskError.js';

/** Longest thread name a task's `params.threadId` may give. */
const MAX_THREAD_NAME = 200;
// biome-ignore lint/suspicious/noControlCharactersInRegex: thread names refuse control characters, as memory tags do
const CONTROL_CHARACTER = /[\u0000-\u001f]/;

/**
 * Checks an agent task's `threadId` (from `params`) before the task is stored.
 * @throws {@link TaskError} `TASK_INPUT_INVALID` naming the field.
 */
export function checkTaskThreadName(agent: string, threadId: unknown): void {
  if (threadId === undefined) return;
  const usable =
    typeof threadId === 'string' && threadId.length >= 1 && threadId.length <= MAX_THREAD_NAME && !CONTROL_CHARACTER.test(threadId);
  if (usable) return;
  const problem = `params.threadId must be 1 to ${MAX_THREAD_NAME} characters without control characters`;
  throw new TaskError('TASK_INPUT_INVALID', `The input of a task for "${agent}" is invalid: ${problem}.`, {
    details: { tool: agent, field: 'params.threadId' },
  });
}
