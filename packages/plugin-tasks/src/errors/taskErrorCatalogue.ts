import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code that @cortex-os/plugin-tasks throws, with what it means and how to solve it.
 *
 * Codes are `TASK_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by `test/repo/errorCatalogues.test.ts`.
 * Retired codes: none yet.
 *
 * @public
 */
export const taskErrorCatalogue = defineErrorCatalogue('TASK', {
  TASK_NOT_FOUND: {
    kind: 'not-found',
    message: 'Unknown task "{task}".',
    description: 'No task with that id is in the store (it never existed, or retention pruned it).',
    solution: 'Check the id; list tasks to find it.',
  },
  TASK_STATE_CONFLICT: {
    kind: 'conflict',
    message: 'Task "{task}" is {state}; {action} needs it to be {expected}.',
    description:
      'An operation was asked of a task in a state that does not allow it (for example, input for a task that is not waiting for any).',
    solution: 'Read the task again and act on its current state.',
  },
  TASK_LEASE_LOST: {
    kind: 'conflict',
    message: 'Worker "{worker}" no longer holds the lease on task "{task}".',
    description:
      "A worker's lease expired and another worker took the task over; the first worker's writes are refused so no step is recorded twice.",
    solution: 'Stop working on the task; renew leases more often than they expire (`leaseMs`).',
  },
  TASK_CALL_IN_DOUBT: {
    kind: 'conflict',
    message: '{kind} call "{call}" was in flight when its worker stopped and is not idempotent',
    description:
      'A tool call that is neither idempotent (`idempotentHint`) nor read-only was running when its worker died; it may or may not have taken effect, so it is not run again on its own and the task waits in `input-required`.',
    solution: 'Check whether the call took effect, then settle it with `resolveCall` (its output, or `rerun: true`).',
  },
  TASK_EVENT_ID_INVALID: {
    kind: 'invalid-input',
    message: 'The event id "{id}" is not an id of a task event: a whole number, 0 or more.',
    description:
      'A task event stream was asked to resume after an event id (`Last-Event-ID`, or the `after` query) that is not one of the ids the stream gives (1, 2, 3… per task).',
    solution: 'Send back the `id:` of the last event received, unchanged, or 0 to start from the first event.',
  },
  TASK_INPUT_INVALID: {
    kind: 'invalid-input',
    message: 'The input of a task for "{tool}" is invalid: {problem}.',
    description:
      'A tool call to run as a durable task (an MCP task-augmented `tools/call`) did not carry `{ input: string }`, 1 to 100,000 characters; or an agent task was submitted with a `params.threadId` that is not 1 to 200 characters without control characters.',
    solution:
      "Send the agent tool's arguments as its input schema says: `{ input: 'the goal' }`; name a task's conversation with a short string (`params: { threadId: 'trip' }`).",
  },
  TASK_RUNNER_INVALID: {
    kind: 'invalid-input',
    message: 'The task runner "{runner}" {problem}.',
    description:
      'A task runner was registered under a name that is not dotted lowercase segments (agent names have no dot, so a runner never shadows an agent), or under a name another runner already has.',
    solution:
      'Name the runner after its plugin (`cerebrum.plan`), once per runtime; remove the old runner before registering another under its name.',
  },
  TASK_STORE_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'The task store could not be opened or written: {reason}',
    description:
      'The task store cannot be opened, read or written: its SQLite file (permissions, a full disk, a corrupt file) or its PostgreSQL database (unreachable, refused, a bad schema name).',
    solution:
      'For SQLite, check that the folder exists and is writable and that the disk has room; for PostgreSQL, check the URL, that the server is up and that the role may create the schema.',
  },
});

/**
 * An error code of @cortex-os/plugin-tasks.
 * @public
 */
export type TaskErrorCode = keyof typeof taskErrorCatalogue;
