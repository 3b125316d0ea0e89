// Time travel as a linked task: an agent task recorded in a real SQLite task store is re-run
// from step 0 with a tool result overridden, as a new task — the past replayed from the
// original's checkpoints (counted at the tool and the scripted model), the future live.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { travelTask, travelTaskRunnerName } from '@cortex-os/plugin-cerebrum';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { startForecaster, sunnyRun } from './forecasterKernel.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-travel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('time travel as a linked task', () => {
  it('replays the original before the step, overrides its tool result, goes on live, and records it all in a new task', async () => {
    const { kernel, model, counts, tasks } = await startForecaster(join(dir, 'tasks.sqlite'), [
      ...sunnyRun,
      { text: 'A storm in Oslo: stay in.' },
    ]);
    onTestFinished(async () => {
      await kernel.stop();
    });
    const original = await tasks.submit({ agent: 'forecaster', input: 'Weather in Oslo?', principal: 'ada' });
    expect((await tasks.settled(original.id)).output).toBe('Sunny in Oslo.');
    expect([counts.forecasts, model.requests.length]).toEqual([1, 2]);

    const travel = await travelTask(tasks, {
      task: original.id,
      step: 0,
      overrides: [{ callId: 'w1', content: '{"city":"Oslo","sky":"storm"}' }],
      principal: 'ada',
    });
    const done = await tasks.settled(travel.id);
    expect(done).toMatchObject({ agent: travelTaskRunnerName, state: 'completed', output: 'A storm in Oslo: stay in.' });
    expect(done.detail).toEqual({ kind: travelTaskRunnerName, travelledFrom: { task: original.id, step: 0 }, overrides: ['w1'] });
    // Step 0 was replayed (no model call, no forecast); step 1 asked the model, which saw the overridden result.
    expect([counts.forecasts, model.requests.length]).toEqual([1, 3]);
    expect(JSON.stringify(model.requests[2]?.messages)).toContain('storm');
    const steps = await tasks.steps(travel.id);
    expect(steps.map((step) => [step.callId, step.status])).toEqual([
      ['model:0', 'done'],
      ['tool:0:w1', 'done'],
      ['model:1', 'done'],
    ]);
    // The original is untouched.
    expect((await tasks.steps(original.id)).map((step) => step.callId)).toEqual(['model:0', 'tool:0:w1', 'model:1']);

    await expectCortexError(travelTask(tasks, { task: original.id, step: 5, principal: 'ada' }), 'CEREBRUM_TRAVEL_INVALID');
    await expectCortexError(travelTask(tasks, { task: original.id, step: 0, principal: 'bob' }), 'TASK_NOT_FOUND');
  });

  it('changes a tool call’s input at step k: the branch calls the real tool with it, the past replays, the original is untouched', async () => {
    const { kernel, model, counts, tasks } = await startForecaster(join(dir, 'input.sqlite'), [
      { toolCalls: [{ id: 'm1', name: 'weather', arguments: { city: 'Paris' } }] },
      ...sunnyRun,
      { text: 'Sunny in Bergen too.' },
      { text: 'Sunny in Tromsø too.' },
    ]);
    onTestFinished(async () => {
      await kernel.stop();
    });
    const original = await tasks.submit({ agent: 'forecaster', input: 'Weather in Paris, then Oslo?', principal: 'ada' });
    expect((await tasks.settled(original.id)).output).toBe('Sunny in Oslo.');
    const before = await tasks.steps(original.id);
    expect(counts.cities).toEqual(['Paris', 'Oslo']);

    const travel = await travelTask(tasks, {
      task: original.id,
      step: 1,
      inputs: [{ callId: 'w1', input: { city: 'Bergen' } }],
      principal: 'ada',
    });
    const done = await tasks.settled(travel.id);
    expect(done).toMatchObject({ state: 'completed', output: 'Sunny in Bergen too.' });
    expect(done.detail).toEqual({
      kind: travelTaskRunnerName,
      travelledFrom: { task: original.id, step: 1 },
      overrides: [],
      inputs: ['w1'],
    });
    // Steps 0 and 1 were replayed (no model call; Paris not looked up again); the changed call ran live with Bergen.
    expect(counts.cities).toEqual(['Paris', 'Oslo', 'Bergen']);
    expect(model.requests).toHaveLength(4);
    expect(JSON.stringify(model.requests[3]?.messages)).toContain('Bergen');
    const steps = await tasks.steps(travel.id);
    expect(steps.map((step) => [step.callId, step.status])).toEqual([
      ['model:0', 'done'],
      ['tool:0:m1', 'done'],
      ['model:1', 'done'],
      ['tool:1:w1', 'done'],
      ['model:2', 'done'],
    ]);
    expect(steps[3]).toMatchObject({ input: { tool: 'weather', arguments: '{"city":"Bergen"}' }, output: { outcome: 'succeeded' } });
    expect(steps[3]?.output).toMatchObject({ content: expect.stringContaining('Bergen') });
    // The original is untouched.
    expect(await tasks.steps(original.id)).toEqual(before);

    await expectCortexError(
      travelTask(tasks, { task: original.id, step: 1, inputs: [{ callId: 'zz', input: {} }], principal: 'ada' }),
      'CEREBRUM_TRAVEL_INVALID',
    );

    // The same through the plugin's tool (REST and MCP reach it alike), for the original's owner.
    const viaTool = await kernel.tools.call(
      'cerebrum.travel',
      { task: original.id, step: 1, inputs: [{ callId: 'w1', input: { city: 'Tromsø' } }] },
      { caller: { transport: 'in-process', id: 'ada' } },
    );
    const second = await tasks.settled((viaTool.structured as { taskId: string }).taskId);
    expect(second.detail).toMatchObject({ travelledFrom: { task: original.id, step: 1 }, inputs: ['w1'] });
    expect(counts.cities.at(-1)).toBe('Tromsø');
  });

  it('asks a person for a live call that needs approval — the task waits, and resumes once answered', async () => {
    const { kernel, model, counts, tasks } = await startForecaster(join(dir, 'approval.sqlite'), [
      ...sunnyRun,
      { toolCalls: [{ id: 'a1', name: 'alert.send', arguments: { text: 'Storm in Oslo' } }] },
      { text: 'Storm alert sent.' },
    ]);
    onTestFinished(async () => {
      await kernel.stop();
    });
    const original = await tasks.submit({ agent: 'forecaster', input: 'Weather in Oslo?', principal: 'ada' });
    await tasks.settled(original.id);
    const travel = await travelTask(tasks, {
      task: original.id,
      step: 0,
      overrides: [{ callId: 'w1', content: '{"city":"Oslo","sky":"storm"}' }],
      principal: 'ada',
    });
    const waiting = await tasks.settled(travel.id);
    expect(waiting).toMatchObject({ state: 'input-required' });
    expect(waiting.pending).toEqual([
      { callId: 'approval:1:a1', kind: 'approval', input: { tool: 'alert.send', input: { text: 'Storm in Oslo' }, step: 1, callId: 'a1' } },
    ]);
    expect(counts.alerts).toBe(0);

    // The normal answer path: the same call tasks.answer (and POST /tasks/:id/input) makes for an agent task.
    await tasks.answer(travel.id, { callId: 'approval:1:a1', approved: true }, 'ada');
    const done = await tasks.settled(travel.id);
    expect(done).toMatchObject({ state: 'completed', output: 'Storm alert sent.' });
    expect(counts.alerts).toBe(1);
    // Nothing before the answer was asked twice: the original's two replies, then the travel's model:1 and model:2 once each.
    expect(model.requests).toHaveLength(4);
    expect((await tasks.steps(travel.id)).map((step) => [step.callId, step.status])).toEqual([
      ['model:0', 'done'],
      ['tool:0:w1', 'done'],
      ['model:1', 'done'],
      ['approval:1:a1', 'done'],
      [expect.stringMatching(/^input-/), 'done'], // the person's answer, as the store records every answer
      ['tool:1:a1', 'done'],
      ['model:2', 'done'],
    ]);
  });
});
