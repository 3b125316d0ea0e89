import { TaskState } from '@a2a-js/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { saveWaitsForDisk } from '../../src/store/saveWaitsForDisk.js';

const states = Object.values(TaskState).filter((s): s is TaskState => typeof s === 'number' && s >= 0);
const running = new Set<TaskState>([TaskState.TASK_STATE_SUBMITTED, TaskState.TASK_STATE_WORKING]);

describe('saveWaitsForDisk', () => {
  it('lets only a running task saved as working skip the disk sync (property, every pair of states)', () => {
    fc.assert(
      fc.property(fc.option(fc.constantFrom(...states), { nil: undefined }), fc.constantFrom(...states), (stored, next) => {
        const progress = stored !== undefined && running.has(stored) && next === TaskState.TASK_STATE_WORKING;
        expect(saveWaitsForDisk(stored, next)).toBe(!progress);
      }),
    );
  });

  it('waits for the first save of a task, whatever its state, and for every state a response depends on', () => {
    for (const next of states) expect(saveWaitsForDisk(undefined, next)).toBe(true);
    for (const next of [
      TaskState.TASK_STATE_SUBMITTED,
      TaskState.TASK_STATE_COMPLETED,
      TaskState.TASK_STATE_FAILED,
      TaskState.TASK_STATE_CANCELED,
      TaskState.TASK_STATE_INPUT_REQUIRED,
      TaskState.TASK_STATE_AUTH_REQUIRED,
      TaskState.TASK_STATE_REJECTED,
    ])
      expect(saveWaitsForDisk(TaskState.TASK_STATE_WORKING, next)).toBe(true);
    // A task the client is to answer (input required) runs again as `working` only after the client did: that save waits.
    expect(saveWaitsForDisk(TaskState.TASK_STATE_INPUT_REQUIRED, TaskState.TASK_STATE_WORKING)).toBe(true);
    expect(saveWaitsForDisk(TaskState.TASK_STATE_WORKING, TaskState.TASK_STATE_WORKING)).toBe(false);
    expect(saveWaitsForDisk(TaskState.TASK_STATE_SUBMITTED, TaskState.TASK_STATE_WORKING)).toBe(false);
  });
});
