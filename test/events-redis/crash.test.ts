import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type CloudEvent, CortexError } from '@cortex-os/kernel';
import { createRedisStreamsTransport, type EventsError, type RedisDelivery, type RedisStreamsTransport } from '@cortex-os/events-redis';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { builtFile } from '../support/builtFile.js';
import { runFixture } from '../support/runFixture.js';
import { collect, kernelBus, noteAdded } from './busForTests.js';
import { OwnRedisServer, redisTestUrl } from './redisForTests.js';

// Real processes on real Redis: three runtimes in three processes, a consumer killed with SIGKILL
// while an event is in flight, and a Redis of the test's own killed with SIGKILL and started again.
builtFile('packages/events-redis/dist/index.js');
const { url, reason } = redisTestUrl();
const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(opened.map((o) => o.close()));
});

function transport(
  target: string,
  stream: string,
  extra: Partial<Parameters<typeof createRedisStreamsTransport>[0]> = {},
): RedisStreamsTransport {
  const created = createRedisStreamsTransport({ url: target, stream, blockMs: 200, ...extra });
  opened.push(created);
  return created;
}
const track = (closable: { close(): Promise<void> }): void => {
  opened.push(closable);
};

describe.skipIf(reason !== undefined)('Redis Streams transport across processes', () => {
  it('carries the events each of three runtimes in three processes publishes to the other two, each in the stream order', async () => {
    const stream = `t:${randomUUID()}`;
    const count = 5;
    const peers = [1, 2, 3].map(() =>
      runFixture(join(import.meta.dirname, 'peerRuntime.mjs'), [url as string, stream, String(count), String(2 * count)]),
    );
    await Promise.all(peers.map((peer) => peer.next((line) => line === 'ready')));
    for (const peer of peers) peer.say('go');
    for (const peer of peers) expect(await peer.exited).toEqual({ code: 0, signal: null });
    const admin = new Redis(url as string, { protocol: 2 });
    const order = (await admin.xrange(stream, '-', '+')).map(([, fields]) => JSON.parse(fields[fields.indexOf('event') + 1] as string).id);
    admin.disconnect();
    const lines = (peer: (typeof peers)[number], kind: string): string[] =>
      peer.seen.filter((line) => line.startsWith(`${kind} `)).map((line) => line.slice(kind.length + 1));
    expect(order).toHaveLength(3 * count);
    for (const peer of peers) {
      const own = lines(peer, 'published');
      expect(own).toHaveLength(count);
      expect(order.filter((id) => own.includes(id))).toEqual(own);
      // Everything the others published, in the one stream order (its own it has locally; transport.test.ts shows no echo).
      expect(lines(peer, 'received')).toEqual(order.filter((id) => !own.includes(id)));
    }
  });

  // Seeded kill points over bounded cycles: each cycle one consumer process dies with an event in flight.
  it.each([3, 7, 12])(
    'redelivers to another consumer what a consumer killed with SIGKILL held (event %i in flight), handling every event at least once',
    async (hangAt) => {
      const stream = `t:${randomUUID()}`;
      const total = 12;
      const worker = runFixture(join(import.meta.dirname, 'consumerWorker.mjs'), [url as string, stream, 'g', 'doomed', String(hangAt)]);
      await worker.next((line) => line === 'ready');
      const publishing = transport(url as string, stream, { broadcast: false });
      const bus = kernelBus(publishing, track);
      const ids: string[] = [];
      for (let n = 1; n <= total; n++) ids.push((await bus.publishAcknowledged(noteAdded, { n })).id);
      const inflight = await worker.next((line) => line.startsWith('inflight '));
      worker.child.kill('SIGKILL');
      expect((await worker.exited).signal).toBe('SIGKILL');
      const ackedByWorker = worker.seen.filter((line) => line.startsWith('acked ')).map((line) => line.split(' ')[2] as string);
      expect(ackedByWorker).toEqual(ids.slice(0, hangAt - 1));

      const rest = total - ackedByWorker.length;
      const here = collect<{ id: string; delivery: RedisDelivery }>(rest);
      const survivor = transport(url as string, stream, { broadcast: false });
      survivor.consume({ group: 'g', consumer: 'survivor', visibilityTimeoutMs: 100 }, async (event, delivery) => {
        here.push({ id: event.id, delivery });
      });
      const handled = await here.done;
      // Every event handled at least once; only the one in flight at the kill twice, flagged redelivered.
      expect(new Set([...ackedByWorker, ...handled.map((h) => h.id)])).toEqual(new Set(ids));
      expect(handled.map((h) => h.id).filter((id) => ackedByWorker.includes(id))).toEqual([]);
      const again = handled.find((h) => h.id === inflight.split(' ')[2]);
      expect(again?.delivery).toMatchObject({ redelivered: true, deliveries: 2 });
    },
  );

  it('fails publishes with EVENTS_REDIS_UNAVAILABLE while its Redis is down, loses nothing acknowledged when Redis is killed with SIGKILL, and resumes after a restart', async () => {
    const server = await OwnRedisServer.start();
    onTestFinished(() => server.dispose());
    const stream = 'restart';
    const errors: EventsError[] = [];
    const options = { connectTimeoutMs: 1000, maxReconnectDelayMs: 50, onError: (e: EventsError) => errors.push(e) };
    const pub = transport(server.url, stream, { ...options, broadcast: false });
    const sub = transport(server.url, stream, options);
    const received = collect<CloudEvent>(2);
    kernelBus(sub, track).subscribe(noteAdded, (event) => received.push(event));
    const bus = kernelBus(pub, track);
    const grouped = collect<string>(2);
    const member = transport(server.url, stream, { ...options, broadcast: false }).consume({ group: 'g', consumer: 'c' }, (event) =>
      grouped.push(event.id),
    );
    await Promise.all([sub.ready, member.ready]);
    const before = await bus.publishAcknowledged(noteAdded, { n: 1 });

    // A crash, not a clean shutdown: only what reached the AOF before each XADD's reply can keep `before`.
    await server.stop('SIGKILL');
    const down = await bus.publishAcknowledged(noteAdded, { n: 2 }).catch((e: unknown) => e);
    expect(CortexError.is(down, 'EVENTS_REDIS_UNAVAILABLE')).toBe(true);

    await server.start();
    const after = await bus.publishAcknowledged(noteAdded, { n: 3 });
    expect((await received.done).map((e) => e.id)).toEqual([before.id, after.id]);
    expect(await grouped.done).toEqual([before.id, after.id]);
    // The AOF (appendfsync always) kept the event acknowledged before the crash.
    const admin = new Redis(server.url, { protocol: 2 });
    const stored = (await admin.xrange(stream, '-', '+')).map(([, fields]) => JSON.parse(fields[fields.indexOf('event') + 1] as string).id);
    admin.disconnect();
    expect(stored).toEqual([before.id, after.id]);
    expect(errors.some((e) => e.code === 'EVENTS_REDIS_UNAVAILABLE')).toBe(true);
    await Promise.all([pub.close(), sub.close(), member.stop()]);
  });
});
