// Time travel of a plan task: a plan task recorded in a real SQLite task store (plan, a wave of two
// steps, a re-plan around the failing mirror, the note) is re-run from its k-th step as a new
// `cerebrum.travel` task — the steps and planning calls before k copied from the original's
// checkpoints (no model asked, no tool run), step k with a given output, failure or input, and the
// rest live through the real tools — linked to the original, which is never written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpServiceToken } from '@cortex-os/http-api';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { planTaskRunnerName, travelTask, travelTaskRunnerName } from '@cortex-os/plugin-cerebrum';
import { httpPlugin } from '@cortex-os/plugin-http';
import { tasksServiceToken } from '@cortex-os/plugin-tasks';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { archivePlan, mirrorPlan, replanTools, startPlanKernel, type ToolCounts } from '../durable/planTaskKernel.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-plan-travel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tools = replanTools;
const first = mirrorPlan;
const second = archivePlan;
const http = httpPlugin({
  host: '127.0.0.1',
  port: 0,
  metrics: { enabled: false, path: '/metrics', defaultMetrics: false },
  tracing: { enabled: false },
});

/** A runtime with a recorded plan task of `ada` whose steps ran in the order a(0), m(1, failed), m(2, under the re-plan), c(3). */
async function recorded(name: string, script = [first, second]) {
  const counts: ToolCounts = {};
  const { kernel, model } = await startPlanKernel(join(dir, `${name}.sqlite`), script, counts, {}, [http]);
  onTestFinished(async () => {
    await kernel.stop();
  });
  const tasks = kernel.get(tasksServiceToken);
  const { id } = await tasks.submit({ agent: planTaskRunnerName, input: 'Save a note about otters', params: { tools }, principal: 'ada' });
  const original = await tasks.settled(id);
  expect(original).toMatchObject({ state: 'completed', output: { ran: ['a', 'm', 'c'], replans: 1 } });
  const before = { task: original, steps: await tasks.steps(id) };
  for (const tool of Object.keys(counts)) counts[tool] = 0;
  const asked = model.requests.length;
  return { kernel, tasks, id, before, counts, modelCalls: () => model.requests.length - asked };
}

const argumentsOf = (steps: readonly { callId: string; input: unknown }[], callId: string) =>
  (steps.find((step) => step.callId === callId)?.input as { arguments?: unknown } | undefined)?.arguments;

