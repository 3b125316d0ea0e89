import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kernelBus, noteAdded } from './busForTests.js';
import { sharedRedisSuite } from './sharedRedisSuite.js';

// A publish made before the first connection, by a process that then stays busy longer than
// `connectTimeoutMs` (a burst of publishes at start-up): the connection's events wait behind the
// late timer, which must not fail a link that is ready.
const { reason, admin, track, transport } = sharedRedisSuite({ broadcast: false });

describe.skipIf(reason !== undefined)('a publish from a busy process', () => {
  it('is acknowledged once the event loop is free, though its wait timer fired late', async () => {
    const stream = `b:${randomUUID()}`;
    const bus = kernelBus(transport(stream, { connectTimeoutMs: 250 }), track);
    const first = bus.publishAcknowledged(noteAdded, { n: 1 });
    // The process is busy (synchronously) for well over the timeout: nothing else can run meanwhile.
    const until = performance.now() + 750;
    while (performance.now() < until);
    await expect(first).resolves.toMatchObject({ type: 'note.added' });
    await bus.publishAcknowledged(noteAdded, { n: 2 });
    expect(await admin?.xlen(stream)).toBe(2);
  });
});
