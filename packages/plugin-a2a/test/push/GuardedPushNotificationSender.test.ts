import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServerCallContext } from '@a2a-js/sdk/server';
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import { afterEach, describe, expect, it } from 'vitest';
import type { A2aError } from '../../src/errors/A2aError.js';
import { GuardedPushNotificationSender } from '../../src/push/GuardedPushNotificationSender.js';
import { GuardedPushNotificationStore } from '../../src/push/GuardedPushNotificationStore.js';
import { PushTargetGuard } from '../../src/push/PushTargetGuard.js';
import { completedUpdate } from '../support/completedUpdate.js';

let server: Server | undefined;
afterEach(async () => {
  const running = server;
  server = undefined;
  if (running !== undefined) await new Promise((resolve) => running.close(resolve));
});

/** A receiver answering `statuses` in turn (then 200, with `location` on a 3xx); counts requests. */
async function receiver(statuses: number[]): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  server = createServer((req, res) => {
    hits += 1;
    req.resume();
    const status = statuses.shift() ?? 200;
    res.writeHead(status, status >= 300 && status < 400 ? { location: 'http://10.0.0.1/' } : {}).end();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, hits: () => hits };
}

const context = new ServerCallContext();

async function sendTo(url: string, attempts: number) {
  const guard = new PushTargetGuard({ allowedHosts: ['127.0.0.1'] });
  const store = new GuardedPushNotificationStore(guard);
  await store.save('t-1', context, { tenant: '', id: 'cfg', taskId: 't-1', url, token: '', authentication: undefined });
  const failures: A2aError[] = [];
  const sender = new GuardedPushNotificationSender({
    store,
    guard,
    attempts,
    backoff: async () => undefined,
    onFailure: (e) => failures.push(e),
  });
  await sender.send(completedUpdate, context);
  return failures;
}

describe('GuardedPushNotificationSender', () => {
  it('delivers after retrying 503 and 429', async () => {
    const hook = await receiver([503, 429]);
    expect(await sendTo(hook.url, 3)).toEqual([]);
    expect(hook.hits()).toBe(3);
  });

  it('gives up after its attempts with A2A_PUSH_DELIVERY_FAILED', async () => {
    const flaky = await receiver([500, 500, 500]);
    const [failed] = await sendTo(flaky.url, 2);
    expect(failed?.code).toBe('A2A_PUSH_DELIVERY_FAILED');
    expect(failed?.message).toContain('after 2 attempts: HTTP 500');
    expect(flaky.hits()).toBe(2);
  });

  it('does not retry a 404', async () => {
    const missing = await receiver([404]);
    const [failed] = await sendTo(missing.url, 3);
    expect(failed?.code).toBe('A2A_PUSH_DELIVERY_FAILED');
    expect(missing.hits()).toBe(1);
  });

  it('never follows a redirect: the notification is refused', async () => {
    const moved = await receiver([302]);
    const [failed] = await sendTo(moved.url, 3);
    expect(failed?.code).toBe('A2A_PUSH_TARGET_REFUSED');
    expect(failed?.message).toContain('redirect (302)');
    expect(moved.hits()).toBe(1);
  });

  it('retries an unreachable receiver, then reports it', async () => {
    const gone = await receiver([]);
    const url = gone.url;
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const [failed] = await sendTo(url, 2);
    expect(failed?.message).toContain('could not be reached (ECONNREFUSED)');
  });

  it('refuses to store a non-public receiver with the SDK’s invalid-params error', async () => {
    const store = new GuardedPushNotificationStore(new PushTargetGuard());
    const saving = store.save('t-1', context, {
      tenant: '',
      id: 'cfg',
      taskId: 't-1',
      url: 'http://10.0.0.1/',
      token: '',
      authentication: undefined,
    });
    await expect(saving).rejects.toBeInstanceOf(RequestMalformedError);
    expect(await store.load('t-1', context)).toEqual([]);
  });
});
