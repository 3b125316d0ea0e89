import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedisStreamsTransport } from '@cortex-os/events-redis';
import { httpServiceToken } from '@cortex-os/http-api';
import { type CloudEvent, defineEvent, definePlugin } from '@cortex-os/kernel';
import { createTestKernel } from '@cortex-os/kernel/testing';
import { eventsPlugin, eventsServiceToken } from '@cortex-os/plugin-events';
import { httpPlugin } from '@cortex-os/plugin-http';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { redisTestUrl } from '../events-redis/redisForTests.js';

// Two runtimes on one Redis stream and one event log file: the deployment ADR 0026 and the
// plugin-events README describe. A browser-style WebSocket (Node's own, token in a subprotocol)
// on one runtime sees what a client posted to the other.
const { url, reason } = redisTestUrl();
const dir = mkdtempSync(join(tmpdir(), 'events-two-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const orderPlaced = defineEvent({ type: 'order.placed', version: '1.0.0', data: z.strictObject({ order: z.string() }) });
const token = randomUUID();

async function runtime(stream: string, file: string) {
  const transport = createRedisStreamsTransport({ url: url as string, stream });
  const kernel = createTestKernel({
    eventTransport: transport,
    plugins: [
      httpPlugin({
        host: '127.0.0.1',
        port: 0,
        metrics: { enabled: false, path: '/metrics', defaultMetrics: false },
        tracing: { enabled: false },
        auth: { tokens: [{ token, principal: 'shop' }] },
      }),
      definePlugin({ name: 'shop', version: '1.0.0', events: [orderPlaced] })(),
      eventsPlugin({ file, record: ['order.*'] }),
    ],
  });
  await kernel.start();
  // Its stream reader is positioned (after the stream's last entry) before anything is posted.
  await transport.ready;
  const base = (await kernel.get(httpServiceToken).listen()).url;
  return { kernel, base, events: kernel.get(eventsServiceToken), [Symbol.asyncDispose]: async () => void (await kernel.stop()) };
}

describe.skipIf(reason !== undefined)('two runtimes on one Redis stream and one event log', () => {
  it('delivers an event posted to one runtime to a WebSocket subscriber of the other, and logs it once', async () => {
    const stream = `events-two:${randomUUID()}`;
    const file = join(dir, 'shared.sqlite');
    await using web = await runtime(stream, file);
    await using worker = await runtime(stream, file);
    const socket = new WebSocket(`${worker.base.replace('http', 'ws')}/a2a/events/order.*`, ['a2a.events.v1', `bearer.${token}`]);
    const arrived = new Promise<CloudEvent>((resolve) =>
      socket.addEventListener('message', (m) => {
        const frame = JSON.parse(String(m.data)) as { kind: string; event?: CloudEvent };
        if (frame.kind === 'event' && frame.event !== undefined) resolve(frame.event);
      }),
    );
    await new Promise<void>((resolve) =>
      socket.addEventListener('message', (m) => {
        if ((JSON.parse(String(m.data)) as { kind: string }).kind === 'live') resolve();
      }),
    );
    expect(socket.protocol).toBe('a2a.events.v1');
    const posted = await fetch(`${web.base}/a2a/events/order.placed`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'o-1', source: '/web', data: { order: 'A-1' } }),
    });
    expect(posted.status).toBe(201);
    const event = (await posted.json()) as CloudEvent;
    expect(await arrived).toEqual(event);
    // Both runtimes recorded it (one from the POST, one from the stream); the log holds it once.
    await Promise.all([web.events.flush(), worker.events.flush()]);
    const page = (await (
      await fetch(`${worker.base}/a2a/events?type=order.*`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      events: CloudEvent[];
    };
    expect(page.events.map((e) => e.id)).toEqual([event.id]);
    socket.close();
  });
});
