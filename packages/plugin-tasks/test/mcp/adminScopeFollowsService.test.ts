// The MCP task receiver and the task tools follow the tasks service's admin scope unless given one
// of their own: a runtime that configures `tasksPlugin({ rest: { adminScope } })` gets that scope on
// every door, not `tasks:admin` on some of them.
import type { ToolCaller, ToolContext } from '@cortex-os/kernel';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { createTaskTools, SqliteTaskStore } from '@cortex-os/plugin-tasks';
import { TasksMcpReceiver } from '@cortex-os/plugin-tasks/mcp';
import { describe, expect, it } from 'vitest';
import { StoreTasksService } from '../../src/service/StoreTasksService.js';

const agents = { list: () => [] };
const ops = (scope: string): ToolCaller => ({ transport: 'mcp', id: 'ops', scopes: [scope] });

async function bobsTask() {
  const service = new StoreTasksService(SqliteTaskStore.open(), { adminScope: 'ops:admin' });
  const { id } = await service.submit({ agent: 'bookkeeper', input: 'Keep the books.', principal: 'bob' });
  return { service, id };
}

describe('the admin scope of the MCP task receiver and the task tools', () => {
  it('is the tasks service’s unless given: ops:admin reads bob’s task, tasks:admin does not', async () => {
    const { service, id } = await bobsTask();
    const receiver = new TasksMcpReceiver(service, agents);
    expect(await receiver.get(id, ops('ops:admin'))).toMatchObject({ taskId: id });
    await expectCortexError(receiver.get(id, ops('tasks:admin')), 'TASK_NOT_FOUND');
    // Given one of its own, the receiver uses it.
    const own = new TasksMcpReceiver(service, agents, { adminScope: 'tasks:admin' });
    expect(await own.get(id, ops('tasks:admin'))).toMatchObject({ taskId: id });
  });

  it('holds for the task tools too', async () => {
    const { service, id } = await bobsTask();
    const get = (tools: ReturnType<typeof createTaskTools>, caller: ToolCaller) =>
      tools.find((tool) => tool.name === 'tasks.get')?.handler({ id }, { caller } as ToolContext);
    expect(await get(createTaskTools(service), ops('ops:admin'))).toMatchObject({ id, principal: 'bob' });
    await expectCortexError(Promise.resolve(get(createTaskTools(service), ops('tasks:admin'))), 'TASK_NOT_FOUND');
    expect(await get(createTaskTools(service, 'tasks:admin'), ops('tasks:admin'))).toMatchObject({ id, principal: 'bob' });
  });
});
