// Deterministic replay of a durable agent task from its checkpoints in a real SQLite task store:
// offline in another runtime on the same file (no model asked, no tool run), and a changed agent
// reported at the first step and field that differ.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { createRuleCritic, critiqueTask, planTaskRunnerName, replayTask } from '@cortex-os/plugin-cerebrum';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { startForecaster, sunnyRun } from './forecasterKernel.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-replay-task-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('replayTask', () => {
  it('replays a recorded task offline in a new runtime, identically; a changed agent diverges at step 0', async () => {
    const file = join(dir, 'tasks.sqlite');
    const first = await startForecaster(file, sunnyRun);
    const { id } = await first.tasks.submit({ agent: 'forecaster', input: 'Weather in Oslo?', principal: 'ada' });
    expect((await first.tasks.settled(id)).state).toBe('completed');
    await first.kernel.stop();

    // A restart: a new runtime on the same file, with no model replies at all.
    const second = await startForecaster(file, []);
    onTestFinished(async () => {
      await second.kernel.stop();
    });
    const report = await replayTask(second.agents, second.tasks, id, 'ada');
    expect(report).toMatchObject({ task: id, identical: true, replayed: { model: 2, tools: 1 } });
    expect(report.result.output).toBe('Sunny in Oslo.');
    expect(report.result.runId).toBe(id); // the recorded run's id: an agent task's run id is its task id
    expect([second.counts.forecasts, second.model.requests.length]).toEqual([0, 0]);
    await expectCortexError(replayTask(second.agents, second.tasks, id, 'bob'), 'TASK_NOT_FOUND');

    // The agent's instructions changed since: its first request no longer matches the recording.
    const changed = await startForecaster(join(dir, 'tasks.sqlite'), [], 'Look it up, then cite the weather service by name.');
    onTestFinished(async () => {
      await changed.kernel.stop();
    });
    const diverged = await replayTask(changed.agents, changed.tasks, id);
    expect(diverged.identical).toBe(false);
    expect(diverged.divergence).toMatchObject({ step: 0 });
    expect(diverged.divergence?.field).toMatch(/^request\./);
    expect(changed.model.requests).toHaveLength(0);
  });

  it('refuses a task that is not a completed agent run', async () => {
    const runtime = await startForecaster(join(dir, 'other.sqlite'), []);
    onTestFinished(async () => {
      await runtime.kernel.stop();
    });
    const plan = await runtime.tasks.submit({ agent: planTaskRunnerName, input: 'g', principal: 'ada' });
    await expectCortexError(replayTask(runtime.agents, runtime.tasks, plan.id), 'CEREBRUM_TASK_UNSUITABLE');
  });

  it('critiques a finished task: its output against its goal', async () => {
    const runtime = await startForecaster(join(dir, 'critique.sqlite'), sunnyRun);
    onTestFinished(async () => {
      await runtime.kernel.stop();
    });
    const { id } = await runtime.tasks.submit({ agent: 'forecaster', input: 'Weather in Oslo?', principal: 'ada' });
    await runtime.tasks.settled(id);
    const names = createRuleCritic([
      { name: 'city', check: ({ goal, answer }) => (goal.includes('Oslo') && answer.includes('Oslo') ? undefined : 'name the city') },
      { name: 'umbrella', check: ({ answer }) => (answer.includes('umbrella') ? undefined : 'say whether to take an umbrella') },
    ]);
    const verdict = await critiqueTask(runtime.tasks, id, names, { principal: 'ada' });
    expect(verdict).toMatchObject({ task: id, goal: 'Weather in Oslo?', answer: 'Sunny in Oslo.', satisfied: false, score: 0.5 });
    expect(verdict.feedback).toEqual(['umbrella: say whether to take an umbrella']);
    const queued = await runtime.tasks.submit({ agent: 'forecaster', input: 'Weather in Bergen?', principal: 'ada' });
    await runtime.tasks.settled(queued.id);
    await expectCortexError(critiqueTask(runtime.tasks, queued.id, names), 'CEREBRUM_TASK_UNSUITABLE');
  });

  it('replays and time-travels through the cerebrum.replay and cerebrum.travel tools, as the caller', async () => {
    const runtime = await startForecaster(join(dir, 'tools.sqlite'), [...sunnyRun, { text: 'Storm: stay in.' }]);
    onTestFinished(async () => {
      await runtime.kernel.stop();
    });
    const { id } = await runtime.tasks.submit({ agent: 'forecaster', input: 'Weather in Oslo?', principal: 'ada' });
    await runtime.tasks.settled(id);
    const ada = { caller: { transport: 'rest', id: 'ada' } };
    const replayed = await runtime.kernel.tools.call('cerebrum.replay', { task: id }, ada);
    expect(replayed.structured).toEqual({ identical: true, replayed: { model: 2, tools: 1 }, status: 'completed' });
    await expectCortexError(
      runtime.kernel.tools.call('cerebrum.replay', { task: id }, { caller: { transport: 'rest', id: 'bob' } }),
      'TASK_NOT_FOUND',
    );
    const travel = await runtime.kernel.tools.call(
      'cerebrum.travel',
      { task: id, step: 0, overrides: [{ callId: 'w1', content: '{"sky":"storm"}' }] },
      ada,
    );
    const { taskId } = travel.structured as { taskId: string };
    expect(await runtime.tasks.settled(taskId)).toMatchObject({ principal: 'ada', state: 'completed', output: 'Storm: stay in.' });
    expect(runtime.counts.forecasts).toBe(1);
  });
});
