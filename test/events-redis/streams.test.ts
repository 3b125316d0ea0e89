import { randomUUID } from 'node:crypto';
import { type CloudEvent, defineEvent } from '@cortex-os/kernel';
import { createRedisStreamsTransport, type RedisStreamsTransport } from '@cortex-os/events-redis';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { collect, kernelBus, noteAdded } from './busForTests.js';
import { redisTestUrl } from './redisForTests.js';

// Per-type streams (`streamFor` + `streams`) against the shared redis-server.
const { url, reason } = redisTestUrl();

const orderPlaced = defineEvent({ type: 'order.placed', version: '1.0.0', data: z.object({ order: z.string() }) });
const opened: { close(): Promise<void> }[] = [];
const admin = reason === undefined ? new Redis(url as string, { protocol: 2 }) : undefined;
afterAll(async () => {
  await Promise.all(opened.map((o) => o.close()));
  admin?.disconnect();
});

function transport(
  stream: string,
  orders: string,
  extra: Partial<Parameters<typeof createRedisStreamsTransport>[0]> = {},
): RedisStreamsTransport {
  const created = createRedisStreamsTransport({
    url: url as string,
    stream,
    streams: [orders],
    streamFor: (type) => (type.startsWith('order.') ? orders : stream),
    blockMs: 200,
    ...extra,
  });
  opened.push(created);
  return created;
}

function bus(t: RedisStreamsTransport) {
  return kernelBus(t, (c) => opened.push(c), [orderPlaced]);
}

describe.skipIf(reason !== undefined)('Redis Streams transport with per-type streams', () => {
  it('writes each type to its stream, broadcasts every stream, and runs a group on one stream', async () => {
    const stream = `s:${randomUUID()}`;
    const orders = `${stream}:orders`;
    const [ta, tb] = [transport(stream, orders), transport(stream, orders)];
    const registry = new Registry();
    ta.registerMetrics(registry);
    const a = bus(ta);
    const b = bus(tb);
    for (const t of [ta, tb]) expect(t.streams).toEqual([stream, orders]);
    await Promise.all([ta.ready, tb.ready]);
    const notes = collect<CloudEvent>(2);
    const placed = collect<CloudEvent>(2);
    b.subscribe('note.*', (event) => notes.push(event));
    b.subscribe('order.*', (event) => placed.push(event));
    const billed = collect<string>(2);
    const billing = tb.consume({ group: 'billing', stream: orders, start: 'all' }, (event) => {
      billed.push((event.data as { order: string }).order);
    });
    await billing.ready;

    await a.publishAcknowledged(noteAdded, { n: 1 });
    await a.publishAcknowledged(orderPlaced, { order: 'A-1' });
    await a.publishAcknowledged(noteAdded, { n: 2 });
    await a.publishAcknowledged(orderPlaced, { order: 'A-2' });

    expect((await notes.done).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect((await placed.done).map((e) => e.data)).toEqual([{ order: 'A-1' }, { order: 'A-2' }]);
    expect(await billed.done).toEqual(['A-1', 'A-2']);
    expect(await admin?.xlen(stream)).toBe(2);
    expect(await admin?.xlen(orders)).toBe(2);
    const text = await registry.metrics();
    expect(text).toContain(`cortex_events_published_total{stream="${stream}"} 2`);
    expect(text).toContain(`cortex_events_published_total{stream="${orders}"} 2`);
  });

  it('refuses a stream streamFor did not declare, and a group on an unknown stream, with EVENTS_OPTIONS_INVALID', async () => {
    const stream = `s:${randomUUID()}`;
    const t = createRedisStreamsTransport({ url: url as string, stream, broadcast: false, streamFor: (type) => `${stream}:${type}` });
    opened.push(t);
    await expect(bus(t).publishAcknowledged(noteAdded, { n: 1 })).rejects.toMatchObject({ code: 'EVENTS_OPTIONS_INVALID' });
    expect(await admin?.exists(`${stream}:note.added`)).toBe(0);
    expect(() => t.consume({ group: 'g', stream: 'elsewhere' }, () => undefined)).toThrow(
      expect.objectContaining({ code: 'EVENTS_OPTIONS_INVALID' }),
    );
    expect(() => createRedisStreamsTransport({ url: url as string, streams: ['has space'] })).toThrow(
      expect.objectContaining({ code: 'EVENTS_OPTIONS_INVALID' }),
    );
  });
});
