// Plans as durable tasks: a real SQLite task store, a kernel stopped while a step is in flight,
// and another kernel on the same file that resumes the task — finished steps and planning calls
// are replayed from the task's checkpoints, never run or asked again (counted at the tools and
// at the scripted model).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpServiceToken } from '@cortex-os/http-api';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { describePlanTask, planTaskRunnerName } from '@cortex-os/plugin-cerebrum';
import { defineAgent } from '@cortex-os/plugin-agents';
import { httpPlugin } from '@cortex-os/plugin-http';
import { SqliteTaskStore, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { afterAll, describe, expect, it } from 'vitest';
import { planReply, startPlanKernel, type ToolCounts } from './planTaskKernel.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function storeFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cerebrum-tasks-'));
  dirs.push(dir);
  return join(dir, 'tasks.sqlite');
}

const tools = ['page.fetch', 'mirror.fetch', 'archive.fetch', 'notes.write'];
const firstPlan = planReply([
  { id: 'a', tool: 'page.fetch', input: { page: 'otters' } },
  { id: 'b', tool: 'mirror.fetch', input: { page: 'otters' }, dependsOn: ['a'] },
  { id: 'c', tool: 'notes.write', dependsOn: ['a', 'b'], inputsFrom: { a: 'a', b: 'b' } },
]);
const replan = planReply([
  { id: 'a', tool: 'page.fetch', input: { page: 'otters' } },
  { id: 'b', tool: 'archive.fetch', input: { page: 'otters' }, dependsOn: ['a'] },
  { id: 'c', tool: 'notes.write', dependsOn: ['a', 'b'], inputsFrom: { a: 'a', b: 'b' } },
]);

