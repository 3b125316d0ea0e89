// Push retries survive a restart: a runtime whose receiver (a real server on 127.0.0.1) answers 503
// is stopped while it waits to retry; a new runtime on the same SqliteA2aPushOutbox file retries the
// notification once started, and the receiver, now answering 200, gets the same body.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { A2aJsonRpcClient, SqliteA2aPushOutbox } from '@cortex-os/plugin-a2a';
import { afterAll, describe, expect, it } from 'vitest';
import { httpCall } from '../support/httpCall.js';
import { startA2aRuntime, waitScript } from './fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'a2a-push-restart-'));
let receiver: Server | undefined;
afterAll(async () => {
  await new Promise((resolve) => (receiver === undefined ? resolve(undefined) : receiver.close(resolve)));
  rmSync(root, { recursive: true, force: true });
});

/** A receiver answering `status()` to every POST; `until(text, status)` settles with the first body containing `text` answered `status`. */
async function startReceiver(status: () => number) {
  const delivered: { body: string; status: number }[] = [];
  const waiters: { text: string; status: number; resolve: (body: string) => void }[] = [];
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on('end', () => {
      const answered = status();
      res.writeHead(answered).end();
      delivered.push({ body, status: answered });
      for (const waiter of waiters.filter((w) => body.includes(w.text) && w.status === answered)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(body);
      }
    });
  });
  await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
  const until = (text: string, answered: number) =>
    new Promise<string>((resolve) => {
      const found = delivered.find((d) => d.body.includes(text) && d.status === answered);
      if (found !== undefined) resolve(found.body);
      else waiters.push({ text, status: answered, resolve });
    });
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, delivered, until };
}

describe('A2A push retries across a restart', () => {
  it('retries a notification the stopped runtime could not deliver once the new runtime has started', async () => {
    let failing = true;
    const hook = await startReceiver(() => (failing ? 503 : 200));
    const file = join(root, 'outbox.sqlite');
    const firstOutbox = SqliteA2aPushOutbox.open({ file });
    // Many attempts: the first runtime never gives up before it is stopped.
    const push = (outbox: SqliteA2aPushOutbox) => ({ allowedHosts: ['127.0.0.1'], attempts: 10, outbox });
    const first = await startA2aRuntime(waitScript, { push: push(firstOutbox) });
    const client = new A2aJsonRpcClient({ agent: 'w', url: `${first.url}/a2a/jsonrpc`, version: '1.0' });
    const stream = client.stream({ message: { messageId: 'm-1', role: 'ROLE_USER', parts: [{ text: 'wait' }] } });
    const taskId = ((await stream.next()).value as { task: { id: string } }).task.id;
    const headers = { 'content-type': 'application/json', 'a2a-version': '1.0' };
    const params = { taskId, url: hook.url };
    await httpCall(
      `${first.url}/a2a/jsonrpc`,
      'POST',
      headers,
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'CreateTaskPushNotificationConfig', params }),
    );
    await client.call('CancelTask', { id: taskId }, taskId);
    // The task's notifications go out in order: the first is refused and retried, the cancellation waits behind it.
    await hook.until('', 503);
    await stream.return(undefined).catch(() => undefined);
    await first.stop();
    firstOutbox.close();

    failing = false;
    const secondOutbox = SqliteA2aPushOutbox.open({ file });
    const second = await startA2aRuntime(waitScript, { push: push(secondOutbox) });
    try {
      const canceled = await hook.until('TASK_STATE_CANCELED', 200);
      expect(JSON.parse(canceled)).toMatchObject({ statusUpdate: { taskId, status: { state: 'TASK_STATE_CANCELED' } } });
      // The notification refused before the restart was delivered after it, with the same body, before the cancellation.
      const [first, ...rest] = hook.delivered;
      expect(first?.status).toBe(503);
      const retried = rest.findIndex((d) => d.status === 200 && d.body === first?.body);
      expect(retried).toBeGreaterThanOrEqual(0);
      expect(retried).toBeLessThan(rest.findIndex((d) => d.body === canceled));
    } finally {
      await second.stop();
      secondOutbox.close();
    }
  });
});
