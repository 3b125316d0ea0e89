import { Client, StreamableHTTPClientTransport } from '@cortex-os/plugin-mcp/testing';
import { createTaskSessionFromClient, resultFromTaskOutcome, toolDeclarationFromMcpTool } from '@modelcontextprotocol/ext-tasks/client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { expectedAnswer } from '../agents/taskKernel.js';
import { startRuntime } from './mcpTaskRuntime.js';

type JsonValue = Parameters<NonNullable<Parameters<typeof createTaskSessionFromClient>[1]['rawDispatch']>>[0];
const protocolVersion = '2026-07-28';

/**
 * The raw request path the extension's requester needs beside the SDK client (whose codecs refuse
 * task-shaped results): one JSON-RPC request per HTTP POST, with the 2026-07-28 headers.
 */
function rawDispatch(url: URL, token: string) {
  let nextId = 1;
  return async (request: JsonValue, options?: { readonly signal?: AbortSignal }) => {
    const { method, params } = request as { method: string; params?: Record<string, unknown> };
    const named = method === 'tools/call' ? params?.name : params?.taskId;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${token}`,
        'mcp-protocol-version': protocolVersion,
        'mcp-method': method,
        ...(typeof named === 'string' ? { 'mcp-name': named } : {}),
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
      ...(options?.signal === undefined ? {} : { signal: options.signal }),
    });
    const text = await response.text();
    const body = response.headers.get('content-type')?.includes('text/event-stream')
      ? (text
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .at(-1)
          ?.slice(5) ?? '{}')
      : text;
    const message = JSON.parse(body) as { result?: JsonValue; error?: { code: number; message: string } };
    return message.error === undefined
      ? { kind: 'result' as const, result: message.result as JsonValue }
      : { kind: 'error' as const, error: message.error };
  };
}

type InputHandler = NonNullable<Parameters<typeof createTaskSessionFromClient>[1]['onInputRequest']>;

/** A 2026-07-28 SDK client as `who`, with an ext-tasks session speaking the Tasks extension over the raw path. */
async function connectModern(runtime: Awaited<ReturnType<typeof startRuntime>>, who: 'alice' | 'bob', onInputRequest?: InputHandler) {
  const client = new Client({ name: who, version: '1' }, { versionNegotiation: { mode: 'auto' } });
  const headers = { authorization: `Bearer ${runtime.tokens[who]}` };
  await client.connect(new StreamableHTTPClientTransport(runtime.url, { requestInit: { headers } }));
  onTestFinished(() => client.close());
  expect(client.getProtocolEra()).toBe('modern');
  const session = createTaskSessionFromClient(client, {
    endpointId: `cortex-${who}`,
    rawDispatch: rawDispatch(runtime.url, runtime.tokens[who]),
    v2RequestFraming: { protocolVersion, clientInfo: { name: who, version: '1' }, clientCapabilities: { elicitation: { form: {} } } },
    ...(onInputRequest === undefined ? {} : { onInputRequest }),
  });
  onTestFinished(() => session.close());
  return { client, session };
}

describe('the 2026-07-28 Tasks extension (io.modelcontextprotocol/tasks) over durable tasks', () => {
  it('runs an agent tool as a durable task for a client of the extension, asking its approvals as inputRequests answered by tasks/update', async () => {
    const runs: string[] = [];
    const runtime = await startRuntime((_, callId) => void runs.push(callId));
    const asked: string[] = [];
    const { client, session } = await connectModern(runtime, 'alice', async (request) => {
      asked.push(String((request as { params?: { message?: unknown } }).params?.message));
      return { action: 'accept', content: { approved: true } } as never;
    });
    expect(client.getServerCapabilities()?.extensions).toMatchObject({ 'io.modelcontextprotocol/tasks': {} });
    const tool = (await client.listTools()).tools.find((t) => t.name === 'agent.careful')!;
    const execution = await session.callTool(
      'agent.careful',
      { input: 'Keep the books.' },
      { declaration: toolDeclarationFromMcpTool(tool) },
    );
    expect(execution.kind).toBe('task');
    const taskId = String(execution.handle?.taskId);
    expect(await runtime.tasks.get(taskId)).toMatchObject({ agent: 'careful', principal: 'alice' });
    const { outcome } = await execution.settle();
    expect(outcome.status).toBe('completed');
    const result = resultFromTaskOutcome(outcome) as { content: unknown; isError?: boolean };
    expect(result).toMatchObject({ isError: false, content: [{ type: 'text', text: expectedAnswer }] });
    // Each approval was one input request, answered once; every write ran once.
    expect(asked).toEqual([expect.stringContaining('approval:1:w1'), expect.stringContaining('approval:2:w2')]);
    expect(runs).toEqual(['tool:0:r1', 'tool:1:r2', 'tool:1:w1', 'tool:2:w2']);
  });

  it('shows a task only to its owner, cancels it with tasks/cancel, and runs a plain call for a client without the extension', async () => {
    const runtime = await startRuntime();
    const alice = await connectModern(runtime, 'alice');
    const bob = await connectModern(runtime, 'bob');
    const tool = (await alice.client.listTools()).tools.find((t) => t.name === 'agent.careful')!;
    // Without an input handler, the approval stays unanswered and the task waits.
    const execution = await alice.session.callTool(
      'agent.careful',
      { input: 'Keep the books.' },
      { declaration: toolDeclarationFromMcpTool(tool) },
    );
    const taskId = String(execution.handle?.taskId) as Parameters<typeof bob.session.task>[0];
    expect((await runtime.tasks.settled(taskId)).state).toBe('input-required');
    await expect(bob.session.task(taskId).snapshot()).rejects.toMatchObject({ code: -32602 });
    await expect(bob.session.cancelTask(taskId)).rejects.toMatchObject({ code: -32602 });
    await alice.session.cancelTask(taskId);
    expect((await runtime.tasks.get(taskId)).state).toBe('cancelled');
    expect((await execution.settle()).outcome.status).toBe('cancelled');
    // A 2026-07-28 client that does not speak the extension gets the call run in its request, as before.
    const plain = await bob.client.callTool({ name: 'agent.bookkeeper', arguments: { input: 'Keep the books.' } });
    expect(plain.structuredContent).toMatchObject({ status: 'completed' });
    expect((await runtime.tasks.list()).map((task) => task.id)).toEqual([taskId]);
  });

  it('reports a failed task with its reason as the error, and refuses a tasks/update without input responses', async () => {
    const runtime = await startRuntime();
    const alice = await connectModern(runtime, 'alice');
    const { id } = await runtime.tasks.submit({ agent: 'nobody', input: 'Keep the books.', principal: 'alice' });
    expect((await runtime.tasks.settled(id)).state).toBe('failed');
    const dispatch = rawDispatch(runtime.url, runtime.tokens.alice);
    const framed = (method: string, params: Record<string, JsonValue>) => ({
      method,
      params: {
        ...params,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': protocolVersion,
          'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
          'io.modelcontextprotocol/clientCapabilities': { extensions: { 'io.modelcontextprotocol/tasks': {} } },
        },
      },
    });
    const got = await dispatch(framed('tasks/get', { taskId: id }));
    expect(got).toMatchObject({
      kind: 'result',
      result: { taskId: id, status: 'failed', error: { code: -32603, message: expect.stringContaining('AGENT_UNKNOWN') } },
    });
    const update = await dispatch(framed('tasks/update', { taskId: id }));
    expect(update).toMatchObject({ kind: 'error', error: { code: -32602, message: expect.stringContaining('inputResponses') } });
    // Answers to a task that waits for nothing change nothing.
    expect(
      await dispatch(framed('tasks/update', { taskId: id, inputResponses: { 'approval:1:w1': { action: 'decline' } } })),
    ).toMatchObject({
      kind: 'result',
    });
    expect((await runtime.tasks.get(id)).state).toBe('failed');
    expect(alice.client.getProtocolEra()).toBe('modern');
  });
});
