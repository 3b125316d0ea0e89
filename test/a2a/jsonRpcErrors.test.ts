// Our A2A server's JSON-RPC errors on the wire: codes, ids and messages, never a stack.
import { describe, expect, it } from 'vitest';
import { startA2aRuntime, weatherScript } from './fixtures.js';

async function rpc(
  url: string,
  body: unknown,
  headers: Record<string, string> = { 'a2a-version': '1.0' },
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}/a2a/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const send = (text: string) => ({
  jsonrpc: '2.0',
  id: 'send-1',
  method: 'SendMessage',
  params: { message: { messageId: 'm-1', role: 'ROLE_USER', parts: [{ text }] } },
});

describe('A2A JSON-RPC errors', () => {
  it('answers each bad request with its JSON-RPC code and the request id, never an internal message', async () => {
    await using runtime = await startA2aRuntime(weatherScript);
    const cases: [unknown, number, unknown][] = [
      [{ id: 1, method: 'GetTask', params: { id: 'x' } }, -32600, 1],
      [[{ jsonrpc: '2.0', id: 2, method: 'GetTask' }], -32600, null],
      [{ jsonrpc: '2.0', id: 3, method: 'NoSuchMethod', params: {} }, -32601, 3],
      [{ jsonrpc: '2.0', id: 4, method: 'GetTask', params: 'not-an-object' }, -32602, 4],
      [{ jsonrpc: '2.0', id: 'g', method: 'GetTask', params: { id: 'no-such-task' } }, -32001, 'g'],
      [{ jsonrpc: '2.0', id: 'c', method: 'CancelTask', params: { id: 'no-such-task' } }, -32001, 'c'],
    ];
    for (const [body, code, id] of cases) {
      const { status, json } = await rpc(runtime.url, body);
      expect({ status, code: (json.error as { code: number }).code, id: json.id }).toEqual({ status: 200, code, id });
      expect(JSON.stringify(json)).not.toMatch(/ at |node_modules|\/work\//);
    }
  });

  it('refuses to cancel a completed task (-32002) and answers an unknown A2A-Version with -32009', async () => {
    await using runtime = await startA2aRuntime(weatherScript);
    const sent = await rpc(runtime.url, send('Weather?'));
    const task = (sent.json.result as { task: { id: string; status: { state: string } } }).task;
    expect(task.status.state).toBe('TASK_STATE_COMPLETED');
    const cancel = await rpc(runtime.url, { jsonrpc: '2.0', id: 9, method: 'CancelTask', params: { id: task.id } });
    expect(cancel.json.error).toMatchObject({ code: -32002 });
    const got = await rpc(runtime.url, { jsonrpc: '2.0', id: 10, method: 'GetTask', params: { id: task.id } });
    expect(got.json.result).toMatchObject({ id: task.id, status: { state: 'TASK_STATE_COMPLETED' } });
    const future = await rpc(runtime.url, { jsonrpc: '2.0', id: 11, method: 'GetTask', params: { id: task.id } }, { 'a2a-version': '9.9' });
    expect(future.json.error).toMatchObject({ code: -32009 });
  });

  it('rejects a message without text or for an unknown skill as a rejected task, not a crash', async () => {
    await using runtime = await startA2aRuntime(weatherScript);
    const noText = await rpc(runtime.url, {
      ...send('x'),
      params: { message: { messageId: 'm-2', role: 'ROLE_USER', parts: [{ data: { a: 1 } }] } },
    });
    expect(noText.json.result).toMatchObject({ task: { status: { state: 'TASK_STATE_REJECTED' } } });
    const unknownSkill = await rpc(runtime.url, {
      ...send('x'),
      params: { message: { messageId: 'm-3', role: 'ROLE_USER', parts: [{ text: 'hi' }], metadata: { skillId: 'nobody' } } },
    });
    expect(unknownSkill.json.result).toMatchObject({ task: { status: { state: 'TASK_STATE_REJECTED' } } });
  });

  it('serves the v1.0 card for A2A-Version 1.0 and the 0.3 form otherwise; malformed JSON is a JSON-RPC parse error', async () => {
    await using runtime = await startA2aRuntime(weatherScript);
    const v1 = (await (await fetch(`${runtime.url}/.well-known/agent-card.json`, { headers: { 'a2a-version': '1.0' } })).json()) as Record<
      string,
      unknown
    >;
    expect(v1).not.toHaveProperty('url');
    // The wire JSON of the v1.0 card (protobuf JSON mapping): fields at their default, like an empty tenant, are left out.
    expect(v1.supportedInterfaces).toEqual([
      { url: `${runtime.url}/a2a/jsonrpc`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
      { url: `${runtime.url}/a2a/jsonrpc`, protocolBinding: 'JSONRPC', protocolVersion: '0.3' },
      { url: `${runtime.url}/a2a/rest`, protocolBinding: 'HTTP+JSON', protocolVersion: '1.0' },
      { url: `${runtime.url}/a2a/rest`, protocolBinding: 'HTTP+JSON', protocolVersion: '0.3' },
    ]);
    const legacy = (await (await fetch(`${runtime.url}/.well-known/agent-card.json`)).json()) as Record<string, unknown>;
    expect(legacy).toMatchObject({
      url: `${runtime.url}/a2a/jsonrpc`,
      protocolVersion: '0.3',
      preferredTransport: 'JSONRPC',
      version: '1.2.3',
      // 0.3 HTTP+JSON (its /v1/… paths under the same URL) as the 0.3 card's additional interface.
      additionalInterfaces: [{ url: `${runtime.url}/a2a/rest`, transport: 'HTTP+JSON' }],
    });
    const malformed = await rpc(runtime.url, '{"jsonrpc":');
    expect(malformed).toEqual({
      status: 200,
      json: { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Invalid JSON payload.' } },
    });
    const deep = await rpc(runtime.url, `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(deep.json).toMatchObject({ id: null, error: { code: -32600 } });
  });
});
