// The A2A 0.3 HTTP+JSON paths (`/v1/…`) of createA2aRestHandler, driven by @a2a-js/sdk's own 0.3
// REST client (LegacyRestTransport) over real HTTP on 127.0.0.1, and their error bodies.
import { type StreamResponse, type Task, TaskState } from '@a2a-js/sdk';
import { Client } from '@a2a-js/sdk/client';
import { LegacyRestTransport } from '@a2a-js/sdk/compat/v0_3/client';
import { describe, expect, it } from 'vitest';
import { serveEchoRest } from '../support/serveEchoRest.js';

/** The REST binding on a plain node:http server and an SDK 0.3 REST client for it. */
async function start(pushNotifications = false): Promise<{ rest: string; client: Client }> {
  const { rest, card } = await serveEchoRest(pushNotifications);
  return { rest, client: new Client(new LegacyRestTransport({ endpoint: rest }), card) };
}

const message = (text: string) => ({
  tenant: '',
  message: {
    messageId: crypto.randomUUID(),
    contextId: '',
    taskId: '',
    role: 1,
    parts: [{ content: { $case: 'text' as const, value: text }, mediaType: 'text/plain', filename: '', metadata: undefined }],
    metadata: { skillId: 'echo' },
    extensions: [],
    referenceTaskIds: [],
  },
  configuration: undefined,
  metadata: undefined,
});

describe('the A2A 0.3 HTTP+JSON paths', () => {
  it('serve the SDK’s 0.3 REST client: send, get, stream, cancel a finished task, get an unknown one', async () => {
    const { client } = await start();
    expect(client.protocolVersion).toBe('0.3');
    const task = (await client.sendMessage(message('hi'))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(task.artifacts[0]?.parts[0]?.content).toEqual({ $case: 'text', value: 'echo: hi' });
    expect(task.history[0]?.metadata).toEqual({ skillId: 'echo' });

    const again = await client.getTask({ tenant: '', id: task.id, historyLength: 0 });
    expect(again.id).toBe(task.id);
    expect(again.contextId).toBe(task.contextId);
    expect(again.history).toEqual([]);

    const events: StreamResponse[] = [];
    for await (const event of client.sendMessageStream(message('again'))) events.push(event);
    expect(events.map((e) => e.payload?.$case)).toEqual(['task', 'statusUpdate', 'artifactUpdate', 'statusUpdate']);
    const last = events.at(-1)?.payload;
    expect(last?.$case === 'statusUpdate' && last.value.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);

    await expect(client.cancelTask({ tenant: '', id: task.id, metadata: undefined })).rejects.toThrow(/cancel/i);
    await expect(client.getTask({ tenant: '', id: 'no-such-task' })).rejects.toThrow(/not found/i);
  });

  it('answers 0.3 error bodies with the A2A statuses, and a 0.3 request to a v1.0 route is VersionNotSupported', async () => {
    const { rest } = await start();
    const unknown = await fetch(`${rest}/v1/tasks/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ code: -32001, message: expect.stringContaining('nope') });
    const bad = await fetch(`${rest}/v1/message:send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: { messageId: 'm', role: 'ROLE_USER', content: [{ nothing: true }] } }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ code: -32602, message: expect.stringContaining('message.content[0] must have text, file or data') });
    const noRole = await fetch(`${rest}/v1/message:send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: { messageId: 'm', content: [{ text: 'x' }] } }),
    });
    expect(await noRole.json()).toMatchObject({ code: -32602, message: expect.stringContaining('message.role') });
    const notJson = await fetch(`${rest}/v1/message:send`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    const noRoute = await fetch(`${rest}/v1/tasks`);
    expect(noRoute.status).toBe(404); // 0.3 has no ListTasks
    expect(((await noRoute.json()) as { code: number }).code).toBe(-32601);
    const oldOnNew = await fetch(`${rest}/tasks/nope`);
    expect(oldOnNew.status).toBe(400);
    expect(await oldOnNew.text()).toContain('/rest/v1/');
    // A 1.0 request to a /v1 path is a v1.0 request under the tenant `v1`.
    const tenanted = await fetch(`${rest}/v1/tasks/nope`, { headers: { 'a2a-version': '1.0' } });
    expect(tenanted.status).toBe(404);
    expect(await tenanted.text()).toContain('TASK_NOT_FOUND');
  });

  it('sets, gets, lists and deletes push notification configs over 0.3, and refuses them without push', async () => {
    const { client } = await start(true);
    const task = (await client.sendMessage(message('hi'))) as Task;
    const created = await client.createTaskPushNotificationConfig({
      tenant: '',
      id: 'cfg-1',
      taskId: task.id,
      url: 'https://receiver.example/hook',
      token: 'tok',
      authentication: { scheme: 'Bearer', credentials: 'secret' },
    });
    expect(created).toMatchObject({ id: 'cfg-1', taskId: task.id, url: 'https://receiver.example/hook', token: 'tok' });
    const got = await client.getTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: 'cfg-1' });
    expect(got.url).toBe('https://receiver.example/hook');
    const listed = await client.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' });
    expect(listed.configs.map((c) => c.id)).toEqual(['cfg-1']);
    await client.deleteTaskPushNotificationConfig({ tenant: '', taskId: task.id, id: 'cfg-1' });
    const empty = await client.listTaskPushNotificationConfig({ tenant: '', taskId: task.id, pageSize: 0, pageToken: '' });
    expect(empty.configs).toEqual([]);

    // The SDK's client refuses by itself when the card says no push: the server is asked directly.
    const off = await start(false);
    const refused = await fetch(`${off.rest}/v1/tasks/${task.id}/pushNotificationConfigs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pushNotificationConfig: { url: 'https://r.example/' } }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: -32003 });
  });
});
