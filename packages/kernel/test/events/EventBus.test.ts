import fc from 'fast-check';
import { firstValueFrom, from, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CortexError, defineEvent, subscriberFailedEvent, type CloudEvent } from '@cortex-os/kernel';
import { createContractRegistry, createEventBus } from '@cortex-os/kernel/internal';
import { deferred } from '@cortex-os/kernel/testing';
import { silentLogger } from '../support/silentLogger.js';

const noteAdded = defineEvent({ type: 'notes.added', version: '1.0.0', data: z.object({ id: z.string(), n: z.number().int() }) });
const noteRemoved = defineEvent({ type: 'notes.removed', version: '1.0.0', data: z.object({ id: z.string() }) });

function newBus(options: { replay?: number } = {}) {
  const contracts = createContractRegistry();
  contracts.register(noteAdded);
  contracts.register(noteRemoved);
  return createEventBus({ contracts, logger: silentLogger(), now: () => Date.UTC(2026, 10, 22), ...options });
}

/** Resolves once the next event of a type is published. */
function next(bus: ReturnType<typeof newBus>, type: string): Promise<CloudEvent> {
  return new Promise((resolve) => {
    const s = bus.subscribe(type, (e) => {
      s.unsubscribe();
      resolve(e);
    });
  });
}

describe('createEventBus', () => {
  it('wraps data in a CloudEvents 1.0 envelope validated against its contract', () => {
    const bus = newBus();
    const event = bus.publish(noteAdded, { id: 'n1', n: 1 }, { subject: 'n1', correlationId: 'c-1' });
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'notes.added',
      source: '/cortex-os',
      time: '2026-11-22T00:00:00.000Z',
      datacontenttype: 'application/json',
      dataschema: 'notes.added@1.0.0',
      subject: 'n1',
      correlationid: 'c-1',
      data: { id: 'n1', n: 1 },
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}-[0-9a-z]+$/);
    expect(bus.publish(noteAdded, { id: 'n2', n: 2 }).id).not.toBe(event.id);
    // The serialised form is plain CloudEvents JSON, `time` included.
    expect(JSON.parse(JSON.stringify(event))).toEqual({
      specversion: '1.0',
      id: event.id,
      source: '/cortex-os',
      type: 'notes.added',
      time: '2026-11-22T00:00:00.000Z',
      datacontenttype: 'application/json',
      dataschema: 'notes.added@1.0.0',
      subject: 'n1',
      correlationid: 'c-1',
      data: { id: 'n1', n: 1 },
    });
  });

  it('fixes each id at publish: ids follow publish order whenever they are read, and stay the same', () => {
    const bus = newBus();
    const events = [1, 2, 3].map((n) => bus.publish(noteAdded, { id: `n${n}`, n }));
    const ids = [...events].reverse().map((e) => e.id);
    const prefix = ids[0]?.slice(0, 37);
    expect(ids).toEqual([`${prefix}3`, `${prefix}2`, `${prefix}1`]);
    expect(events[0]?.id).toBe(ids[2]);
    expect(newBus().publish(noteAdded, { id: 'n1', n: 1 }).id).not.toBe(events[0]?.id);
    expect(events.map((e) => (e as unknown as { toJSON(): { id: string } }).toJSON().id)).toEqual([...ids].reverse());
  });

  it('gives every event an id unique across buses and the same on every read, whatever the read order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(2), { minLength: 1, maxLength: 60 }), fc.array(fc.nat(), { maxLength: 120 }), (publishers, reads) => {
        const buses = [newBus(), newBus(), newBus()];
        const events = publishers.map((b, n) => (buses[b] as ReturnType<typeof newBus>).publish(noteAdded, { id: `n${n}`, n }));
        // Read some ids early, in a random order, and the rest at the end.
        const firstRead = new Map<CloudEvent, string>();
        for (const r of reads) {
          const event = events[r % events.length] as CloudEvent;
          const id = event.id;
          expect(firstRead.get(event) ?? id).toBe(id);
          firstRead.set(event, id);
        }
        const ids = events.map((e) => e.id);
        expect(new Set(ids).size).toBe(events.length);
        for (const [event, id] of firstRead) expect(event.id).toBe(id);
        expect(events.map((e) => (e as unknown as { toJSON(): { id: string } }).toJSON().id)).toEqual(ids);
        // Within a bus: one prefix, then the publish count in base 36.
        publishers.forEach((b, n) => {
          const sameBus = publishers.slice(0, n + 1).filter((other) => other === b).length;
          expect((ids[n] as string).endsWith(`-${sameBus.toString(36)}`)).toBe(true);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('delivers the validated value (unknown keys stripped) and the data as given when it does not validate', () => {
    const loose = { id: 'a', n: 1, extra: true } as never;
    const validated: unknown[] = [];
    const bus = newBus();
    bus.subscribe(noteAdded, (e) => void validated.push(e.data));
    expect(bus.publish(noteAdded, loose).data).toEqual({ id: 'a', n: 1 });
    const contracts = createContractRegistry();
    contracts.register(noteAdded);
    const raw = createEventBus({ contracts, validate: false, logger: silentLogger() });
    expect(raw.publish(noteAdded, loose).data).toBe(loose);
    expect(validated).toEqual([{ id: 'a', n: 1 }]);
  });

  it('rejects invalid data with the failing path, and unknown types', () => {
    const bus = newBus();
    expect(() => bus.publish(noteAdded, { id: 'n1', n: 1.5 })).toThrow(/notes\.added@1\.0\.0: n: Invalid input: expected int/);
    let thrown: unknown;
    try {
      bus.publish('notes.archived', {});
    } catch (e) {
      thrown = e;
    }
    expect(CortexError.is(thrown, 'EVENT_TYPE_UNKNOWN')).toBe(true);
  });

  it('delivers by exact type and by wildcard', () => {
    const bus = newBus();
    const exact: string[] = [];
    const wild: string[] = [];
    const all: string[] = [];
    bus.subscribe(noteAdded, (e) => void exact.push(e.data.id));
    bus.subscribe('notes.*', (e) => void wild.push(e.type));
    bus.subscribe('*', (e) => void all.push(e.type));
    bus.publish(noteAdded, { id: 'a', n: 1 });
    bus.publish(noteRemoved, { id: 'a' });
    expect(exact).toEqual(['a']);
    expect(wild).toEqual(['notes.added', 'notes.removed']);
    expect(all).toEqual(['notes.added', 'notes.removed']);
  });

  it('isolates a throwing subscriber and publishes its failure as an event', async () => {
    const bus = newBus();
    const received: number[] = [];
    bus.subscribe(noteAdded, () => {
      throw new Error('boom');
    });
    bus.subscribe(noteAdded, (e) => void received.push(e.data.n));
    const failure = next(bus, subscriberFailedEvent.type);
    bus.publish(noteAdded, { id: 'a', n: 1 });
    bus.publish(noteAdded, { id: 'b', n: 2 });
    expect(received).toEqual([1, 2]);
    expect((await failure).data).toMatchObject({ pattern: 'notes.added', eventType: 'notes.added', message: 'boom' });
    expect(bus.stats().subscriberErrors).toBe(2);
  });

  it('routes an error thrown inside an observable subscriber to the bus instead of crashing', async () => {
    const bus = newBus();
    bus.observe(noteAdded).subscribe(() => {
      throw new Error('observer boom');
    });
    const failure = next(bus, subscriberFailedEvent.type);
    bus.publish(noteAdded, { id: 'a', n: 1 });
    expect(((await failure).data as { message: string }).message).toBe('observer boom');
  });

  it('gives a slow subscriber a bounded buffer (drop oldest) without delaying a fast one', async () => {
    const bus = newBus();
    const { promise: gate, resolve: release } = deferred();
    const slow: number[] = [];
    const fast: number[] = [];
    const slowSub = bus.subscribe(
      noteAdded,
      async (e) => {
        await gate;
        slow.push(e.data.n);
      },
      { bufferSize: 3 },
    );
    bus.subscribe(noteAdded, (e) => void fast.push(e.data.n));
    for (let n = 1; n <= 10; n++) bus.publish(noteAdded, { id: `n${n}`, n });
    expect(fast).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(slowSub.pending).toBe(3);
    expect(slowSub.dropped).toBe(6);
    release();
    await bus.complete();
    expect(slow).toEqual([1, 8, 9, 10]);
    expect(bus.stats().dropped).toBe(6);
  });

  it('replays retained events to a replaying subscriber, then live ones', () => {
    const bus = newBus({ replay: 2 });
    for (let n = 1; n <= 3; n++) bus.publish(noteAdded, { id: `n${n}`, n });
    const seen: number[] = [];
    bus.subscribe(noteAdded, (e) => void seen.push(e.data.n), { replay: true });
    bus.publish(noteAdded, { id: 'n4', n: 4 });
    expect(seen).toEqual([2, 3, 4]);
  });

  it('completes every observable on complete() and refuses later publishes', async () => {
    const bus = newBus();
    const collected = firstValueFrom(from(bus.observe(noteAdded)).pipe(toArray()));
    bus.publish(noteAdded, { id: 'a', n: 1 });
    await bus.complete();
    expect((await collected).map((e) => e.data.n)).toEqual([1]);
    expect(() => bus.publish(noteAdded, { id: 'b', n: 2 })).toThrow(/event bus has completed/);
    expect(await firstValueFrom(from(bus.observe(noteAdded)).pipe(toArray()))).toEqual([]);
  });

  it('observable subscribers can take a prefix and unsubscribe', async () => {
    const bus = newBus();
    const firstTwo = firstValueFrom(from(bus.observe(noteAdded)).pipe(take(2), toArray()));
    for (let n = 1; n <= 3; n++) bus.publish(noteAdded, { id: `n${n}`, n });
    expect((await firstTwo).map((e) => e.data.n)).toEqual([1, 2]);
    expect(bus.stats().subscriptions).toBe(0);
  });
});

type Op = { kind: 'publish' } | { kind: 'subscribe'; async: boolean } | { kind: 'unsubscribe'; which: number };

describe('event bus ordering (properties)', () => {
  it('delivers every event to every subscriber live at publish time, in publish order, whatever the interleaving', async () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 5, arbitrary: fc.constant({ kind: 'publish' as const }) },
      { weight: 2, arbitrary: fc.boolean().map((async) => ({ kind: 'subscribe' as const, async })) },
      { weight: 1, arbitrary: fc.nat().map((which) => ({ kind: 'unsubscribe' as const, which })) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 80 }), async (ops) => {
        const bus = newBus();
        const subs: { received: number[]; expected: number[]; live: boolean; handle: { unsubscribe(): void } }[] = [];
        let n = 0;
        for (const step of ops) {
          if (step.kind === 'publish') {
            n += 1;
            for (const s of subs) if (s.live) s.expected.push(n);
            bus.publish(noteAdded, { id: `n${n}`, n });
          } else if (step.kind === 'subscribe') {
            const record = { received: [] as number[], expected: [] as number[], live: true, handle: { unsubscribe() {} } };
            record.handle = bus.subscribe(
              noteAdded,
              step.async
                ? async (e) => {
                    await Promise.resolve();
                    record.received.push(e.data.n);
                  }
                : (e) => void record.received.push(e.data.n),
              { bufferSize: 10_000 },
            );
            subs.push(record);
          } else if (subs.length > 0) {
            const s = subs[step.which % subs.length];
            // An async subscriber that unsubscribes drops what it had not yet handled, so only sync ones are checked for exactness.
            if (s?.live) {
              s.live = false;
              s.handle.unsubscribe();
            }
          }
        }
        await bus.complete();
        for (const s of subs) {
          if (s.live) expect(s.received).toEqual(s.expected);
          else expect(s.expected.slice(0, s.received.length)).toEqual(s.received);
        }
      }),
      { numRuns: 150, seed: 1122 },
    );
  });
});

