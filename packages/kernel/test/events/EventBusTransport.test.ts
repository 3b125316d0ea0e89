import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  KernelError,
  createKernel,
  defineEvent,
  subscriberFailedEvent,
  type CloudEvent,
  type ConsumeContext,
  type ConsumeHandler,
  type ConsumerMembership,
  type EventBusTransport,
  type TransportGroupRequest,
} from '@cortex-os/kernel';
import { createContractRegistry, createEventBus } from '@cortex-os/kernel/internal';
import { deferred } from '@cortex-os/kernel/testing';
import { silentLogger } from '../support/silentLogger.js';

const noteAdded = defineEvent({ type: 'notes.added', version: '1.0.0', data: z.object({ id: z.string(), n: z.number().int() }) });

/** A transport test double that records sends and lets the test settle or fail each one. */
class RecordingTransport implements EventBusTransport {
  readonly sent: CloudEvent[] = [];
  readonly acks: Array<ReturnType<typeof deferred<void>>> = [];
  deliver: ((event: CloudEvent) => void) | undefined;
  connects = 0;
  closes = 0;
  connect(deliver: (event: CloudEvent) => void): void {
    this.connects += 1;
    this.deliver = deliver;
  }
  send(event: CloudEvent): Promise<void> {
    this.sent.push(event);
    const ack = deferred<void>();
    this.acks.push(ack);
    return ack.promise;
  }
  async close(): Promise<void> {
    this.closes += 1;
  }
}

function newBus(transport?: EventBusTransport) {
  const contracts = createContractRegistry();
  contracts.register(noteAdded);
  return createEventBus({ contracts, logger: silentLogger(), ...(transport === undefined ? {} : { transport }) });
}

