// A task that continued a conversation (`params.threadId`) replays identically after the thread
// has grown — its history is a checkpoint of the task (`cortex.thread.history`) — and neither its
// replay nor a time travel from it appends to the conversation: the next task on the thread is
// given exactly the turns of the tasks that ran. A real SQLite task store and a scripted model.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { startForecaster } from './forecasterKernel.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-threaded-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ada = { caller: { transport: 'rest', id: 'ada' } } as const;

describe('a task in a conversation, replayed and time-travelled', () => {
  it('replays from its recorded history and appends nothing to the conversation', async () => {
    const runtime = await startForecaster(join(dir, 'tasks.sqlite'), [
      { toolCalls: [{ id: 'w1', name: 'weather', arguments: { city: 'Oslo' } }] },
      { text: 'Sunny in Oslo.' },
      { toolCalls: [{ id: 'w2', name: 'weather', arguments: { city: 'Oslo' } }] },
      { text: 'Still sunny.' },
      { text: 'Stormy now.' },
      { text: 'Three days of weather.' },
    ]);
    onTestFinished(async () => {
      await runtime.kernel.stop();
    });
    const submit = async (input: string) => {
      const { id } = await runtime.tasks.submit({ agent: 'forecaster', input, principal: 'ada', params: { threadId: 'oslo' } });
      return runtime.tasks.settled(id);
    };
    await submit('Weather in Oslo?');
    const second = await submit('And tomorrow?');
    expect(second).toMatchObject({ state: 'completed', output: 'Still sunny.' });

    // The thread now holds both turns; the second task was given only the first, and replays so.
    const replayed = await runtime.kernel.tools.call('cerebrum.replay', { task: second.id }, ada);
    expect(replayed.structured).toMatchObject({ identical: true, status: 'completed' });
    const travel = await runtime.kernel.tools.call(
      'cerebrum.travel',
      { task: second.id, step: 0, overrides: [{ callId: 'w2', content: '{"sky":"storm"}' }] },
      ada,
    );
    const { taskId } = travel.structured as { taskId: string };
    expect(await runtime.tasks.settled(taskId, 'ada')).toMatchObject({ state: 'completed', output: 'Stormy now.' });

    await submit('And the day after?');
    const asked = runtime.model.requests.map((request) => request.messages.filter((m) => m.role === 'user').map((m) => String(m.content)));
    // The travelled run was given the second task's recorded history; the third task, the two real turns.
    expect(asked.at(-2)).toEqual(['Weather in Oslo?', 'And tomorrow?']);
    expect(asked.at(-1)).toEqual(['Weather in Oslo?', 'And tomorrow?', 'And the day after?']);
  });
});
