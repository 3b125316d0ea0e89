// The HTTP+JSON (REST) binding: the card lists it, the official @a2a-js/sdk client speaks it to
// our server (send, get, list, stream, resubscribe, cancel) over real HTTP on 127.0.0.1, it
// answers what the JSON-RPC binding answers for the same task, and its errors are the SDK's
// REST error bodies with the A2A HTTP statuses.
import { type StreamResponse, type Task, TaskState } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, RestTransportFactory } from '@a2a-js/sdk/client';
import { A2aJsonRpcClient } from '@cortex-os/plugin-a2a';
import { describe, expect, it } from 'vitest';
import { httpCall } from '../support/httpCall.js';
import { startA2aRuntime, userMessage, waitScript, weatherScript } from './fixtures.js';

const restClient = (url: string) =>
  new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new RestTransportFactory()],
      preferredTransports: ['HTTP+JSON'],
    }),
  ).createFromUrl(url);

describe('the A2A HTTP+JSON binding', () => {
  it('is listed on the card and serves the SDK’s REST client: send, get, list, stream', async () => {
    await using runtime = await startA2aRuntime([...weatherScript, ...weatherScript]);
    const cardAnswer = await httpCall(`${runtime.url}/.well-known/agent-card.json`, 'GET', { 'a2a-version': '1.0' });
    const card = JSON.parse(cardAnswer.body) as {
      supportedInterfaces: { url: string; protocolBinding: string; protocolVersion: string }[];
    };
    expect(card.supportedInterfaces).toContainEqual(
      expect.objectContaining({ url: `${runtime.url}/a2a/rest`, protocolBinding: 'HTTP+JSON', protocolVersion: '1.0' }),
    );

    const client = await restClient(runtime.url);
    const task = (await client.sendMessage({
      tenant: '',
      message: userMessage('Weather?'),
      configuration: undefined,
      metadata: undefined,
    })) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const again = await client.getTask({ tenant: '', id: task.id });
    expect(again.artifacts[0]?.parts[0]?.content).toEqual({ $case: 'text', value: 'Sunny in Oslo.' });
    const listed = await client.listTasks({
      tenant: '',
      contextId: '',
      status: TaskState.TASK_STATE_UNSPECIFIED,
      pageToken: '',
      statusTimestampAfter: undefined,
    });
    expect(listed.tasks.map((t) => t.id)).toEqual([task.id]);

    const events: StreamResponse[] = [];
    for await (const event of client.sendMessageStream({
      tenant: '',
      message: userMessage('Again?'),
      configuration: undefined,
      metadata: undefined,
    })) {
      events.push(event);
    }
    const kinds = events.map((e) => e.payload?.$case);
    expect(kinds[0]).toBe('task');
    expect(kinds.slice(1, -2).every((kind) => kind === 'statusUpdate')).toBe(true); // working, then one per step
    expect(kinds.slice(-2)).toEqual(['artifactUpdate', 'statusUpdate']);
    const last = events.at(-1)?.payload;
    expect(last?.$case === 'statusUpdate' && last.value.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);

    // Both bindings answer the same task alike.
    const overJsonRpc = await new A2aJsonRpcClient({ agent: 'w', url: `${runtime.url}/a2a/jsonrpc`, version: '1.0' }).call('GetTask', {
      id: task.id,
    });
    const overRest = JSON.parse(
      (await httpCall(`${runtime.url}/a2a/rest/tasks/${task.id}`, 'GET', { 'a2a-version': '1.0' })).body,
    ) as unknown;
    expect(overRest).toEqual(overJsonRpc);
  });

  it('resubscribes to and cancels a running task', async () => {
    await using runtime = await startA2aRuntime(waitScript);
    const client = await restClient(runtime.url);
    const stream = client.sendMessageStream({ tenant: '', message: userMessage('wait'), configuration: undefined, metadata: undefined });
    const first = (await stream.next()).value as StreamResponse;
    const taskId = first.payload?.$case === 'task' ? first.payload.value.id : '';
    const follow = client.resubscribeTask({ tenant: '', id: taskId });
    expect(((await follow.next()).value as StreamResponse).payload?.$case).toBe('task');
    const canceled = await client.cancelTask({ tenant: '', id: taskId, metadata: {} });
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    const rest: StreamResponse[] = [];
    for await (const event of follow) rest.push(event);
    const end = rest.at(-1)?.payload;
    expect(end?.$case === 'statusUpdate' && end.value.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    await stream.return(undefined);
  });

  it('answers errors as the SDK’s REST error bodies with A2A HTTP statuses', async () => {
    await using runtime = await startA2aRuntime(weatherScript);
    const v1 = { 'a2a-version': '1.0', 'content-type': 'application/json' };
    const cases: [string, string, Record<string, string>, string | undefined, number, string][] = [
      ['GET', '/tasks/no-such-task', v1, undefined, 404, 'TASK_NOT_FOUND'],
      ['GET', '/tasks?pageSize=0', v1, undefined, 400, 'pageSize'],
      ['POST', '/message:send', v1, JSON.stringify({ message: { role: 'ROLE_USER', parts: [{ text: 'x' }] } }), 400, 'messageId'],
      ['POST', '/message:send', v1, '[1]', 400, 'JSON object'],
      ['GET', '/nowhere', v1, undefined, 404, 'No A2A route'],
      ['GET', '/tasks/t-1', { 'a2a-version': '9.9' }, undefined, 400, "'9.9' is not supported"],
      ['POST', '/tasks/t-1/pushNotificationConfigs', v1, JSON.stringify({ url: 'https://example.org/' }), 400, 'Push'],
    ];
    for (const [method, path, headers, body, status, text] of cases) {
      const answer = await httpCall(`${runtime.url}/a2a/rest${path}`, method, headers, body);
      expect(answer.status, `${method} ${path}`).toBe(status);
      expect(answer.body, `${method} ${path}`).toContain(text);
      expect(answer.body).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('serves every route under a tenant prefix (/{tenant}/…): tasks of one tenant are not another’s', async () => {
    await using runtime = await startA2aRuntime([...weatherScript, ...weatherScript]);
    const client = await restClient(runtime.url);
    const task = (await client.sendMessage({
      tenant: 'acme',
      message: userMessage('Weather?'),
      configuration: undefined,
      metadata: undefined,
    })) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect((await client.getTask({ tenant: 'acme', id: task.id })).id).toBe(task.id);
    const headers = { 'a2a-version': '1.0' };
    const listed = (tenant: string) => httpCall(`${runtime.url}/a2a/rest/${tenant}/tasks`, 'GET', headers);
    expect((JSON.parse((await listed('acme')).body) as { tasks: { id: string }[] }).tasks.map((t) => t.id)).toEqual([task.id]);
    expect((JSON.parse((await listed('globex')).body) as { tasks?: unknown[] }).tasks ?? []).toEqual([]);
    // Without the prefix (the default tenant) or under another tenant, the task is not found.
    expect((await httpCall(`${runtime.url}/a2a/rest/tasks/${task.id}`, 'GET', headers)).status).toBe(404);
    expect((await httpCall(`${runtime.url}/a2a/rest/globex/tasks/${task.id}`, 'GET', headers)).status).toBe(404);
    // A path that is a route by itself is never read as a tenant: /tasks/{id} is GetTask.
    expect((await httpCall(`${runtime.url}/a2a/rest/acme/tasks/${task.id}`, 'GET', headers)).status).toBe(200);
  });
});
