import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { A2aJsonRpcClient } from '@cortex-os/plugin-a2a';
import { afterEach, describe, expect, it } from 'vitest';

interface Seen {
  readonly version: string | undefined;
  readonly request: { id: number; method: string; params: unknown };
}

let server: Server | undefined;

async function readJson(request: IncomingMessage): Promise<Seen['request']> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** A real JSON-RPC server on 127.0.0.1; `answer` builds the raw reply to each request. */
async function serve(answer: (request: Seen['request']) => string | number): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer(async (request, response) => {
    const body = await readJson(request);
    seen.push({ version: request.headers['a2a-version'] as string | undefined, request: body });
    const reply = answer(body);
    if (typeof reply === 'number') response.writeHead(reply).end();
    else response.writeHead(200, { 'content-type': 'application/json' }).end(reply);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/a2a`, seen };
}

afterEach(async () => {
  const running = server;
  if (running !== undefined) await new Promise((resolve) => running.close(resolve));
  server = undefined;
});

const task = { id: 't-1', contextId: 'c-1', status: { state: 'completed' }, kind: 'task' };

describe('A2aJsonRpcClient', () => {
  it('sends v1.0 method names with the A2A-Version header and returns the result', async () => {
    const { url, seen } = await serve((request) => JSON.stringify({ jsonrpc: '2.0', id: request.id, result: task }));
    const client = new A2aJsonRpcClient({ agent: 'weather', url, version: '1.0' });
    expect(await client.call('GetTask', { id: 't-1' })).toEqual(task);
    expect(await client.call('CancelTask', { id: 't-1' })).toEqual(task);
    expect(seen.map((s) => [s.version, s.request.method, s.request.id])).toEqual([
      ['1.0', 'GetTask', 1],
      ['1.0', 'CancelTask', 2],
    ]);
  });

  it('spells methods the 0.3 way for 0.3 agents', async () => {
    const { url, seen } = await serve((request) => JSON.stringify({ jsonrpc: '2.0', id: request.id, result: task }));
    const old = new A2aJsonRpcClient({ agent: 'old', url, version: '0.3' });
    await old.call('SendMessage', { message: {} });
    await old.call('GetTask', { id: 't-1' });
    await old.call('CancelTask', { id: 't-1' });
    expect(seen.map((s) => [s.version, s.request.method])).toEqual([
      ['0.3', 'message/send'],
      ['0.3', 'tasks/get'],
      ['0.3', 'tasks/cancel'],
    ]);
  });

  it('lists tasks over 1.0 and refuses ListTasks over 0.3, which has no such method, without sending it', async () => {
    const { url, seen } = await serve((request) => JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { tasks: [] } }));
    expect(await new A2aJsonRpcClient({ agent: 'weather', url, version: '1.0' }).call('ListTasks', {})).toEqual({ tasks: [] });
    await expectCortexError(new A2aJsonRpcClient({ agent: 'old', url, version: '0.3' }).call('ListTasks', {}), 'A2A_OPERATION_UNSUPPORTED');
    expect(seen.map((s) => s.request.method)).toEqual(['ListTasks']);
  });

  it('maps protocol errors to typed errors', async () => {
    const { url } = await serve((request) =>
      JSON.stringify({ jsonrpc: '2.0', id: request.id, error: { code: -32001, message: 'Task not found' } }),
    );
    const error = await expectCortexError(
      new A2aJsonRpcClient({ agent: 'weather', url, version: '1.0' }).call('GetTask', { id: 'x' }, 'x'),
      'A2A_TASK_NOT_FOUND',
    );
    expect(error.message).toBe('Remote agent "weather" knows no task "x".');
  });

  it.each([
    ['an HTTP error', () => 502, 'HTTP 502'],
    ['non-JSON', () => '<html>', 'not JSON'],
    ['a reply to another request', () => JSON.stringify({ jsonrpc: '2.0', id: 99, result: {} }), 'not a JSON-RPC 2.0 response'],
    ['neither result nor error', (r: { id: number }) => JSON.stringify({ jsonrpc: '2.0', id: r.id }), 'neither result nor error'],
  ])('rejects %s as A2A_REMOTE_FAILED', async (_name, answer, reason) => {
    const { url } = await serve(answer);
    const error = await expectCortexError(
      new A2aJsonRpcClient({ agent: 'weather', url, version: '1.0' }).call('GetTask', {}),
      'A2A_REMOTE_FAILED',
    );
    expect(error.message).toContain(reason);
  });

  it('rejects a version it cannot speak', async () => {
    await expectCortexError(
      Promise.resolve().then(() => new A2aJsonRpcClient({ agent: 'far', url: 'http://127.0.0.1:1/', version: '2.0' })),
      'A2A_VERSION_UNSUPPORTED',
    );
  });
});