describe('event bus transport seam', () => {
  it('without a transport, publishAcknowledged resolves with the delivered event', async () => {
    const bus = newBus();
    const seen: string[] = [];
    bus.subscribe(noteAdded, (e) => void seen.push(e.data.id));
    const event = await bus.publishAcknowledged(noteAdded, { id: 'a', n: 1 });
    expect(event.data).toEqual({ id: 'a', n: 1 });
    expect(seen).toEqual(['a']);
    expect(bus.stats().published).toBe(1);
  });

  it('publishAcknowledged resolves only after the transport acknowledges, and rejects with its error', async () => {
    const transport = new RecordingTransport();
    const bus = newBus(transport);
    expect(transport.connects).toBe(1);
    let settled = false;
    const pending = bus.publishAcknowledged('notes.added', { id: 'a', n: 1 }).then((e) => {
      settled = true;
      return e;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(transport.sent.map((e) => e.data)).toEqual([{ id: 'a', n: 1 }]);
    transport.acks[0]?.resolve();
    expect((await pending).id).toBe(transport.sent[0]?.id);
    const failing = bus.publishAcknowledged(noteAdded, { id: 'b', n: 2 });
    transport.acks[1]?.reject(new Error('store down'));
    await expect(failing).rejects.toThrow('store down');
  });

  it('publish sends to the transport without waiting, and a failed send does not throw', async () => {
    const transport = new RecordingTransport();
    const bus = newBus(transport);
    const event = bus.publish(noteAdded, { id: 'a', n: 1 });
    expect(transport.sent).toEqual([event]);
    transport.acks[0]?.reject(new Error('store down'));
    await Promise.resolve();
    expect(bus.stats().subscriberErrors).toBe(0);
  });

  it('invalid data is refused before anything reaches the transport', async () => {
    const transport = new RecordingTransport();
    const bus = newBus(transport);
    await expect(bus.publishAcknowledged('notes.added', { id: 1 })).rejects.toBeInstanceOf(KernelError);
    await expect(bus.publishAcknowledged('notes.unknown', {})).rejects.toMatchObject({ code: 'EVENT_TYPE_UNKNOWN' });
    expect(transport.sent).toEqual([]);
  });

  it('events the transport delivers reach local subscribers and groups and are not sent back', async () => {
    const transport = new RecordingTransport();
    const remote = newBus();
    const local = newBus(transport);
    const seen: string[] = [];
    local.subscribe('notes.*', (e) => void seen.push(`sub:${e.id}`));
    const done = deferred<void>();
    local.consume('notes.added', { group: 'g' }, (e) => {
      seen.push(`group:${e.id}`);
      done.resolve();
    });
    const event = remote.publish(noteAdded, { id: 'r', n: 1 });
    transport.deliver?.(event);
    await done.promise;
    expect(seen).toEqual([`sub:${event.id}`, `group:${event.id}`]);
    expect(transport.sent).toEqual([]);
  });

  it('complete closes the transport once, and later arrivals are ignored', async () => {
    const transport = new RecordingTransport();
    const bus = newBus(transport);
    const seen: string[] = [];
    bus.subscribe('*', (e) => void seen.push(e.id));
    await Promise.all([bus.complete(), bus.complete()]);
    expect(transport.closes).toBe(1);
    transport.deliver?.(newBus().publish(noteAdded, { id: 'late', n: 1 }));
    expect(seen).toEqual([]);
    await expect(bus.publishAcknowledged(noteAdded, { id: 'x', n: 1 })).rejects.toMatchObject({ code: 'EVENT_BUS_CLOSED' });
    expect(() => bus.consume('*', { group: 'g' }, () => undefined)).toThrow(KernelError);
  });
});

describe('consume (consumer groups)', () => {
  it('gives each event to exactly one consumer of a group, round-robin, and every group gets it', async () => {
    const bus = newBus();
    const byConsumer: Record<string, number[]> = { a: [], b: [], other: [] };
    const all = deferred<void>();
    let handled = 0;
    const track = (name: string) => (e: CloudEvent) => {
      byConsumer[name]?.push((e.data as { n: number }).n);
      if (++handled === 12) all.resolve();
    };
    bus.consume(noteAdded, { group: 'workers' }, track('a'));
    bus.consume(noteAdded, { group: 'workers' }, track('b'));
    bus.consume('notes.*', { group: 'audit' }, track('other'));
    for (let n = 0; n < 6; n++) bus.publish(noteAdded, { id: 'x', n });
    await all.promise;
    expect(byConsumer).toEqual({ a: [0, 2, 4], b: [1, 3, 5], other: [0, 1, 2, 3, 4, 5] });
  });

  it('redelivers a rejected event, marked redelivered, and gives up after maxDeliveries with bus.subscriber.failed', async () => {
    const bus = newBus();
    const contexts: ConsumeContext[] = [];
    const failed = deferred<CloudEvent>();
    bus.subscribe(subscriberFailedEvent, (e) => failed.resolve(e));
    bus.consume(noteAdded, { group: 'g', maxDeliveries: 3 }, async (_e, context) => {
      contexts.push(context);
      throw new Error('nope');
    });
    const event = bus.publish(noteAdded, { id: 'a', n: 1 });
    const report = await failed.promise;
    expect(contexts).toEqual([
      { eventId: event.id, redelivered: false, attempt: 1 },
      { eventId: event.id, redelivered: true, attempt: 2 },
      { eventId: event.id, redelivered: true, attempt: 3 },
    ]);
    expect(report.data).toMatchObject({ pattern: 'g:notes.added', eventId: event.id, message: 'nope' });
    expect(bus.stats().subscriberErrors).toBe(1);
  });

  it('a failed delivery moves to another consumer; a consumer that leaves hands its queued events on', async () => {
    const bus = newBus();
    const gate = deferred<void>();
    const started = deferred<void>();
    const seen: string[] = [];
    const done = deferred<void>();
    const a = bus.consume(noteAdded, { group: 'g' }, async (e, c) => {
      seen.push(`a:${e.data.n}:${c.redelivered}`);
      started.resolve();
      await gate.promise;
      throw new Error('a crashed');
    });
    bus.consume(noteAdded, { group: 'g' }, (e, c) => {
      seen.push(`b:${e.data.n}:${c.redelivered}`);
      if (seen.filter((s) => s.startsWith('b:')).length === 3) done.resolve();
    });
    bus.publish(noteAdded, { id: 'x', n: 0 }); // a, fails after the gate
    bus.publish(noteAdded, { id: 'x', n: 1 }); // b
    bus.publish(noteAdded, { id: 'x', n: 2 }); // a, queued behind n=0
    expect(a.inFlight).toBe(2);
    await started.promise;
    a.leave();
    a.leave();
    gate.resolve();
    await done.promise;
    expect(seen).toEqual(['a:0:false', 'b:1:false', 'b:0:true', 'b:2:false']);
    expect(a.inFlight).toBe(0);
  });

  it('events wait for a consumer when every member has left, then go to the next one to join', async () => {
    const bus = newBus();
    const first = bus.consume(noteAdded, { group: 'g' }, () => undefined);
    const gate = deferred<void>();
    const blocker = bus.consume(noteAdded, { group: 'g' }, () => gate.promise);
    first[Symbol.dispose]();
    bus.publish(noteAdded, { id: 'x', n: 7 });
    blocker.leave();
    gate.resolve();
    const got = deferred<number>();
    await Promise.resolve();
    bus.consume(noteAdded, { group: 'g' }, (e, c) => got.resolve(e.data.n + (c.redelivered ? 100 : 0)));
    expect(await got.promise).toBe(7);
  });

  it('property: with failures at seeded points every event is acknowledged exactly once and redeliveries follow failures', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        async (failFirst, consumers) => {
          const bus = newBus();
          const acked = new Map<string, number>();
          const attempts = new Map<string, boolean[]>();
          const all = deferred<void>();
          for (let c = 0; c < consumers; c++) {
            bus.consume(noteAdded, { group: 'g', maxDeliveries: 2 }, (e, ctx) => {
              const list = attempts.get(e.id) ?? [];
              list.push(ctx.redelivered);
              attempts.set(e.id, list);
              if (!ctx.redelivered && failFirst[e.data.n]) throw new Error('seeded failure');
              acked.set(e.id, (acked.get(e.id) ?? 0) + 1);
              if (acked.size === failFirst.length) all.resolve();
            });
          }
          const events = failFirst.map((_, n) => bus.publish(noteAdded, { id: 'x', n }));
          await all.promise;
          for (const event of events) {
            expect(acked.get(event.id)).toBe(1);
            expect(attempts.get(event.id)).toEqual(failFirst[event.data.n] ? [false, true] : [false]);
          }
        },
      ),
      { seed: 20, numRuns: 60 },
    );
  });

  it('gives up after 5 deliveries by default, and after 1 when maxDeliveries is below 1; memberships name their group', async () => {
    for (const [maxDeliveries, expected] of [
      [undefined, 5],
      [0, 1],
    ] as const) {
      const bus = newBus();
      let attempts = 0;
      const failed = deferred<void>();
      bus.subscribe(subscriberFailedEvent, () => failed.resolve());
      const membership = bus.consume('notes.*', maxDeliveries === undefined ? { group: 'g' } : { group: 'g', maxDeliveries }, () => {
        attempts += 1;
        throw new Error('always');
      });
      expect([membership.group, membership.pattern]).toEqual(['g', 'notes.*']);
      bus.publish(noteAdded, { id: 'x', n: 1 });
      await failed.promise;
      expect(attempts).toBe(expected);
    }
  });

  it('complete waits for in-flight consumer handlers', async () => {
    const bus = newBus();
    const gate = deferred<void>();
    let finished = false;
    bus.consume(noteAdded, { group: 'g' }, async () => {
      await gate.promise;
      finished = true;
    });
    bus.publish(noteAdded, { id: 'x', n: 1 });
    const completing = bus.complete();
    gate.resolve();
    await completing;
    expect(finished).toBe(true);
  });
});

