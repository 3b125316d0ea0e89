import { describe, expect, it } from 'vitest';
import { serveEchoRest } from '../support/serveEchoRest.js';

/** The REST handler on a plain node:http server, with or without push notifications; returns its URL. */
const start = async (pushNotifications = false): Promise<string> => (await serveEchoRest(pushNotifications)).rest;

const v1 = { 'a2a-version': '1.0', 'content-type': 'application/json' };
const send = (text: string) => JSON.stringify({ message: { messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text }] } });

describe('createA2aRestHandler', () => {
  it('sends, reads, lists, streams and resubscribes over plain node:http', async () => {
    const rest = await start();
    const sent = (await (await fetch(`${rest}/message:send`, { method: 'POST', headers: v1, body: send('hi') })).json()) as {
      task: { id: string; status: { state: string }; artifacts: { parts: unknown[] }[] };
    };
    expect(sent.task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(sent.task.artifacts[0]?.parts).toEqual([{ text: 'echo: hi', mediaType: 'text/plain' }]);
    const got = (await (await fetch(`${rest}/tasks/${sent.task.id}?historyLength=0`, { headers: v1 })).json()) as {
      id: string;
      history?: unknown[];
    };
    expect(got.id).toBe(sent.task.id);
    expect(got.history ?? []).toEqual([]);
    const listed = (await (
      await fetch(`${rest}/tasks?pageSize=10&status=TASK_STATE_COMPLETED&includeArtifacts=true`, { headers: v1 })
    ).json()) as {
      tasks: { id: string }[];
    };
    expect(listed.tasks.map((t) => t.id)).toEqual([sent.task.id]);
    const stream = await (await fetch(`${rest}/message:stream`, { method: 'POST', headers: v1, body: send('again') })).text();
    expect(stream.match(/^data: /gm)).toHaveLength(4);
    expect(stream).toContain('TASK_STATE_COMPLETED');
    const finished = await fetch(`${rest}/tasks/${sent.task.id}:subscribe`, { headers: v1 });
    expect(finished.status).toBe(400); // a finished task cannot be subscribed to (UnsupportedOperation)
    const cancel = await fetch(`${rest}/tasks/${sent.task.id}:cancel`, { method: 'POST', headers: v1 });
    expect(cancel.status).toBe(400); // the SDK's mapping of TaskNotCancelable
    expect(await cancel.text()).toContain('FAILED_PRECONDITION');
  });

  it('answers the push config routes when the card declares push notifications, and -32003’s status otherwise', async () => {
    const off = await start();
    const refused = await fetch(`${off}/tasks/t-1/pushNotificationConfigs`, {
      method: 'POST',
      headers: v1,
      body: JSON.stringify({ url: 'https://example.org/' }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('PUSH_NOTIFICATION_NOT_SUPPORTED');
    const on = await start(true);
    const sent = (await (await fetch(`${on}/message:send`, { method: 'POST', headers: v1, body: send('hi') })).json()) as {
      task: { id: string };
    };
    const configs = `${on}/tasks/${sent.task.id}/pushNotificationConfigs`;
    const created = await fetch(configs, {
      method: 'POST',
      headers: v1,
      body: JSON.stringify({ id: 'c-1', url: 'https://example.org/hook' }),
    });
    expect(created.status).toBe(201);
    expect(((await (await fetch(configs, { headers: v1 })).json()) as { configs: unknown[] }).configs).toHaveLength(1);
    expect(((await (await fetch(`${configs}/c-1`, { headers: v1 })).json()) as { url: string }).url).toBe('https://example.org/hook');
    expect((await fetch(`${configs}/c-1`, { method: 'DELETE', headers: v1 })).status).toBe(204);
  });

  it('refuses malformed requests with the SDK’s REST error bodies', async () => {
    const rest = await start();
    const cases: [string, string, Record<string, string>, string | undefined, number][] = [
      ['POST', '/message:send', v1, '{not json', 400],
      ['POST', '/message:send', v1, '"text"', 400],
      ['GET', '/tasks?historyLength=-1', v1, undefined, 400],
      ['GET', '/tasks/unknown', v1, undefined, 404],
      ['GET', '/tasks/unknown', { 'content-type': 'application/json' }, undefined, 400],
      ['DELETE', '/tasks', v1, undefined, 404],
    ];
    for (const [method, path, headers, body, status] of cases) {
      const answer = await fetch(`${rest}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      expect(answer.status, `${method} ${path}`).toBe(status);
      const json = (await answer.json()) as { error: { code: number; status: string; message: string } };
      expect(json.error.code, `${method} ${path}`).toBe(status);
    }
  });
});
