import { TaskState } from '@a2a-js/sdk';

/**
 * Whether saving a task in state `next` must reach the disk before `save` resolves, given the
 * state its row holds (`undefined`: no row yet).
 *
 * Only a running task's progress may skip the wait: a save that keeps a task `submitted` or
 * `working` as `working` tells its caller nothing a response depends on (a non-blocking
 * `SendMessage` answers with the first save, a blocking one with the final one, and an
 * interrupted state waits for the client). Such a save commits in WAL mode without the disk sync
 * (a crash of the process loses nothing; a power loss can take back that progress, which the
 * restarted server runs again as unfinished), and the next save that waits syncs the log with
 * everything before it. The first save of a task, and every other state, waits.
 */
export function saveWaitsForDisk(stored: TaskState | undefined, next: TaskState): boolean {
  const running = stored === TaskState.TASK_STATE_SUBMITTED || stored === TaskState.TASK_STATE_WORKING;
  return !(running && next === TaskState.TASK_STATE_WORKING);
}
