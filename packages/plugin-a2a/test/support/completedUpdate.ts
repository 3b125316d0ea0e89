import { type StreamResponse, TaskState } from '@a2a-js/sdk';

/** A `completed` status update of task `t-1`, as the SDK hands it to a push notification sender. */
export const completedUpdate: StreamResponse = {
  payload: {
    $case: 'statusUpdate',
    value: {
      taskId: 't-1',
      contextId: 'c-1',
      status: { state: TaskState.TASK_STATE_COMPLETED, message: undefined, timestamp: undefined },
      metadata: undefined,
    },
  },
};
