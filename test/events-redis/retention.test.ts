import { randomUUID } from 'node:crypto';
import { createRedisStreamsTransport } from '@cortex-os/events-redis';
import { describe, expect, it } from 'vitest';
import { kernelBus, noteAdded } from './busForTests.js';
import { sharedRedisSuite } from './sharedRedisSuite.js';

// Time-based retention (XTRIM MINID ~) against the shared redis-server, with an injected clock.
const { url, reason, admin, track, transport } = sharedRedisSuite({ broadcast: false });

describe.skipIf(reason !== undefined)('Redis Streams transport retention by age', () => {
  it('trims entries older than maxAgeMs by the injected clock, and nothing younger', async () => {
    const stream = `r:${randomUUID()}`;
    // 1000 entries stamped 1970-01-01T00:00:01Z (id time 1000 ms).
    const pipeline = admin?.pipeline();
    for (let i = 0; i < 1000; i++) pipeline?.xadd(stream, `1000-${i}`, 'type', 'old', 'event', '{}');
    await pipeline?.exec();

    // The clock says 1500 ms: the cut-off (500 ms) is older than every entry, so nothing goes.
    const early = transport(stream, { retention: { maxAgeMs: 1000 }, now: () => 1500 });
    const first = await kernelBus(early, track).publishAcknowledged(noteAdded, { n: 1 });
    expect(await admin?.xlen(stream)).toBe(1001);

    // The clock says 1000 s: the cut-off (999 s) is newer than the 1970 entries, so they go —
    // whole nodes at a time (`~`), so at most one node (100 entries) of them may stay.
    const late = transport(stream, { retention: { maxAgeMs: 1000 }, now: () => 1_000_000 });
    const second = await kernelBus(late, track).publishAcknowledged(noteAdded, { n: 2 });
    const left = (await admin?.xrange(stream, '-', '+')) ?? [];
    expect(left.length).toBeLessThanOrEqual(102);
    const events = left
      .map(([, fields]) => fields[fields.indexOf('event') + 1] as string)
      .filter((json) => json !== '{}')
      .map((json) => JSON.parse(json).id);
    expect(events).toEqual([first.id, second.id]);
  });

  it('trims by age with the real clock without touching fresh entries', async () => {
    const stream = `r:${randomUUID()}`;
    const bus = kernelBus(transport(stream, { retention: { maxAgeMs: 3_600_000 } }), track);
    for (let n = 0; n < 5; n++) await bus.publishAcknowledged(noteAdded, { n });
    expect(await admin?.xlen(stream)).toBe(5);
  });

  it('refuses a retention without a positive integer maxAgeMs', () => {
    for (const maxAgeMs of [0, -1, 1.5, undefined]) {
      expect(() => createRedisStreamsTransport({ url: url as string, retention: { maxAgeMs } as never })).toThrow(
        expect.objectContaining({ code: 'EVENTS_OPTIONS_INVALID' }),
      );
    }
  });
});
