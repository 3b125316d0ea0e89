// The cerebrum tools that act on tasks follow the tasks plugin's own access rule: a caller sees
// only its principal's tasks unless its scopes include the tasks plugin's admin scope — the
// configured one, not a literal — as on the tasks plugin's REST routes and tools.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { startForecaster, sunnyRun } from './forecasterKernel.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-admin-scope-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bob = (...scopes: string[]) => ({ caller: { transport: 'mcp', id: 'bob', scopes } }) as const;
const verdict = { text: JSON.stringify({ score: 0.8, feedback: [] }) };

/** The forecaster runtime on `file` (stopped when the test ends) with one completed task of ada's, and its tool caller. */
async function withAdasTask(file: string, script: Parameters<typeof startForecaster>[1], more?: Parameters<typeof startForecaster>[3]) {
  const runtime = await startForecaster(join(dir, file), script, undefined, more);
  onTestFinished(async () => {
    await runtime.kernel.stop();
  });
  const { id } = await runtime.tasks.submit({ agent: 'forecaster', input: 'Weather in Oslo?', principal: 'ada' });
  await runtime.tasks.settled(id);
  return { runtime, id, call: runtime.kernel.tools.call.bind(runtime.kernel.tools) };
}

describe("the cerebrum task tools and the tasks plugin's admin scope", () => {
  it('let a caller with the default admin scope replay, critique, time-travel and learn from another principal’s task', async () => {
    const script = [...sunnyRun, verdict, { text: 'Storm: stay in.' }];
    const { runtime, id, call } = await withAdasTask('default.sqlite', script);

    await expectCortexError(call('cerebrum.replay', { task: id }, bob('memory:read')), 'TASK_NOT_FOUND');
    await expectCortexError(call('cerebrum.critique', { task: id }, bob()), 'TASK_NOT_FOUND');
    await expectCortexError(call('cerebrum.learn', { task: id }, bob()), 'TASK_NOT_FOUND');

    const admin = bob('tasks:admin');
    expect((await call('cerebrum.replay', { task: id }, admin)).structured).toEqual({
      identical: true,
      replayed: { model: 2, tools: 1 },
      status: 'completed',
    });
    expect((await call('cerebrum.critique', { task: id }, admin)).structured).toMatchObject({ task: id, score: 0.8, satisfied: true });
    const travel = await call('cerebrum.travel', { task: id, step: 0, overrides: [{ callId: 'w1', content: '{"sky":"storm"}' }] }, admin);
    const { taskId } = travel.structured as { taskId: string };
    // The new task is the original owner's, so ada sees it; the admin acted for her.
    expect(await runtime.tasks.settled(taskId, 'ada')).toMatchObject({ principal: 'ada', state: 'completed', output: 'Storm: stay in.' });
    // Past the task read: this runtime has no memory plugin to store the example in.
    await expectCortexError(call('cerebrum.learn', { task: id }, admin), 'TOOL_UNKNOWN');
  });

  it('honour the admin scope the tasks plugin was configured with, and no other', async () => {
    const { runtime, id, call } = await withAdasTask('configured.sqlite', sunnyRun, { tasks: { rest: { adminScope: 'ops' } } });

    await expectCortexError(call('cerebrum.replay', { task: id }, bob('tasks:admin')), 'TASK_NOT_FOUND');
    expect((await call('cerebrum.replay', { task: id }, bob('ops'))).structured).toMatchObject({ identical: true });
    // The tasks plugin's own tools answer the same, so the rule is one.
    await expectCortexError(call('tasks.get', { id }, bob('tasks:admin')), 'TASK_NOT_FOUND');
    expect((await call('tasks.get', { id }, bob('ops'))).structured).toMatchObject({ id, principal: 'ada' });
    expect(runtime.tasks.scopeOf(bob('ops').caller)).toBeUndefined();
    expect(runtime.tasks.scopeOf(bob('tasks:admin').caller)).toBe('bob');
  });
});
