// A2A 0.3 clients on the HTTP+JSON binding: @a2a-js/sdk's client reads the runtime's 0.3 card,
// picks its 0.3 HTTP+JSON interface (LegacyRestTransport, paths under /a2a/rest/v1/) and drives a
// runtime's agent over real HTTP on 127.0.0.1; the 0.3 bindings answer the same task alike.
import { type AgentCard, type Task, TaskState } from '@a2a-js/sdk';
import { Client, ClientFactory, ClientFactoryOptions, RestTransportFactory } from '@a2a-js/sdk/client';
import { LegacyJsonRpcTransport, parseLegacyAgentCard } from '@a2a-js/sdk/compat/v0_3/client';
import { describe, expect, it } from 'vitest';
import { streamResubscribeCancel } from './streamResubscribeCancel.js';
import { startA2aRuntime, userMessage, waitScript, weatherScript } from './fixtures.js';

/** The card a 0.3 client reads (no `A2A-Version`), as the SDK's 0.3 card parser reads it. */
async function legacyCard(url: string): Promise<AgentCard> {
  const answer = await fetch(`${url}/.well-known/agent-card.json`);
  return parseLegacyAgentCard(await answer.json());
}

const legacyRestClient = async (url: string) =>
  new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new RestTransportFactory({ legacyCompat: { enabled: true } })],
      preferredTransports: ['HTTP+JSON'],
    }),
  ).createFromAgentCard(await legacyCard(url));

const send = (text: string) => ({ tenant: '', message: userMessage(text), configuration: undefined, metadata: undefined });

describe('A2A 0.3 clients on the HTTP+JSON binding', () => {
  it('find the 0.3 REST interface on the 0.3 card and run the agent; the 0.3 JSON-RPC binding reads the same task', async () => {
    await using runtime = await startA2aRuntime(weatherScript, { auth: 'none' });
    const card = await legacyCard(runtime.url);
    expect(card.supportedInterfaces).toContainEqual(
      expect.objectContaining({ url: `${runtime.url}/a2a/rest`, protocolBinding: 'HTTP+JSON', protocolVersion: '0.3' }),
    );
    const client = await legacyRestClient(runtime.url);
    expect([client.protocolVersion]).toEqual(['0.3']);
    const task = (await client.sendMessage(send('Weather in Oslo?'))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(task.artifacts[0]?.parts[0]?.content).toEqual({ $case: 'text', value: 'Sunny in Oslo.' });

    const overRest = await client.getTask({ tenant: '', id: task.id });
    const overJsonRpc = await new Client(new LegacyJsonRpcTransport({ endpoint: `${runtime.url}/a2a/jsonrpc` }), card).getTask({
      tenant: '',
      id: task.id,
    });
    expect(overRest).toEqual(overJsonRpc);
  });

  it('stream a running task, re-subscribe to it and cancel it', async () => {
    await using runtime = await startA2aRuntime(waitScript);
    const client = await legacyRestClient(runtime.url);
    const id = await streamResubscribeCancel(client);
    expect((await client.getTask({ tenant: '', id })).status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  });

  it('are held to the endpoint’s bearer policy like 1.0 clients', async () => {
    const token = 'legacy-rest-token';
    await using runtime = await startA2aRuntime(weatherScript, { auth: 'bearer' }, { auth: { tokens: [{ token, principal: 'p' }] } });
    const body = JSON.stringify({ message: { messageId: 'm-1', role: 'ROLE_USER', content: [{ text: 'Weather?' }] } });
    const anonymous = await fetch(`${runtime.url}/a2a/rest/v1/message:send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(anonymous.status).toBe(401);
    const authorized = await fetch(`${runtime.url}/a2a/rest/v1/message:send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    expect(authorized.status).toBe(201);
    expect(((await authorized.json()) as { task: { status: { state: string } } }).task.status.state).toBe('TASK_STATE_COMPLETED');
  });
});
