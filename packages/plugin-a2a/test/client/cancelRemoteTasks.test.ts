import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { A2aJsonRpcClient } from '../../src/protocol/A2aJsonRpcClient.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cancelRemoteTasks } from '../../src/client/cancelRemoteTasks.js';

let server: Server | undefined;
afterEach(async () => {
  const running = server;
  if (running !== undefined) await new Promise((resolve) => running.close(resolve));
  server = undefined;
});

/** A real JSON-RPC server on 127.0.0.1: `answer(method, params)` is the result, or a thrown `{ code }` the error. */
async function serve(answer: (method: string, params: Record<string, unknown>) => unknown): Promise<{ url: string; calls: string[] }> {
  const calls: string[] = [];
  server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const { id, method, params } = JSON.parse(text) as { id: number; method: string; params: Record<string, unknown> };
    calls.push(`${method} ${String(params.id ?? params.contextId ?? '')}`);
    let reply: unknown;
    try {
      reply = { jsonrpc: '2.0', id, result: answer(method, params) };
    } catch (error) {
      reply = { jsonrpc: '2.0', id, error: { code: (error as { code: number }).code, message: 'no' } };
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/rpc`, calls };
}

const client = (url: string, version = '1.0') => new A2aJsonRpcClient({ agent: 'remote', url, version });
const live = (id: string, messageId: string, state = 'TASK_STATE_WORKING') => ({ id, status: { state }, history: [{ messageId }] });

describe('cancelRemoteTasks', () => {
  it('cancels the task a stream named, without listing', async () => {
    const { url, calls } = await serve((method) =>
      method === 'CancelTask' ? { id: 't-1', status: { state: 'TASK_STATE_CANCELED' } } : {},
    );
    const canceled = await cancelRemoteTasks(client(url), '1.0', { taskId: 't-1', contextId: 'c', messageId: 'm' }, 1_000);
    expect(canceled).toEqual(['t-1']);
    expect(calls).toEqual(['CancelTask t-1']);
  });

  it('finds a blocking call’s task by its message id among the live tasks of its context (v1.0), and cancels only those', async () => {
    const tasks = [
      live('mine', 'm-1'),
      live('mine-waiting', 'm-1', 'TASK_STATE_INPUT_REQUIRED'),
      live('mine-done', 'm-1', 'TASK_STATE_COMPLETED'),
      live('someone-else', 'm-2'),
      { id: 'no-history', status: { state: 'TASK_STATE_WORKING' } },
    ];
    const { url, calls } = await serve((method) => (method === 'ListTasks' ? { tasks } : {}));
    const canceled = await cancelRemoteTasks(client(url), '1.0', { contextId: 'c-1', messageId: 'm-1' }, 1_000);
    expect(canceled).toEqual(['mine', 'mine-waiting']);
    expect(calls).toEqual(['ListTasks c-1', 'CancelTask mine', 'CancelTask mine-waiting']);
  });

  it('leaves a blocking 0.3 call’s task alone (0.3 has no ListTasks) and swallows what the remote refuses', async () => {
    const { url, calls } = await serve(() => {
      throw { code: -32002 };
    });
    expect(await cancelRemoteTasks(client(url, '0.3'), '0.3', { contextId: 'c', messageId: 'm' }, 1_000)).toEqual([]);
    expect(calls).toEqual([]);
    // A task that already finished answers TaskNotCancelable: not counted, not thrown.
    expect(await cancelRemoteTasks(client(url), '1.0', { taskId: 't-9', contextId: 'c', messageId: 'm' }, 1_000)).toEqual([]);
    // A ListTasks that fails leaves nothing to cancel, and does not throw either.
    expect(await cancelRemoteTasks(client(url), '1.0', { contextId: 'c', messageId: 'm' }, 1_000)).toEqual([]);
    expect(calls).toEqual(['CancelTask t-9', 'ListTasks c']);
  });
});
