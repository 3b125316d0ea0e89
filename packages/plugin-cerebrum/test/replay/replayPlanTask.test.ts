// Deterministic replay of a whole plan task: a task that planned, ran a wave of two steps at once,
// re-planned around the failing one and finished is replayed from its SQLite checkpoints in a new
// kernel (a restart) — no model asked, no tool run — reaching the identical output, publishing the
// identical events in the identical order, and answered by the identical checkpoint ids.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventRecorder, expectCortexError } from '@cortex-os/kernel/testing';
import { type PlanRunEnvironment, planTaskRunnerName, replayPlanTask } from '@cortex-os/plugin-cerebrum';
import { tasksServiceToken } from '@cortex-os/plugin-tasks';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { archivePlan, mirrorPlan, replanTools, startCerebrumKernel } from '../durable/planTaskKernel.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-plan-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tools = replanTools;
const first = mirrorPlan;
const second = archivePlan;

async function kernelOn(file: string, options: Parameters<typeof startCerebrumKernel>[2] = {}, script = [first, second]) {
  const started = await startCerebrumKernel(file, script, options);
  onTestFinished(async () => {
    await started.kernel.stop();
  });
  return started;
}

/** The plugin's plan environment, as its tools use it: the replay runs the same loop with it. */
function envOf(kernel: Awaited<ReturnType<typeof kernelOn>>['kernel']): PlanRunEnvironment {
  return {
    registry: kernel.tools,
    planner: { model: { generate: () => Promise.reject(new Error('no model in a replay')) } },
    maxReplans: 2,
    events: kernel.events,
  };
}

const eventsOf = (recorder: { events: readonly { type: string; data: unknown }[] }) =>
  recorder.events.map((event) => [event.type, event.data]);

describe('replayPlanTask', () => {
  it('replays a plan task after a restart: identical output, events and checkpoint ids, offline', async () => {
    const file = join(dir, 'tasks.sqlite');
    const live = await kernelOn(file);
    const recorded = createEventRecorder(live.kernel.events, 'cerebrum.*');
    const tasks = live.kernel.get(tasksServiceToken);
    const { id } = await tasks.submit({
      agent: planTaskRunnerName,
      input: 'Save a note about otters',
      params: { tools },
      principal: 'ada',
    });
    const original = await tasks.settled(id);
    expect(original.state).toBe('completed');
    expect(live.counts).toEqual({ 'page.fetch': 1, 'mirror.fetch': 1, 'archive.fetch': 1, 'notes.write': 1 });
    const checkpoints = (await tasks.steps(id)).map((step) => step.callId);
    const liveEvents = eventsOf(recorded);
    recorded[Symbol.dispose]();
    await live.kernel.stop();

    const later = await kernelOn(file, {}, []);
    using replayEvents = createEventRecorder(later.kernel.events, 'cerebrum.*');
    const report = await replayPlanTask(envOf(later.kernel), later.kernel.get(tasksServiceToken), id, 'ada');
    expect(report).toMatchObject({ task: id, identical: true, output: original.output });
    expect(report.divergence).toBeUndefined();
    expect(eventsOf(replayEvents)).toEqual(liveEvents);
    expect(
      liveEvents.map(
        ([type, data]) => `${type}:${(data as { step?: string; replan?: number }).step ?? (data as { replan: number }).replan}`,
      ),
    ).toEqual([
      'cerebrum.plan.created:0',
      'cerebrum.step.completed:a',
      'cerebrum.step.completed:m',
      'cerebrum.plan.created:1',
      'cerebrum.step.completed:m',
      'cerebrum.step.completed:c',
    ]);
    expect([...report.calls].sort()).toEqual([...checkpoints].sort());
    expect(later.model.requests).toHaveLength(0);
    expect(later.counts).toEqual({});

    // Through the plugin's tool (REST and MCP reach the same), for the task's owner only.
    const viaTool = await later.kernel.tools.call('cerebrum.replay', { task: id }, { caller: { transport: 'in-process', id: 'ada' } });
    expect(viaTool.structured).toEqual({ identical: true, replayed: { plans: 2, steps: 4 }, status: 'completed' });
    await expectCortexError(
      later.kernel.tools.call('cerebrum.replay', { task: id }, { caller: { transport: 'in-process', id: 'bob' } }),
      'TASK_NOT_FOUND',
    );

    // A runtime that would take another path (no re-plan allowed) is reported at the first call it skipped.
    const strict = await replayPlanTask({ ...envOf(later.kernel), maxReplans: 0 }, later.kernel.get(tasksServiceToken), id, 'ada');
    expect(strict).toMatchObject({ identical: false, divergence: { step: 1, field: 'plan:1' } });
  });

  it('refuses a task that is not a completed plan task', async () => {
    const file = join(dir, 'unsuitable.sqlite');
    const { kernel } = await kernelOn(file, {}, []);
    const tasks = kernel.get(tasksServiceToken);
    // No script: the planning call fails, and so does the task.
    const { id } = await tasks.submit({ agent: planTaskRunnerName, input: 'Save a note', params: { tools }, principal: 'ada' });
    expect((await tasks.settled(id)).state).toBe('failed');
    await expectCortexError(replayPlanTask(envOf(kernel), tasks, id, 'ada'), 'CEREBRUM_TASK_UNSUITABLE');
  });
});