describe('createKernel({ eventTransport })', () => {
  it('sends the kernel events through the transport and closes it when the kernel stops', async () => {
    const transport = new RecordingTransport();
    const kernel = createKernel({ plugins: [], logger: silentLogger(), eventTransport: transport });
    kernel.contracts.register(noteAdded);
    await kernel.start();
    const event = kernel.events.publish(noteAdded, { id: 'k', n: 1 });
    expect(transport.sent).toContain(event);
    for (const ack of transport.acks) ack.resolve();
    await kernel.stop();
    expect(transport.closes).toBe(1);
  });
});

/** A transport that also keeps consumer groups (as a broker does) and carries `notes.*` only. */
class GroupingTransport extends RecordingTransport {
  readonly joined: Array<{ request: TransportGroupRequest; handler: ConsumeHandler; left: boolean }> = [];
  carries(type: string): boolean {
    return type.startsWith('notes.');
  }
  joinGroup(request: TransportGroupRequest, handler: ConsumeHandler): ConsumerMembership {
    const entry = { request, handler, left: false };
    this.joined.push(entry);
    return {
      group: request.group,
      pattern: request.pattern,
      inFlight: 2,
      leave: () => {
        entry.left = true;
      },
      [Symbol.dispose]() {
        this.leave();
      },
    };
  }
}

describe('consumer groups on the transport', () => {
  const localOnly = defineEvent({ type: 'local.tick', version: '1.0.0', data: z.object({ n: z.number() }) });

  it('joins the transport group with the bus reading of the pattern; carried types reach groups only through it, others in-process', async () => {
    const transport = new GroupingTransport();
    const contracts = createContractRegistry();
    contracts.register(noteAdded);
    contracts.register(localOnly);
    const bus = createEventBus({ contracts, logger: silentLogger(), transport });
    const handled: string[] = [];
    const membership = bus.consume('*', { group: 'billing', maxDeliveries: 3 }, async (event) => void handled.push(event.type));
    expect(transport.joined.map((j) => ({ ...j.request, matches: undefined }))).toEqual([
      { group: 'billing', pattern: '*', matches: undefined, maxDeliveries: 3 },
    ]);
    const [joined] = transport.joined;
    expect([joined?.request.matches('notes.added'), joined?.request.matches('x')]).toEqual([true, true]);
    bus.publish(noteAdded, { id: 'a', n: 1 });
    transport.deliver?.({ ...(bus.publish(noteAdded, { id: 'b', n: 2 }) as CloudEvent), id: 'from-elsewhere' });
    bus.publish(localOnly, { n: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    // The carried notes went to the transport's group (which hands them to one process); the local tick stayed here.
    expect(handled).toEqual(['local.tick']);
    expect(membership.inFlight).toBe(2);
    membership.leave();
    expect(transport.joined[0]?.left).toBe(true);
    await bus.complete();
  });

  it('a transport without joinGroup keeps every group in-process, carried types included', async () => {
    const transport = new RecordingTransport();
    const bus = newBus(transport);
    const handled: string[] = [];
    bus.consume(noteAdded, { group: 'g' }, async (event) => void handled.push(event.data.id));
    bus.publish(noteAdded, { id: 'a', n: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(handled).toEqual(['a']);
    for (const ack of transport.acks) ack.resolve();
    await bus.complete();
  });
});