describe('plans as durable tasks', () => {
  it('resumes a plan stopped mid-step in another kernel without re-running finished steps or re-planning', async () => {
    const file = storeFile();
    const counts: ToolCounts = {};
    let inFlight!: () => void;
    const hanging = new Promise<void>((resolve) => {
      inFlight = resolve;
    });
    // First life: plan, `a` succeeds, `b` fails on the mirror, re-plan, and the kernel stops while the archive read runs.
    const first = await startPlanKernel(file, [firstPlan, replan], counts, { hang: ['archive.fetch'], onHang: () => inFlight() });
    const { id } = await first.kernel
      .get(tasksServiceToken)
      .submit({ agent: planTaskRunnerName, input: 'Save a note about otters', params: { tools }, principal: 'anonymous' });
    await hanging;
    await first.kernel.stop();
    expect(counts).toEqual({ 'page.fetch': 1, 'mirror.fetch': 1, 'archive.fetch': 1 });

    // Between lives the task is back in the queue; its checkpoints show the re-plan and where it stood.
    const store = SqliteTaskStore.open({ file });
    const waiting = await store.get(id);
    expect(waiting.state).toBe('submitted');
    const between = describePlanTask(waiting, await store.steps(id));
    await store.close();
    expect(between.replans).toBe(1);
    expect(between.history).toEqual([
      { replan: 0, steps: ['a', 'b', 'c'] },
      { replan: 1, failedStep: 'b', code: 'TOOL_EXECUTION_FAILED', steps: ['a', 'b', 'c'] },
    ]);
    expect(between.steps.map((step) => [step.id, step.tool, step.state])).toEqual([
      ['a', 'page.fetch', 'succeeded'],
      ['b', 'archive.fetch', 'pending'],
      ['c', 'notes.write', 'pending'],
    ]);

    // Second life: a new kernel on the same file resumes the task and asks the model nothing.
    const second = await startPlanKernel(file, [], counts, {}, [
      httpPlugin({
        host: '127.0.0.1',
        port: 0,
        metrics: { enabled: false, path: '/metrics', defaultMetrics: false },
        tracing: { enabled: false },
      }),
    ]);
    try {
      const done = await second.kernel.get(tasksServiceToken).settled(id);
      expect(done.state).toBe('completed');
      expect(second.model.requests).toHaveLength(0);
      // Only the read in flight at the stop ran again; every finished step ran once.
      expect(counts).toEqual({ 'page.fetch': 1, 'mirror.fetch': 1, 'archive.fetch': 2, 'notes.write': 1 });
      expect(done.output).toMatchObject({ replans: 1, outputs: { c: { saved: true } } });

      // GET /api/v1/tasks/:id shows the plan with each step's state.
      const url = `${(await second.kernel.get(httpServiceToken).listen()).url}/api/v1/tasks/${id}`;
      const body = (await (await fetch(url)).json()) as { detail: { steps: unknown; history: unknown[] } };
      expect(body.detail.steps).toEqual([
        { id: 'a', tool: 'page.fetch', dependsOn: [], state: 'succeeded', ranUnder: 0 },
        { id: 'b', tool: 'archive.fetch', dependsOn: ['a'], state: 'succeeded', ranUnder: 1 },
        { id: 'c', tool: 'notes.write', dependsOn: ['a', 'b'], state: 'succeeded', ranUnder: 1 },
      ]);
      expect(body.detail.history).toHaveLength(2);
    } finally {
      await second.kernel.stop();
    }
  });

  it('leaves a write in flight at a stop in doubt, and finishes without writing again once a person settles it', async () => {
    const file = storeFile();
    const counts: ToolCounts = {};
    let inFlight!: () => void;
    const hanging = new Promise<void>((resolve) => {
      inFlight = resolve;
    });
    const first = await startPlanKernel(file, [replan], counts, { hang: ['notes.write'], onHang: () => inFlight() });
    const { id } = await first.kernel
      .get(tasksServiceToken)
      .submit({ agent: planTaskRunnerName, input: 'Save a note about otters', params: { tools }, principal: 'anonymous' });
    await hanging;
    await first.kernel.stop();

    const second = await startPlanKernel(file, [], counts);
    try {
      const tasks = second.kernel.get(tasksServiceToken);
      const waiting = await tasks.settled(id);
      expect(waiting.state).toBe('input-required');
      expect(waiting.pending.map((call) => call.callId)).toEqual(['step:0:c']);
      expect((waiting.detail as { steps: { state: string }[] }).steps.map((step) => step.state)).toEqual([
        'succeeded',
        'succeeded',
        'in-doubt',
      ]);
      // The person checked: the note was saved. The task completes with that output, the write never runs again.
      await tasks.answer(id, { callId: 'step:0:c', output: { ok: true, output: { saved: 'by hand' } } });
      const done = await tasks.settled(id);
      expect(done.state).toBe('completed');
      expect(done.output).toMatchObject({ outputs: { c: { saved: 'by hand' } } });
      expect(counts).toEqual({ 'page.fetch': 1, 'archive.fetch': 1, 'notes.write': 1 });
      expect(second.model.requests).toHaveLength(0);
    } finally {
      await second.kernel.stop();
    }
  });

  it('runs cerebrum.execute as a task and returns its id; a plan task that fails is an error naming the task', async () => {
    const file = storeFile();
    const counts: ToolCounts = {};
    const { kernel } = await startPlanKernel(file, [replan, firstPlan, firstPlan, firstPlan], counts);
    try {
      const result = await kernel.tools.call('cerebrum.execute', { goal: 'Save a note about otters', tools });
      const { taskId, ran } = result.structured as { taskId: string; ran: string[] };
      expect(ran).toEqual(['a', 'b', 'c']);
      const task = await kernel.get(tasksServiceToken).get(taskId);
      // Host code calling in-process without a principal files it as `host` (as tasks.submit does), never as `anonymous`.
      expect(task).toMatchObject({ agent: planTaskRunnerName, state: 'completed', principal: 'host' });

      // The mirror always fails; the re-plans (2 by default) keep it, so the task fails and the tool call says which task.
      const error = await expectCortexError(
        kernel.tools.call('cerebrum.execute', { goal: 'Save a note about otters', tools }),
        'CEREBRUM_PLAN_TASK_UNFINISHED',
      );
      expect(error.details).toMatchObject({ state: 'failed' });
      const failed = await kernel.get(tasksServiceToken).get(String(error.details?.task));
      expect(failed.reason).toContain('CEREBRUM_REPLAN_EXHAUSTED');
      expect(failed.reason).not.toContain('/srv/private');
      expect(counts['mirror.fetch']).toBe(3);
    } finally {
      await kernel.stop();
    }
  });

  it("files cerebrum.execute's task under the caller's principal, and an agent's plan under whom its run acts for", async () => {
    const file = storeFile();
    const counts: ToolCounts = {};
    const organiser = defineAgent({
      name: 'organiser',
      description: 'Plans its chores.',
      instructions: 'Plan it.',
      tools: ['cerebrum.execute'],
      approval: [],
      asTool: true,
    });
    const agentCallsExecute = [
      { toolCalls: [{ id: 'x1', name: 'cerebrum.execute', arguments: { goal: 'Save a note about otters', tools } }] },
      replan,
      { text: 'Planned and done.' },
    ];
    const script = [replan, ...agentCallsExecute, ...agentCallsExecute];
    const { kernel } = await startPlanKernel(file, script, counts, {}, [], true, [organiser]);
    try {
      const tasks = kernel.get(tasksServiceToken);
      const asAda = await kernel.tools.call(
        'cerebrum.execute',
        { goal: 'Save a note about otters', tools },
        { caller: { transport: 'in-process', id: 'ada' } },
      );
      const adaTask = (asAda.structured as { taskId: string }).taskId;
      expect((await tasks.get(adaTask, 'ada')).principal).toBe('ada');
      await expectCortexError(tasks.get(adaTask, 'anonymous'), 'TASK_NOT_FOUND');

      // Bob's agent task calls cerebrum.execute: the plan task is Bob's (not the agent's name, not anonymous).
      const agentTask = await tasks.submit({ agent: 'organiser', input: 'Sort my otter notes', principal: 'bob' });
      expect(await tasks.settled(agentTask.id)).toMatchObject({ state: 'completed' });
      const bobs = await tasks.list({ principal: 'bob' });
      expect(bobs.map((task) => task.agent).sort()).toEqual([planTaskRunnerName, 'organiser']);
      expect(bobs.find((task) => task.agent === planTaskRunnerName)).toMatchObject({ state: 'completed' });

      // Carol runs the agent through its tool over MCP, outside any task: the plan task its run files is Carol's, not the host's.
      await kernel.tools.call('agent.organiser', { input: 'Sort my otter notes' }, { caller: { transport: 'mcp', id: 'carol' } });
      expect((await tasks.list({ principal: 'carol' })).map((task) => [task.agent, task.state])).toEqual([
        [planTaskRunnerName, 'completed'],
      ]);
      expect(await tasks.list({ principal: 'host' })).toEqual([]);
    } finally {
      await kernel.stop();
    }
  });

  it('runs a given plan (an adapted example, say) as a task without asking the model, validated like any plan', async () => {
    const counts: ToolCounts = {};
    const { kernel, model } = await startPlanKernel(storeFile(), [], counts);
    try {
      const tasks = kernel.get(tasksServiceToken);
      const given = JSON.parse(String(replan.text)) as { steps: unknown[] };
      const { id } = await tasks.submit({
        agent: planTaskRunnerName,
        input: 'Save a note about otters',
        params: { tools, plan: given },
        principal: 'ada',
      });
      const done = await tasks.settled(id);
      expect(done).toMatchObject({ state: 'completed', output: { ran: ['a', 'b', 'c'], replans: 0 } });
      expect(model.requests).toHaveLength(0);
      expect(counts).toEqual({ 'page.fetch': 1, 'archive.fetch': 1, 'notes.write': 1 });
      // A given plan that breaks the rules fails its task with the problems; nothing runs.
      const bad = await tasks.submit({
        agent: planTaskRunnerName,
        input: 'Save a note',
        params: { tools: ['page.fetch'], plan: given },
        principal: 'ada',
      });
      const failed = await tasks.settled(bad.id);
      expect(failed.state).toBe('failed');
      expect(failed.reason).toContain('CEREBRUM_PLAN_INVALID');
      expect(counts).toEqual({ 'page.fetch': 1, 'archive.fetch': 1, 'notes.write': 1 });
    } finally {
      await kernel.stop();
    }
  });

  it('runs the plan in the call when this runtime runs no task worker, instead of waiting for a task nobody claims', async () => {
    const counts: ToolCounts = {};
    const { kernel } = await startPlanKernel(storeFile(), [replan], counts, {}, [], false);
    try {
      const result = await kernel.tools.call('cerebrum.execute', { goal: 'Save a note about otters', tools });
      expect(result.structured).toMatchObject({ ran: ['a', 'b', 'c'] });
      expect(result.structured).not.toHaveProperty('taskId');
      expect(await kernel.get(tasksServiceToken).list()).toEqual([]);
    } finally {
      await kernel.stop();
    }
  });
});
