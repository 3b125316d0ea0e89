import { randomUUID } from 'node:crypto';
import { type CloudEvent, type ConsumeContext, defineEvent } from '@cortex-os/kernel';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { collect, kernelBus, noteAdded } from './busForTests.js';
import { sharedRedisSuite } from './sharedRedisSuite.js';

// Issue 20 §3: the kernel's own `events.consume(pattern, { group })` shares work across runtimes
// through the transport's Redis consumer groups (each runtime with its own connections, as
// separate processes would have), not once per runtime.
const { reason, track, transport } = sharedRedisSuite({ blockMs: 200 });
const tick = defineEvent({ type: 'local.tick', version: '1.0.0', data: z.object({ n: z.number() }) });

describe.skipIf(reason !== undefined)('bus.consume across runtimes on Redis', () => {
  it('each carried event is handled once across two runtimes; types the transport does not carry stay in each runtime', async () => {
    const stream = `t:${randomUUID()}`;
    const options = { select: (type: string) => type.startsWith('note.'), groups: { start: 'all' as const } };
    const [ta, tb] = [transport(stream, options), transport(stream, options)];
    const [a, b] = [kernelBus(ta, track, [tick]), kernelBus(tb, track, [tick])];
    await Promise.all([ta.ready, tb.ready]);
    const notes = collect<string>(12);
    const handledBy = new Map<string, string[]>();
    const handler = (runtime: string) => async (event: CloudEvent) => {
      handledBy.set(event.id, [...(handledBy.get(event.id) ?? []), runtime]);
      if (event.type === 'note.added') notes.push(event.id);
    };
    a.consume('*', { group: 'billing' }, handler('a'));
    b.consume('*', { group: 'billing' }, handler('b'));
    const sent: string[] = [];
    for (let n = 1; n <= 6; n++) sent.push((await a.publishAcknowledged(noteAdded, { n })).id);
    for (let n = 7; n <= 12; n++) sent.push((await b.publishAcknowledged(noteAdded, { n })).id);
    expect(new Set(await notes.done)).toEqual(new Set(sent));
    // Exactly once across both runtimes: the publisher's in-process group did not take carried events too.
    expect([...handledBy.values()].filter((runtimes) => runtimes.length !== 1)).toEqual([]);
    // A type the transport does not carry is handled by the publishing runtime's own group.
    const local = a.publish(tick, { n: 1 });
    await expect.poll(() => handledBy.get(local.id)).toEqual(['a']);
  });

  it('a failed delivery comes back marked redelivered (to either runtime), with its attempt count', async () => {
    const stream = `t:${randomUUID()}`;
    const t = transport(stream, { broadcast: false, groups: { start: 'all', visibilityTimeoutMs: 200 } });
    const bus = kernelBus(t, track);
    await t.ready;
    const deliveries = collect<ConsumeContext>(2);
    let failed = false;
    const membership = bus.consume(noteAdded, { group: 'retry', maxDeliveries: 3 }, async (_event, context) => {
      deliveries.push(context);
      if (!failed) {
        failed = true;
        throw new Error('first delivery fails');
      }
    });
    const event = await bus.publishAcknowledged(noteAdded, { n: 1 });
    expect(await deliveries.done).toEqual([
      { eventId: event.id, redelivered: false, attempt: 1 },
      { eventId: event.id, redelivered: true, attempt: 2 },
    ]);
    expect(membership.group).toBe('retry');
    membership.leave();
  });
});