describe('time travel of a plan task', () => {
  it('re-runs from step k with a changed input: the past copied, step k and the rest live, linked, the original untouched', async () => {
    const { tasks, id, before, counts, modelCalls } = await recorded('input');
    const travel = await travelTask(tasks, {
      task: id,
      step: 2,
      inputs: [{ callId: 'm', input: { page: 'sea otters' } }],
      principal: 'ada',
    });
    const done = await tasks.settled(travel.id);
    expect(done).toMatchObject({ agent: travelTaskRunnerName, state: 'completed', principal: 'ada' });
    expect(done.output).toMatchObject({ ran: ['a', 'm', 'c'], replans: 1, outputs: { m: { text: 'sea otters (archived)' } } });
    // Only step 2 (with its new input) and the note after it ran; the plan and its re-plan were copied.
    expect(modelCalls()).toBe(0);
    expect(counts).toEqual({ 'page.fetch': 0, 'mirror.fetch': 0, 'archive.fetch': 1, 'notes.write': 1 });
    const steps = await tasks.steps(travel.id);
    expect(steps.map((step) => step.callId).sort()).toEqual(before.steps.map((step) => step.callId).sort());
    expect(argumentsOf(steps, 'step:1:m')).toEqual({ page: 'sea otters' });
    expect(argumentsOf(steps, 'step:1:c')).toEqual({ a: { text: 'otters: otters hold hands' }, b: { text: 'sea otters (archived)' } });
    expect(done.detail).toMatchObject({
      kind: travelTaskRunnerName,
      travelledFrom: { task: id, step: 2 },
      overrides: [],
      inputs: ['m'],
      plan: {
        kind: 'cerebrum.plan',
        replans: 1,
        steps: [
          { id: 'a', state: 'succeeded' },
          { id: 'm', state: 'succeeded' },
          { id: 'c', state: 'succeeded' },
        ],
      },
    });
    expect(await tasks.get(id)).toEqual(before.task);
    expect(await tasks.steps(id)).toEqual(before.steps);
  });

  it("replaces step k's recorded failure with an output: the re-plan is never needed", async () => {
    const { tasks, id, counts, modelCalls } = await recorded('output');
    const travel = await travelTask(tasks, {
      task: id,
      step: 1,
      overrides: [{ callId: 'm', content: '{"text":"mirrored"}' }],
      principal: 'ada',
    });
    const done = await tasks.settled(travel.id);
    expect(done.output).toMatchObject({ ran: ['a', 'm', 'c'], replans: 0, outputs: { m: { text: 'mirrored' } } });
    expect(modelCalls()).toBe(0);
    expect(counts).toEqual({ 'page.fetch': 0, 'mirror.fetch': 0, 'archive.fetch': 0, 'notes.write': 1 });
    const steps = await tasks.steps(travel.id);
    expect(steps.map((step) => step.callId).sort()).toEqual(['plan:0', 'step:0:a', 'step:0:c', 'step:0:m']);
    expect(argumentsOf(steps, 'step:0:c')).toEqual({ a: { text: 'otters: otters hold hands' }, b: { text: 'mirrored' } });
  });

  it('fails step k by a given code: the later steps and the re-plan run live', async () => {
    const { tasks, id, counts, modelCalls } = await recorded('failure', [first, second, second]);
    const overrides = [{ callId: 'a', content: 'TOOL_EXECUTION_FAILED', outcome: 'failed' as const }];
    const done = await tasks.settled((await travelTask(tasks, { task: id, step: 0, overrides, principal: 'ada' })).id);
    expect(done.output).toMatchObject({ ran: ['a', 'm', 'c'], replans: 1 });
    // The mirror (step 1) ran live and failed again; the re-plan asked the model; the new plan ran every step.
    expect(modelCalls()).toBe(1);
    expect(counts).toEqual({ 'page.fetch': 1, 'mirror.fetch': 1, 'archive.fetch': 1, 'notes.write': 1 });
    const replan = (await tasks.steps(done.id)).find((step) => step.callId === 'plan:1');
    expect(replan?.input).toMatchObject({ replan: 1, failedStep: 'a', code: 'TOOL_EXECUTION_FAILED' });
  });

  it('refuses a step the task did not run, a step it never recorded, several changes, an output that is not JSON', async () => {
    const { tasks, id } = await recorded('invalid');
    const travel = (request: Omit<Parameters<typeof travelTask>[1], 'task' | 'principal'>) =>
      travelTask(tasks, { task: id, principal: 'ada', ...request });
    await expectCortexError(travel({ step: 4 }), 'CEREBRUM_TRAVEL_INVALID');
    await expectCortexError(travel({ step: 1, inputs: [{ callId: 'zz', input: {} }] }), 'CEREBRUM_TRAVEL_INVALID');
    await expectCortexError(travel({ step: 1, inputs: [{ callId: 'm', input: 'otters' }] }), 'CEREBRUM_TRAVEL_INVALID');
    await expectCortexError(travel({ step: 1, overrides: [{ callId: 'm', content: 'not json' }] }), 'CEREBRUM_TRAVEL_INVALID');
    const both = { step: 1, overrides: [{ callId: 'm', content: '{}' }], inputs: [{ callId: 'm', input: {} }] };
    await expectCortexError(travel(both), 'CEREBRUM_TRAVEL_INVALID');
    await expectCortexError(travelTask(tasks, { task: id, step: 0, principal: 'bob' }), 'TASK_NOT_FOUND');
    // A recorded step, but not step k: found when the run reaches step k, and the task fails with it.
    const wrong = await tasks.settled((await travel({ step: 0, overrides: [{ callId: 'c', content: '{}' }] })).id);
    expect(wrong.state).toBe('failed');
    expect(JSON.stringify(wrong)).toContain('CEREBRUM_TRAVEL_INVALID');
  });

  it('travels over REST through the cerebrum.travel tool, for the caller the original belongs to', async () => {
    const { kernel, tasks, id, counts } = await recorded('rest', [first, second, first, second]);
    const url = (await kernel.get(httpServiceToken).listen()).url;
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const owned = await post('/api/v1/tasks', { agent: planTaskRunnerName, input: 'Save a note about otters', params: { tools } });
    const { id: restId } = (await owned.json()) as { id: string };
    expect((await tasks.settled(restId)).state).toBe('completed');
    // `ada`'s task is not the unauthenticated REST caller's (filed as `anonymous`): neither travel nor replay sees it.
    const foreign = await post('/api/v1/tools/cerebrum.travel', { task: id, step: 1 });
    expect([foreign.status, ((await foreign.json()) as { code: string }).code]).toEqual([404, 'TASK_NOT_FOUND']);
    const replayed = await post('/api/v1/tools/cerebrum.replay', { task: id });
    expect([replayed.status, ((await replayed.json()) as { code: string }).code]).toEqual([404, 'TASK_NOT_FOUND']);
    for (const tool of Object.keys(counts)) counts[tool] = 0;
    const response = await post('/api/v1/tools/cerebrum.travel', {
      task: restId,
      step: 1,
      overrides: [{ callId: 'm', content: '{"text":"mirrored"}' }],
    });
    expect(response.status).toBe(200);
    const { structured } = (await response.json()) as { structured: { taskId: string } };
    await tasks.settled(structured.taskId);
    const shown = (await (await fetch(`${url}/api/v1/tasks/${structured.taskId}`)).json()) as Record<string, unknown>;
    expect(shown).toMatchObject({
      state: 'completed',
      output: { replans: 0, outputs: { m: { text: 'mirrored' } } },
      detail: { kind: travelTaskRunnerName, travelledFrom: { task: restId, step: 1 }, overrides: ['m'], plan: { replans: 0 } },
    });
    expect(counts).toEqual({ 'page.fetch': 0, 'mirror.fetch': 0, 'archive.fetch': 0, 'notes.write': 1 });
  });

  it('resumes after a stop in another kernel: the copied past and the changed step are not run again', async () => {
    const file = join(dir, 'resume.sqlite');
    const counts: ToolCounts = {};
    const recording = await startPlanKernel(file, [first, second], counts);
    const request = { agent: planTaskRunnerName, input: 'Save a note about otters', params: { tools }, principal: 'ada' };
    const { id } = await recording.kernel.get(tasksServiceToken).submit(request);
    expect((await recording.kernel.get(tasksServiceToken).settled(id)).state).toBe('completed');
    await recording.kernel.stop();

    // The branch's step 2 (the archive, read with a new input) is in flight when its kernel stops.
    for (const tool of Object.keys(counts)) counts[tool] = 0;
    let inFlight!: () => void;
    const hanging = new Promise<void>((resolve) => {
      inFlight = resolve;
    });
    const stopped = await startPlanKernel(file, [], counts, { hang: ['archive.fetch'], onHang: () => inFlight() });
    const inputs = [{ callId: 'm', input: { page: 'sea otters' } }];
    const travel = await travelTask(stopped.kernel.get(tasksServiceToken), { task: id, step: 2, inputs, principal: 'ada' });
    await hanging;
    await stopped.kernel.stop();
    expect(counts).toEqual({ 'page.fetch': 0, 'mirror.fetch': 0, 'archive.fetch': 1, 'notes.write': 0 });

    const resumed = await startPlanKernel(file, [], counts);
    onTestFinished(async () => {
      await resumed.kernel.stop();
    });
    const done = await resumed.kernel.get(tasksServiceToken).settled(travel.id);
    expect(done.output).toMatchObject({ replans: 1, outputs: { m: { text: 'sea otters (archived)' } } });
    // Only the read in flight ran again (it is read-only), then the note; no model was asked in either life.
    expect(counts).toEqual({ 'page.fetch': 0, 'mirror.fetch': 0, 'archive.fetch': 2, 'notes.write': 1 });
    expect(stopped.model.requests).toHaveLength(0);
    expect(resumed.model.requests).toHaveLength(0);
  });
});