describe('slow subscribers (properties)', () => {
  it('a slow subscriber never delays a fast one, and keeps at most its buffer, newest last', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom('drop-oldest' as const, 'drop-newest' as const),
        async (count, bufferSize, overflow) => {
          const bus = newBus();
          const { promise: gate, resolve: release } = deferred();
          const slow: number[] = [];
          const fast: number[] = [];
          bus.subscribe(
            noteAdded,
            async (e) => {
              await gate;
              slow.push(e.data.n);
            },
            { bufferSize, overflow },
          );
          bus.subscribe(noteAdded, (e) => void fast.push(e.data.n));
          for (let n = 1; n <= count; n++) {
            bus.publish(noteAdded, { id: `n${n}`, n });
            // Delivered synchronously to the fast subscriber while the slow one is still blocked.
            expect(fast.at(-1)).toBe(n);
          }
          release();
          await bus.complete();
          const queued = Array.from({ length: count - 1 }, (_, i) => i + 2);
          const kept = overflow === 'drop-oldest' ? queued.slice(-bufferSize) : queued.slice(0, bufferSize);
          expect(slow).toEqual([1, ...kept]);
        },
      ),
      { numRuns: 100, seed: 99 },
    );
  });

  it('streams events to for-await readers in order, ending when the bus completes', async () => {
    const bus = newBus();
    const read = (async () => {
      const seen: number[] = [];
      for await (const event of bus.observe(noteAdded)) seen.push(event.data.n);
      return seen;
    })();
    for (let n = 1; n <= 3; n++) bus.publish(noteAdded, { id: `n${n}`, n });
    await bus.complete();
    expect(await read).toEqual([1, 2, 3]);
  });

  it('unsubscribes a for-await reader that breaks, and a plain observer on unsubscribe or dispose', async () => {
    const bus = newBus();
    const stream = bus.observe(noteAdded);
    const iterator = stream[Symbol.asyncIterator]();
    bus.publish(noteAdded, { id: 'a', n: 1 });
    expect(await iterator.next()).toMatchObject({ done: false, value: { data: { n: 1 } } });
    const pending = iterator.next();
    bus.publish(noteAdded, { id: 'b', n: 2 });
    expect(await pending).toMatchObject({ done: false, value: { data: { n: 2 } } });
    await iterator.return?.();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    const seen: number[] = [];
    const subscription = stream.subscribe((event) => seen.push(event.data.n));
    expect(bus.stats().subscriptions).toBe(1);
    bus.publish(noteAdded, { id: 'c', n: 3 });
    subscription[Symbol.dispose]();
    expect(subscription.closed).toBe(true);
    bus.publish(noteAdded, { id: 'd', n: 4 });
    expect(seen).toEqual([3]);
    expect(bus.stats().subscriptions).toBe(0);
  });

  it('is an RxJS interop observable: from(stream) is the same stream', () => {
    const stream = newBus().observe(noteAdded);
    expect(stream['@@observable']()).toBe(stream);
  });
});
