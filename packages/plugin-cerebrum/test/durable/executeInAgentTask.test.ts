// cerebrum.execute called by an agent task's agent: the plan task is filed for the task's owner,
// and when the runtime stops mid-plan, the agent's call is left in doubt; a person re-running it
// gets the plan task it started back (resumed and finished by the new runtime), never a second one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineAgent } from '@cortex-os/plugin-agents';
import { planTaskRunnerName } from '@cortex-os/plugin-cerebrum';
import { tasksServiceToken } from '@cortex-os/plugin-tasks';
import { afterAll, describe, expect, it } from 'vitest';
import { planReply, startPlanKernel, type ToolCounts } from './planTaskKernel.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-nested-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const organiser = defineAgent({
  name: 'organiser',
  description: 'Plans its chores.',
  instructions: 'Plan it.',
  tools: ['cerebrum.execute'],
  approval: [],
});
const tools = ['page.fetch', 'notes.write'];
const plan = planReply([
  { id: 'a', tool: 'page.fetch', input: { page: 'otters' } },
  { id: 'c', tool: 'notes.write', dependsOn: ['a'], inputsFrom: { a: 'a', b: 'a' } },
]);
const callPlan = { toolCalls: [{ id: 'x1', name: 'cerebrum.execute', arguments: { goal: 'Save a note about otters', tools } }] };

describe('cerebrum.execute inside an agent task', () => {
  it('gives a re-run of its call in doubt the plan task it started, not a second one', async () => {
    const file = join(dir, 'tasks.sqlite');
    const counts: ToolCounts = {};
    let inFlight!: () => void;
    const hanging = new Promise<void>((resolve) => {
      inFlight = resolve;
    });
    const first = await startPlanKernel(file, [callPlan, plan], counts, { hang: ['page.fetch'], onHang: () => inFlight() }, [], true, [
      organiser,
    ]);
    const { id } = await first.kernel.get(tasksServiceToken).submit({ agent: 'organiser', input: 'Sort my otter notes', principal: 'bob' });
    await hanging;
    await first.kernel.stop();

    const second = await startPlanKernel(file, [{ text: 'Planned and done.' }], counts, {}, [], true, [organiser]);
    try {
      const tasks = second.kernel.get(tasksServiceToken);
      const waiting = await tasks.settled(id);
      expect(waiting).toMatchObject({ state: 'input-required', pending: [{ callId: 'tool:0:x1' }] });
      const plans = async () => (await tasks.list({ principal: 'bob' })).filter((task) => task.agent === planTaskRunnerName);
      const [started] = await plans();
      if (started === undefined) throw new Error('the agent task started a plan task');
      expect((await tasks.settled(started.id)).state).toBe('completed');

      await tasks.answer(id, { callId: 'tool:0:x1', rerun: true }, 'bob');
      expect(await tasks.settled(id)).toMatchObject({ state: 'completed', output: 'Planned and done.' });
      expect((await plans()).map((task) => task.id)).toEqual([started.id]);
      // The plan ran once: its read again after the stop (read-only), its write once; the model planned once.
      expect(counts).toEqual({ 'page.fetch': 2, 'notes.write': 1 });
      expect(second.model.requests).toHaveLength(1);
    } finally {
      await second.kernel.stop();
    }
  });
});
