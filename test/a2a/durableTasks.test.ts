// Durable A2A tasks: a runtime serving its agent over A2A with a SqliteA2aTaskStore is killed with
// SIGKILL mid-task and started again on the same file; the task is still there (GetTask), is run
// again, a client that subscribes to it again (SubscribeToTask) sees it complete, and a push
// receiver registered before the kill (a real server on 127.0.0.1) is told it completed.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { A2aJsonRpcClient } from '@cortex-os/plugin-a2a';
import { afterAll, describe, expect, it } from 'vitest';
import { builtFile } from '../support/builtFile.js';
import { httpCall } from '../support/httpCall.js';
import { runFixture } from '../support/runFixture.js';

builtFile('packages/plugin-a2a/dist/index.js');

const root = mkdtempSync(join(tmpdir(), 'a2a-durable-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function startServer(file: string, mode: 'block' | 'gate') {
  const server = runFixture(join(import.meta.dirname, 'durableServer.ts'), [file, mode]);
  const { url } = JSON.parse(await server.next((line) => line.startsWith('{'))) as { url: string };
  return { server, url, client: new A2aJsonRpcClient({ agent: 'durable', url: `${url}/a2a/jsonrpc`, version: '1.0' }) };
}

let receiver: Server | undefined;
afterAll(() => receiver?.close());

/** A push receiver on 127.0.0.1; `completed` settles with the first body that says the task completed. */
async function startReceiver() {
  let done: (body: string) => void = () => undefined;
  const completed = new Promise<string>((resolve) => {
    done = resolve;
  });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on('end', () => {
      res.writeHead(200).end();
      if (body.includes('TASK_STATE_COMPLETED')) done(body);
    });
  });
  await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, completed };
}

type Event = { task?: { id: string }; statusUpdate?: { status: { state: string } }; artifactUpdate?: unknown };

describe('durable A2A tasks', () => {
  it('keeps a task across a SIGKILL, runs it again on restart and lets a resubscribed client follow it to completed', async () => {
    const file = join(root, 'a2a.sqlite');
    const hook = await startReceiver();
    const first = await startServer(file, 'block');
    const stream = first.client.stream({
      message: { messageId: 'm-1', role: 'ROLE_USER', parts: [{ text: 'Weather in Oslo?' }], metadata: { skillId: 'forecaster' } },
    });
    const opened = (await stream.next()).value as Event;
    const id = opened.task?.id ?? '';
    expect(id).not.toBe('');
    // The run has started (and the store holds `working`) once its first status update arrives.
    expect(((await stream.next()).value as Event).statusUpdate?.status.state).toBe('TASK_STATE_WORKING');
    const created = await httpCall(
      `${first.url}/a2a/jsonrpc`,
      'POST',
      { 'content-type': 'application/json', 'a2a-version': '1.0' },
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'CreateTaskPushNotificationConfig',
        params: { taskId: id, id: 'hook', url: hook.url },
      }),
    );
    expect(JSON.parse(created.body)).toMatchObject({ result: { id: 'hook', url: hook.url } });
    first.server.child.kill('SIGKILL');
    expect((await first.server.exited).signal).toBe('SIGKILL');
    await stream.return(undefined).catch(() => undefined);

    const second = await startServer(file, 'gate');
    const kept = (await second.client.call('GetTask', { id }, id)) as { id: string; status: { state: string }; history: unknown[] };
    expect(kept.id).toBe(id);
    expect(kept.status.state).toBe('TASK_STATE_WORKING');

    const events: Event[] = [];
    const follow = second.client.stream({ id }, 'SubscribeToTask');
    const firstEvent = (await follow.next()).value as Event;
    expect(firstEvent.task?.id).toBe(id);
    second.server.say('release');
    for await (const event of follow) events.push(event as Event);
    const states = events.flatMap((event) => (event.statusUpdate === undefined ? [] : [event.statusUpdate.status.state]));
    expect(states.at(-1)).toBe('TASK_STATE_COMPLETED');
    expect(JSON.stringify(events)).toContain('Sunny in Oslo.');

    const done = (await second.client.call('GetTask', { id }, id)) as { status: { state: string }; artifacts: { parts: unknown[] }[] };
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    expect(done.artifacts[0]?.parts).toEqual([{ text: 'Sunny in Oslo.', mediaType: 'text/plain' }]);
    const pushed = JSON.parse(await hook.completed) as { statusUpdate: { taskId: string; status: { state: string } } };
    expect(pushed.statusUpdate).toMatchObject({ taskId: id, status: { state: 'TASK_STATE_COMPLETED' } });
  }, 30_000);
});
