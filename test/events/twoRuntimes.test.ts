import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRedisStreamsTransport } from '@cortex-os/events-redis';
import type { CloudEvent } from '@cortex-os/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { startEventsRuntime, testFolder } from '../../packages/plugin-events/test/plugin/eventsRuntime.js';
import { redisTestUrl } from '../events-redis/redisForTests.js';

// Two runtimes on one Redis stream and one event log file: the deployment ADR 0026 and the
// plugin-events README describe. A browser-style WebSocket (Node's own, token in a subprotocol)
// on one runtime sees what a client posted to the other.
const { url, reason } = redisTestUrl();
const dir = testFolder();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runtime(stream: string, file: string) {
  const transport = createRedisStreamsTransport({ url: url as string, stream });
  const started = await startEventsRuntime({ file, record: ['notes.*'] }, {}, transport);
  // Its stream reader is positioned (after the stream's last entry) before anything is posted.
  await transport.ready;
  return started;
}

/** The first frame of `kind` the socket receives. */
function frame(socket: WebSocket, kind: string): Promise<{ kind: string; event?: CloudEvent }> {
  return new Promise((resolve) =>
    socket.addEventListener('message', (m) => {
      const message = JSON.parse(String(m.data)) as { kind: string; event?: CloudEvent };
      if (message.kind === kind) resolve(message);
    }),
  );
}

describe.skipIf(reason !== undefined)('two runtimes on one Redis stream and one event log', () => {
  it('delivers an event posted to one runtime to a WebSocket subscriber of the other, and logs it once', async () => {
    const stream = `events-two:${randomUUID()}`;
    const file = join(dir, 'shared.sqlite');
    await using web = await runtime(stream, file);
    await using worker = await runtime(stream, file);
    const socket = new WebSocket(`${worker.base.replace('http', 'ws')}/a2a/events/notes.*`, ['a2a.events.v1', `bearer.${worker.token}`]);
    const arrived = frame(socket, 'event');
    await frame(socket, 'live');
    expect(socket.protocol).toBe('a2a.events.v1');
    const posted = await web.call('/a2a/events/notes.added', {
      method: 'POST',
      body: { id: 'o-1', source: '/web', data: { id: 'n1', words: 2 } },
    });
    expect(posted.status).toBe(201);
    expect((await arrived).event).toEqual(posted.body);
    // Both runtimes recorded it (one from the POST, one from the stream); the log holds it once.
    await Promise.all([web.events.flush(), worker.events.flush()]);
    expect((await worker.call('/a2a/events?type=notes.*')).body.events?.map((e) => e.id)).toEqual([posted.body['id']]);
    socket.close();
  });
});
