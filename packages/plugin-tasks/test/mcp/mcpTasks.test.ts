import { resultFromTaskOutcome } from '@modelcontextprotocol/ext-tasks/client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { expectedAnswer } from '../agents/taskKernel.js';
import { Client, StreamableHTTPClientTransport } from '@cortex-os/plugin-mcp/testing';
import { startRuntime, type TaskId } from './mcpTaskRuntime.js';

describe('MCP tasks (2025-11-25) over durable tasks', () => {
  it('runs an agent tool as a durable task for a real SDK client: created at once, polled with tasks/get, answered by tasks/result', async () => {
    const { tasks, connect } = await startRuntime();
    const alice = await connect('alice');
    expect(alice.client.getServerCapabilities()?.tasks).toEqual({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
    expect(alice.declarations.get('agent.bookkeeper')?.execution).toEqual({ taskSupport: 'optional' });
    // Only the tools the receiver runs as tasks say so.
    expect(alice.declarations.get('ledger.read')?.execution).toBeUndefined();
    const execution = await alice.callAsTask('agent.bookkeeper', 'Keep the books.');
    expect(execution.kind).toBe('task');
    const taskId = String(execution.handle?.taskId);
    // The MCP task is the durable task, owned by the token's principal.
    expect(await tasks.get(taskId)).toMatchObject({ agent: 'bookkeeper', principal: 'alice', input: { input: 'Keep the books.' } });
    const { outcome } = await execution.settle();
    expect(outcome.status).toBe('completed');
    const result = resultFromTaskOutcome(outcome) as { structuredContent?: unknown; isError?: boolean; content: unknown };
    expect(result.isError).toBe(false);
    expect(result.content).toEqual([{ type: 'text', text: expectedAnswer }]);
    expect(result.structuredContent).toMatchObject({ status: 'completed', output: expectedAnswer, text: expectedAnswer, steps: 4 });
    expect((await tasks.get(taskId)).state).toBe('completed');
    expect(await alice.session.task(taskId as TaskId).snapshot()).toMatchObject({ taskId, status: 'completed' });
  });

  it('lists, reads and cancels only the caller’s tasks, every principal’s with the tasks:admin scope; unknown ids are invalid params', async () => {
    const { tasks, connect } = await startRuntime();
    const [alice, bob, ops] = [await connect('alice'), await connect('bob'), await connect('ops')];
    // `careful` waits for approval of its write: the task stays open in input_required.
    const execution = await alice.callAsTask('agent.careful', 'Keep the books.');
    const taskId = String(execution.handle?.taskId);
    const waiting = await tasks.settled(taskId);
    expect(waiting.state).toBe('input-required');
    expect(await alice.session.task(taskId as TaskId).snapshot()).toMatchObject({
      taskId,
      status: 'input_required',
      statusMessage: expect.stringContaining('waits for approval'),
    });
    expect((await alice.session.listTasks()).tasks.map((task) => task.taskId)).toEqual([taskId]);
    expect((await bob.session.listTasks()).tasks).toEqual([]);
    await expect(bob.session.task(taskId as TaskId).snapshot()).rejects.toMatchObject({ code: -32602 });
    await expect(bob.session.cancelTask(taskId as TaskId)).rejects.toMatchObject({ code: -32602 });
    expect((await ops.session.listTasks()).tasks.map((task) => task.taskId)).toEqual([taskId]);
    expect(await ops.session.task(taskId as TaskId).snapshot()).toMatchObject({ taskId, status: 'input_required' });
    // The tasks.* tools over MCP read the same token scopes.
    const listed = async (who: typeof bob) =>
      ((await who.client.callTool({ name: 'tasks.list', arguments: {} })).structuredContent as { tasks: { id: string }[] }).tasks.map(
        (t) => t.id,
      );
    expect(await listed(ops)).toEqual([taskId]);
    expect(await listed(bob)).toEqual([]);
    await expect(alice.session.task('no-such-task' as TaskId).snapshot()).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('Unknown task'),
    });
    await ops.session.cancelTask(taskId as TaskId);
    expect((await tasks.get(taskId)).state).toBe('cancelled');
    const { outcome } = await execution.settle();
    expect(outcome.status).toBe('cancelled');
    // A final task cannot be cancelled again.
    await expect(alice.session.cancelTask(taskId as TaskId)).rejects.toMatchObject({ code: -32602 });
  });

  it('refuses a task call whose input breaks the agent tool’s schema with a typed error, and runs plain calls as before', async () => {
    const { tasks, connect } = await startRuntime();
    const alice = await connect('alice');
    await expect(alice.callAsTask('agent.bookkeeper', '')).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('input` must be a string'),
    });
    expect(await tasks.list()).toEqual([]);
    const plain = await alice.client.callTool({ name: 'agent.bookkeeper', arguments: { input: 'Keep the books.' } });
    // Without `task` the call runs in the request, outside any durable task (its calls carry no task call id).
    expect(plain.structuredContent).toMatchObject({ status: 'completed', output: expect.stringContaining('"call":"none"') });
    expect(await tasks.list()).toEqual([]);
  });

  it('answers tasks/result of a failed task with an error result carrying the reason, and reports it failed', async () => {
    const { tasks, receiver, connect } = await startRuntime();
    const alice = await connect('alice');
    const { id } = await tasks.submit({ agent: 'nobody', input: 'Keep the books.', principal: 'alice' });
    expect((await tasks.settled(id)).state).toBe('failed');
    expect(await alice.session.task(id as TaskId).snapshot()).toMatchObject({
      status: 'failed',
      statusMessage: expect.stringContaining('AGENT_UNKNOWN'),
    });
    const result = await receiver.result(id, { transport: 'mcp', id: 'alice' }, AbortSignal.timeout(10_000));
    expect(result).toMatchObject({
      isError: true,
      text: expect.stringContaining('AGENT_UNKNOWN'),
      structured: { status: 'failed', steps: 0 },
    });
    await expect(receiver.result(id, { transport: 'mcp', id: 'bob' }, AbortSignal.timeout(10_000))).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
    });
  });

  it('offers a client of the 2026-07-28 protocol no 2025-11-25 tasks (it gets the Tasks extension instead)', async () => {
    const { url, tokens } = await startRuntime();
    const modern = new Client({ name: 'modern', version: '1' }, { versionNegotiation: { mode: 'auto' } });
    await modern.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${tokens.alice}` } } }));
    onTestFinished(() => modern.close());
    expect(modern.getProtocolEra()).toBe('modern');
    expect(modern.getServerCapabilities()?.tasks).toBeUndefined();
    expect((await modern.listTools()).tools.find((tool) => tool.name === 'agent.bookkeeper')?.execution).toBeUndefined();
  });
});
