// Push retries that outlive the process: a notification whose first attempt failed (HTTP 503 from
// a real receiver on 127.0.0.1) stays in a SqliteA2aPushOutbox when the sender stops before its
// retry; a new sender on the same file (the restarted server) retries it with the attempts it has
// left, and the outbox is empty once it is delivered or given up on.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerCallContext } from '@a2a-js/sdk/server';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { A2aError } from '../../src/errors/A2aError.js';
import { GuardedPushNotificationSender } from '../../src/push/GuardedPushNotificationSender.js';
import { GuardedPushNotificationStore } from '../../src/push/GuardedPushNotificationStore.js';
import { PushTargetGuard } from '../../src/push/PushTargetGuard.js';
import { completedUpdate } from '../support/completedUpdate.js';
import { SqliteA2aPushOutbox } from '../../src/store/SqliteA2aPushOutbox.js';

const root = mkdtempSync(join(tmpdir(), 'a2a-outbox-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let server: Server | undefined;
afterEach(async () => {
  const running = server;
  server = undefined;
  if (running !== undefined) await new Promise((resolve) => running.close(resolve));
});

/** A receiver answering `statuses` in turn (then 200), keeping the bodies it was sent. */
async function receiver(statuses: number[]) {
  const bodies: string[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

const context = new ServerCallContext({ requestedVersion: '1.0' });

function sender(outbox: SqliteA2aPushOutbox, backoff: (attempt: number) => Promise<void>, failures: A2aError[] = []) {
  const guard = new PushTargetGuard({ allowedHosts: ['127.0.0.1'] });
  const store = new GuardedPushNotificationStore(guard);
  const made = new GuardedPushNotificationSender({ store, guard, attempts: 3, backoff, outbox, onFailure: (e) => failures.push(e) });
  return { store, sender: made, failures };
}

describe('push notification retries across a restart', () => {
  it('retries a notification left in the outbox by a stopped sender, with the attempts it has left', async () => {
    const hook = await receiver([503]);
    const file = join(root, 'retry.sqlite');
    const firstOutbox = SqliteA2aPushOutbox.open({ file });
    // The first process stops while it waits to retry: its backoff is where it is stopped.
    let backingOff: (attempt: number) => void = () => undefined;
    const waitsToRetry = new Promise<number>((resolve) => {
      backingOff = resolve;
    });
    const first = sender(firstOutbox, (attempt) => {
      backingOff(attempt);
      return new Promise(() => {});
    });
    await first.store.save('t-1', context, { tenant: '', id: 'cfg', taskId: 't-1', url: hook.url, token: '', authentication: undefined });
    void first.sender.send(completedUpdate, context);
    expect(await waitsToRetry).toBe(1);
    first.sender.close();
    const left = await firstOutbox.pending();
    expect(left.map((d) => [d.taskId, d.attempts, d.config.url])).toEqual([['t-1', 1, hook.url]]);
    firstOutbox.close();

    const secondOutbox = SqliteA2aPushOutbox.open({ file });
    const backoffs: number[] = [];
    const second = sender(secondOutbox, async (attempt) => {
      backoffs.push(attempt);
    });
    expect(await second.sender.resume()).toBe(1);
    // The second attempt, after the backoff its one failed attempt calls for, carries the same body.
    expect(backoffs).toEqual([1]);
    expect(hook.bodies).toHaveLength(2);
    expect(hook.bodies[1]).toBe(hook.bodies[0]);
    expect(JSON.parse(hook.bodies[1] ?? '')).toMatchObject({ statusUpdate: { taskId: 't-1', status: { state: 'TASK_STATE_COMPLETED' } } });
    expect(second.failures).toEqual([]);
    expect(await secondOutbox.pending()).toEqual([]);
    secondOutbox.close();
  });

  it('gives up after the attempts left and empties the outbox', async () => {
    const hook = await receiver([500, 500, 500, 500]);
    const outbox = SqliteA2aPushOutbox.open();
    const config = { tenant: '', id: 'cfg', taskId: 't-2', url: hook.url, token: '', authentication: undefined };
    const id = await outbox.add({ taskId: 't-2', config, contentType: 'application/a2a+json', body: '{}' });
    await outbox.attempted(id, 2);
    const resumed = sender(outbox, async () => undefined);
    expect(await resumed.sender.resume()).toBe(1);
    expect(hook.bodies).toEqual(['{}']);
    expect(resumed.failures.map((e) => e.code)).toEqual(['A2A_PUSH_DELIVERY_FAILED']);
    expect(await outbox.pending()).toEqual([]);
    outbox.close();
  });

  it('drops a delivery whose receiver the guard now refuses, reporting it', async () => {
    const outbox = SqliteA2aPushOutbox.open();
    const config = { tenant: '', id: 'cfg', taskId: 't-3', url: 'http://10.0.0.1/hook', token: '', authentication: undefined };
    await outbox.add({ taskId: 't-3', config, contentType: 'application/a2a+json', body: '{}' });
    const resumed = sender(outbox, async () => undefined);
    await resumed.sender.resume();
    expect(resumed.failures.map((e) => e.code)).toEqual(['A2A_PUSH_TARGET_REFUSED']);
    expect(await outbox.pending()).toEqual([]);
    outbox.close();
  });

  it('records a notification made after close without attempting it, and survives the outbox closing under it', async () => {
    const hook = await receiver([]);
    const outbox = SqliteA2aPushOutbox.open();
    const closed = sender(outbox, async () => undefined);
    await closed.store.save('t-1', context, { tenant: '', id: 'cfg', taskId: 't-1', url: hook.url, token: '', authentication: undefined });
    closed.sender.close();
    await closed.sender.send(completedUpdate, context);
    expect(hook.bodies).toEqual([]);
    expect((await outbox.pending()).map((d) => [d.taskId, d.attempts])).toEqual([['t-1', 0]]);
    outbox.close();
    // The host closed the outbox: a late notification is dropped quietly, not thrown at the SDK.
    await expect(closed.sender.send(completedUpdate, context)).resolves.toBeUndefined();
  });
});
