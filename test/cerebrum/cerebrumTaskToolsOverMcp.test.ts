// The cerebrum task tools through MCP (Streamable HTTP on 127.0.0.1): a plan task of the MCP
// client's principal (without a token, its client name) is replayed by `cerebrum.replay` and
// travelled from by `cerebrum.travel` over MCP — the real task store on a SQLite file, the scripted
// model writing the plan, the real note tool writing the branch's note; another principal's task is
// unknown to it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cerebrumPlugin, planTaskRunnerName } from '@cortex-os/plugin-cerebrum';
import { tasksPlugin, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { noteTools } from './noteTools.js';
import { startLoopbackRuntime } from './startLoopbackRuntime.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-mcp-tasks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = {
  text: JSON.stringify({
    goal: 'x',
    context: [],
    steps: [
      { id: 'page', tool: 'page.read', input: { page: 'otters' } },
      { id: 'note', tool: 'notes.write', dependsOn: ['page'], inputsFrom: { text: 'page' } },
    ],
  }),
};

describe('cerebrum task tools over MCP', () => {
  it('replays a plan task and travels from it over MCP, as the principal the tasks belong to', async () => {
    const written: string[] = [];
    await using runtime = await startLoopbackRuntime('cerebrum-tasks-test', {
      model: createScriptedModelProvider({ script: [plan] }),
      tools: noteTools(written, 'page.read'),
      agents: [],
      plugins: [tasksPlugin({ file: join(dir, 'tasks.sqlite'), timer: () => () => {} }), cerebrumPlugin({ recallLimit: 0 })],
    });
    const { kernel } = runtime;
    const other = { agent: planTaskRunnerName, input: 'x', params: { plan: { goal: 'x', steps: [] } }, principal: 'ada' };
    const tasks = kernel.get(tasksServiceToken);
    const principal = 'cerebrum-tasks-client';
    const request = { agent: planTaskRunnerName, input: 'Save a note about otters', params: { tools: ['page.read', 'notes.write'] } };
    const { id } = await tasks.submit({ ...request, principal });
    expect((await tasks.settled(id)).state).toBe('completed');
    expect(written).toEqual(['otters: otters hold hands']);

    const client = await runtime.mcp(principal);
    const replay = await client.callTool({ name: 'cerebrum.replay', arguments: { task: id } });
    expect(replay.structuredContent).toEqual({ identical: true, replayed: { plans: 1, steps: 2 }, status: 'completed' });
    expect(written).toHaveLength(1);
    const { id: foreign } = await kernel.get(tasksServiceToken).submit(other);
    const refused = await client.callTool({ name: 'cerebrum.replay', arguments: { task: foreign } });
    expect(refused).toMatchObject({ isError: true, _meta: { 'cortex-os/errorCode': 'TASK_NOT_FOUND' } });

    const travel = await client.callTool({
      name: 'cerebrum.travel',
      arguments: { task: id, step: 0, overrides: [{ callId: 'page', content: '{"text":"otters juggle"}' }] },
    });
    const { taskId } = travel.structuredContent as { taskId: string };
    const branch = await tasks.settled(taskId);
    expect(branch).toMatchObject({ state: 'completed', principal, detail: { travelledFrom: { task: id, step: 0 } } });
    // Step 0 took the override, step 1 ran live with it; the original's note stays as it was.
    expect(written).toEqual(['otters: otters hold hands', 'otters juggle']);
  });
});
