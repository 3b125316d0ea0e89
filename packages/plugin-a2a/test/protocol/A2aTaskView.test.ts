import { foldA2aEvent, readA2aResult } from '@cortex-os/plugin-a2a';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const v1Task = {
  id: 't-1',
  contextId: 'c-1',
  status: { state: 'TASK_STATE_INPUT_REQUIRED', message: { messageId: 'm', role: 'ROLE_AGENT', parts: [{ text: 'Which city?' }] } },
  artifacts: [],
};

describe('readA2aResult', () => {
  it('reads v1.0 results ({ task } / { message }) and 0.3 ones (bare, with kind) alike', () => {
    expect(readA2aResult('a', { task: v1Task })).toEqual({
      taskId: 't-1',
      contextId: 'c-1',
      state: 'input-required',
      text: 'Which city?',
      data: [],
    });
    expect(
      readA2aResult('a', {
        kind: 'task',
        id: 't-2',
        contextId: 'c-2',
        status: { state: 'completed' },
        artifacts: [
          {
            artifactId: 'x',
            parts: [
              { kind: 'text', text: 'Sunny.' },
              { kind: 'data', data: { c: 21 } },
            ],
          },
        ],
      }),
    ).toEqual({ taskId: 't-2', contextId: 'c-2', state: 'completed', text: 'Sunny.', data: [{ c: 21 }] });
    expect(readA2aResult('a', { message: { messageId: 'm', contextId: 'c', parts: [{ text: 'Hi' }] } })).toMatchObject({
      state: 'completed',
      text: 'Hi',
      taskId: '',
    });
    expect(readA2aResult('a', { kind: 'message', messageId: 'm', parts: [{ kind: 'text', text: 'Hi' }] })).toMatchObject({ text: 'Hi' });
  });

  it('never crashes on arbitrary JSON: a view or A2A_REMOTE_FAILED', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          expect(typeof readA2aResult('a', value).state).toBe('string');
        } catch (error) {
          expect((error as { code?: string }).code).toBe('A2A_REMOTE_FAILED');
        }
      }),
      { seed: 2121, numRuns: 300 },
    );
  });
});

describe('foldA2aEvent', () => {
  it('folds a v1.0 stream: the task, progress that is not the answer, the artifact, the final state', () => {
    const events = [
      { task: { id: 't', contextId: 'c', status: { state: 'TASK_STATE_SUBMITTED' } } },
      {
        statusUpdate: {
          taskId: 't',
          contextId: 'c',
          status: { state: 'TASK_STATE_WORKING', message: { messageId: 'p', parts: [{ text: 'thinking' }] } },
        },
      },
      { artifactUpdate: { taskId: 't', contextId: 'c', artifact: { artifactId: 'a', parts: [{ text: 'Sunny.' }] } } },
      {
        statusUpdate: {
          taskId: 't',
          contextId: 'c',
          status: { state: 'TASK_STATE_COMPLETED', message: { messageId: 'f', parts: [{ text: 'Done' }] } },
        },
      },
    ];
    const states: string[] = [];
    let view: ReturnType<typeof foldA2aEvent> | undefined;
    for (const event of events) {
      view = foldA2aEvent('a', view, event);
      states.push(view.state);
    }
    expect(states).toEqual(['submitted', 'working', 'working', 'completed']);
    expect(view).toEqual({ taskId: 't', contextId: 'c', state: 'completed', text: 'Sunny.', data: [] });
  });

  it('folds a 0.3 stream, and a failed task’s status message becomes its text', () => {
    let view = foldA2aEvent('a', undefined, { kind: 'task', id: 't', contextId: 'c', status: { state: 'submitted' } });
    view = foldA2aEvent('a', view, {
      kind: 'status-update',
      taskId: 't',
      contextId: 'c',
      status: { state: 'failed', message: { kind: 'message', messageId: 'f', parts: [{ kind: 'text', text: 'No quota.' }] } },
    });
    expect(view).toEqual({ taskId: 't', contextId: 'c', state: 'failed', text: 'No quota.', data: [] });
  });

  it('never crashes on arbitrary events: a view or A2A_REMOTE_FAILED', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), (events) => {
        let view: ReturnType<typeof foldA2aEvent> | undefined;
        try {
          for (const event of events) view = foldA2aEvent('a', view, event);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('A2A_REMOTE_FAILED');
        }
      }),
      { seed: 2122, numRuns: 300 },
    );
  });
});
