import { randomUUID } from 'node:crypto';
import { type CloudEvent, CortexError, defineEvent, type EventBus } from '@cortex-os/kernel';
import { createRedisStreamsTransport, type EventsError, type RedisDelivery, type RedisStreamsTransport } from '@cortex-os/events-redis';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { collect, kernelBus, noteAdded } from './busForTests.js';
import { freePort } from './redisForTests.js';
import { sharedRedisSuite } from './sharedRedisSuite.js';

// The transport against the shared redis-server of `scripts/services/redis.sh` (each test on its
// own stream). Crash and restart tests are in crash.test.ts.
const { url, reason, admin, track, transport } = sharedRedisSuite({ blockMs: 200 });

function bus(t: RedisStreamsTransport): EventBus {
  return kernelBus(t, track);
}

describe.skipIf(reason !== undefined)('Redis Streams transport (shared redis-server)', () => {
  it('carries an acknowledged publish from one bus to another, in order, and never echoes it back', async () => {
    const stream = `t:${randomUUID()}`;
    const [ta, tb] = [transport(stream), transport(stream)];
    const [a, b] = [bus(ta), bus(tb)];
    await Promise.all([ta.ready, tb.ready]);
    const atB = collect<CloudEvent>(3);
    const atA = collect<CloudEvent>(4);
    b.subscribe('note.*', (event) => atB.push(event));
    a.subscribe('note.*', (event) => atA.push(event));
    const sent = [];
    for (let n = 1; n <= 3; n++) sent.push(await a.publishAcknowledged(noteAdded, { n }));
    const received = await atB.done;
    expect(received.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(received.map((e) => e.id)).toEqual(sent.map((e) => e.id));
    expect(received[0]?.source).toBe(sent[0]?.source);
    // A's own events reach its subscribers once: locally, not again from the stream.
    await b.publishAcknowledged(noteAdded, { n: 4 });
    expect((await atA.done).map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3, 4]);
    expect(await admin?.xlen(stream)).toBe(4);
  });

  it('shares a consumer group: each event handled once, both consumers taking part', async () => {
    const stream = `t:${randomUUID()}`;
    // Reads block long enough not to time out mid-test: a re-issued read would lose its place in line.
    const t = transport(stream, { broadcast: false, blockMs: 10_000 });
    const handled = new Map<string, string>();
    let next: ((id: string) => void) | undefined;
    const handler = (name: string) => async (event: CloudEvent) => {
      expect(handled.has(event.id)).toBe(false);
      handled.set(event.id, name);
      next?.(event.id);
    };
    const first = t.consume({ group: 'workers', consumer: 'one' }, handler('one'));
    const second = t.consume({ group: 'workers', consumer: 'two' }, handler('two'));
    await Promise.all([first.ready, second.ready]);
    const b = bus(t);
    const order: string[] = [];
    for (let n = 1; n <= 6; n++) {
      const done = new Promise<string>((resolve) => {
        next = resolve;
      });
      const event = await b.publishAcknowledged(noteAdded, { n });
      expect(await done).toBe(event.id);
      order.push(handled.get(event.id) as string);
    }
    expect(handled.size).toBe(6);
    // Redis serves blocked readers first come, first served, so while one consumer handles and
    // acknowledges an event the other, blocked, gets the next: both take part. Which one gets each
    // event depends on when each re-blocks — a race, so no stricter order is asserted.
    expect(new Set(order)).toEqual(new Set(['one', 'two']));
  });

  it('redelivers a failed event after the visibility timeout, then dead-letters it after maxDeliveries', async () => {
    const stream = `t:${randomUUID()}`;
    const errors = collect<EventsError>(3);
    const t = transport(stream, { broadcast: false, onError: (e) => errors.push(e) });
    const deliveries: RedisDelivery[] = [];
    const consumer = t.consume({ group: 'g', visibilityTimeoutMs: 100, maxDeliveries: 2 }, async (_event, delivery) => {
      deliveries.push(delivery);
      throw new Error('handler broke');
    });
    await consumer.ready;
    const event = await bus(t).publishAcknowledged(noteAdded, { n: 1 });
    const reported = await errors.done;
    expect(reported.map((e) => e.code)).toEqual(['EVENTS_HANDLER_FAILED', 'EVENTS_HANDLER_FAILED', 'EVENTS_DEAD_LETTERED']);
    expect(reported[2]?.message).toContain(`Event ${event.id} (note.added) failed 2 deliveries in group "g"`);
    expect(deliveries.map((d) => [d.redelivered, d.deliveries])).toEqual([
      [false, 1],
      [true, 2],
    ]);
    const dead = (await admin?.xrange(`${stream}:dead-letter`, '-', '+')) ?? [];
    expect(dead).toHaveLength(1);
    const fields = dead[0]?.[1] ?? [];
    expect(JSON.parse(fields[fields.indexOf('event') + 1] as string).id).toBe(event.id);
    expect(fields.slice(-4)).toEqual(['deadGroup', 'g', 'deliveries', '3']);
    expect(await admin?.xpending(stream, 'g')).toEqual([0, null, null, null]);
  });

  it('acknowledges a copy of an event it already handled without handling it again (de-duplication window)', async () => {
    const stream = `t:${randomUUID()}`;
    const t = transport(stream, { broadcast: false });
    const handled = collect<number>(2);
    const consumer = t.consume({ group: 'g' }, async (event) => handled.push((event.data as { n: number }).n));
    await consumer.ready;
    const b = bus(t);
    await b.publishAcknowledged(noteAdded, { n: 1 });
    const fields = (await admin?.xrange(stream, '-', '+'))?.[0]?.[1] ?? [];
    await admin?.xadd(stream, '*', ...fields);
    await b.publishAcknowledged(noteAdded, { n: 2 });
    expect(await handled.done).toEqual([1, 2]);
    await consumer.stop();
    expect(await admin?.xlen(stream)).toBe(3);
    expect(await admin?.xpending(stream, 'g')).toEqual([0, null, null, null]);
  });

  it('skips a foreign entry with EVENTS_ENTRY_MALFORMED (broadcast) and dead-letters it (group)', async () => {
    const stream = `t:${randomUUID()}`;
    const errors = collect<EventsError>(2);
    const t = transport(stream, { onError: (e) => errors.push(e) });
    bus(t);
    const consumer = t.consume({ group: 'g' }, async () => undefined);
    await Promise.all([t.ready, consumer.ready]);
    await admin?.xadd(stream, '*', 'event', '{not json');
    const codes = (await errors.done).map((e) => e.code);
    expect(codes).toEqual(['EVENTS_ENTRY_MALFORMED', 'EVENTS_ENTRY_MALFORMED']);
    expect(await admin?.xlen(`${stream}:dead-letter`)).toBe(1);
  });

  it('sends only the types `select` picks (others stay in-process), and a group skips what its `select` leaves out', async () => {
    const stream = `t:${randomUUID()}`;
    const memoKept = defineEvent({ type: 'memo.kept', version: '1.0.0', data: z.object({ n: z.number() }) });
    const [picky, open] = [transport(stream, { select: (type) => type.startsWith('note.') }), transport(stream)];
    const [a, b] = [kernelBus(picky, track, [memoKept]), kernelBus(open, track, [memoKept])];
    const atB = collect<CloudEvent>(1);
    const locally = collect<string>(2);
    b.subscribe('*', (event) => atB.push(event));
    a.subscribe('*', (event) => locally.push(event.type));
    const grouped = collect<unknown>(2);
    const member = transport(stream, { broadcast: false }).consume({ group: 'g', select: (type) => type === 'note.added' }, async (event) =>
      grouped.push(event.data),
    );
    await Promise.all([picky.ready, open.ready, member.ready]);
    // In stream order: had memo.kept been sent, the other runtime would have received it first.
    await a.publishAcknowledged(memoKept, { n: 1 });
    await a.publishAcknowledged(noteAdded, { n: 2 });
    expect((await atB.done).map((e) => e.type)).toEqual(['note.added']);
    expect(await locally.done).toEqual(['memo.kept', 'note.added']);
    expect(await admin?.xlen(stream)).toBe(1);
    // Another runtime sends memo.kept: the group acknowledges it without running its handler.
    await b.publishAcknowledged(memoKept, { n: 3 });
    await b.publishAcknowledged(noteAdded, { n: 4 });
    expect(await grouped.done).toEqual([{ n: 2 }, { n: 4 }]);
    await member.stop();
    expect(await admin?.xpending(stream, 'g')).toEqual([0, null, null, null]);
  });

  it('keeps the stream bounded with MAXLEN ~', async () => {
    const stream = `t:${randomUUID()}`;
    const b = bus(transport(stream, { maxLength: 10, broadcast: false }));
    for (let n = 0; n < 250; n++) await b.publishAcknowledged(noteAdded, { n });
    const length = (await admin?.xlen(stream)) ?? 0;
    // Approximate trimming removes whole nodes (100 entries by default): at most one node over.
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThanOrEqual(110);
  });

  it('fails a publish to an unreachable Redis with EVENTS_REDIS_UNAVAILABLE, without the URL credentials', async () => {
    const port = await freePort();
    const t = transport('t:nowhere', { connectTimeoutMs: 50, broadcast: false });
    void t;
    const down = createRedisStreamsTransport({ url: `redis://user:secret@127.0.0.1:${port}`, connectTimeoutMs: 50, broadcast: false });
    track(down);
    const error = await bus(down)
      .publishAcknowledged(noteAdded, { n: 1 })
      .catch((e: unknown) => e);
    expect(CortexError.is(error, 'EVENTS_REDIS_UNAVAILABLE')).toBe(true);
    expect((error as CortexError).kind).toBe('unavailable');
    expect((error as Error).message).toBe(`Redis at redis://127.0.0.1:${port} is unavailable: not connected`);
  });

  it('refuses bad options and use after close with typed errors', async () => {
    const bad = [
      { url: 'http://127.0.0.1:1' },
      { url: 'nope' },
      { url: url as string, maxLength: 0 },
      { url: url as string, stream: 'a b' },
    ];
    for (const options of bad) {
      expect(() => createRedisStreamsTransport(options)).toThrow(expect.objectContaining({ code: 'EVENTS_OPTIONS_INVALID' }));
    }
    const t = transport(`t:${randomUUID()}`);
    expect(() => t.consume({ group: '' }, async () => undefined)).toThrow(expect.objectContaining({ code: 'EVENTS_OPTIONS_INVALID' }));
    await t.close();
    await t.close();
    await expect(t.send({} as CloudEvent)).rejects.toMatchObject({ code: 'EVENTS_TRANSPORT_CLOSED' });
    expect(() => t.consume({ group: 'g' }, async () => undefined)).toThrow(expect.objectContaining({ code: 'EVENTS_TRANSPORT_CLOSED' }));
  });
});
