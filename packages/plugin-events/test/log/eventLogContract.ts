import type { CloudEvent } from '@cortex-os/kernel';
import { type EventLog, EventLogError } from '@cortex-os/plugin-events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Opens a fresh, empty log on the clock given. */
export type OpenTestLog = (now: () => number) => Promise<EventLog>;

let counter = 0;
/** A CloudEvent as the bus makes them, with overridable fields. */
export function testEvent(overrides: Partial<CloudEvent> = {}): CloudEvent {
  counter += 1;
  return {
    specversion: '1.0',
    id: `e-${counter}`,
    source: '/test',
    type: 'memory.stored',
    time: new Date(1_700_000_000_000 + counter * 1000).toISOString(),
    datacontenttype: 'application/json',
    dataschema: 'memory.stored@1.0.0',
    data: { n: counter },
    ...overrides,
  };
}

async function all(log: EventLog, query: Parameters<EventLog['query']>[0] = {}): Promise<CloudEvent[]> {
  const events: CloudEvent[] = [];
  let after: string | undefined;
  do {
    const page = await log.query({ ...query, ...(after === undefined ? {} : { after }) });
    events.push(...page.events);
    after = page.next;
  } while (after !== undefined);
  return events;
}

async function queryError(log: EventLog, query: Parameters<EventLog['query']>[0]): Promise<EventLogError> {
  const error = await log.query(query).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(EventLogError);
  return error as EventLogError;
}

type WithLog = (fn: (log: EventLog, clock: { now: number }) => Promise<void>) => Promise<void>;

/** Runs `fn` on a fresh log with a settable clock, and closes the log whatever happens. */
function logFixture(open: OpenTestLog): WithLog {
  return async (fn) => {
    const clock = { now: 1_800_000_000_000 };
    const log = await open(() => clock.now);
    try {
      await fn(log, clock);
    } finally {
      await log.close();
    }
  };
}

/** The behaviour every event log driver must show; run against SQLite and PostgreSQL. */
export function describeEventLog(name: string, open: OpenTestLog): void {
  describe(`${name}: the event log contract`, () => {
    describeRecording(logFixture(open));
    describeQueries(logFixture(open));
  });
}

function describeRecording(withLog: WithLog): void {
  it('returns what it recorded, oldest first, field for field', () =>
    withLog(async (log) => {
      const first = testEvent({ subject: 'm-1', correlationid: 'corr-1', data: { text: 'é', nested: [1, { a: null }] } });
      const second = testEvent({ type: 'memory.deleted' });
      expect(await log.append([first, second])).toBe(2);
      expect(await log.query()).toEqual({ events: [first, second] });
    }));

  it('records an event once per id and source: a copy is skipped, the same id from another source is kept', () =>
    withLog(async (log) => {
      const event = testEvent();
      expect(await log.append([event])).toBe(1);
      expect(await log.append([{ ...event, data: { changed: true } }])).toBe(0);
      const other = { ...event, source: '/elsewhere' };
      expect(await log.append([other, event])).toBe(1);
      expect((await log.query()).events).toEqual([event, other]);
    }));
  it('publishes once per client key: the same key again answers the first event without publishing', () =>
    withLog(async (log) => {
      const key = { id: 'client-1', source: '/client' };
      const first = testEvent();
      const published: CloudEvent[] = [];
      const publish = (event: CloudEvent) => async () => {
        published.push(event);
        return event;
      };
      expect(await log.publishRequested(key, publish(first))).toEqual({ event: first, duplicate: false });
      expect(await log.publishRequested(key, publish(testEvent()))).toEqual({ event: first, duplicate: true });
      expect(published).toEqual([first]);
      expect(await log.findRequested(key)).toEqual(first);
      expect(await log.findRequested({ id: 'client-1', source: '/other' })).toBeUndefined();
      expect((await log.query()).events).toEqual([first]);
    }));

  it('answers the publisher’s own error, records nothing and leaves the key free for a retry', () =>
    withLog(async (log) => {
      const key = { id: 'client-3', source: '/client' };
      const refusal = new Error('transport down');
      await expect(log.publishRequested(key, () => Promise.reject(refusal))).rejects.toBe(refusal);
      expect((await log.query()).events).toEqual([]);
      const event = testEvent();
      expect(await log.publishRequested(key, () => Promise.resolve(event))).toEqual({ event, duplicate: false });
    }));

  it('joins a client key to an event the recorder logged first', () =>
    withLog(async (log) => {
      const event = testEvent();
      await log.append([event]);
      const key = { id: 'client-2', source: '/client' };
      expect(await log.publishRequested(key, () => Promise.resolve(event))).toEqual({ event, duplicate: false });
      expect(await log.findRequested(key)).toEqual(event);
      expect((await log.query()).events).toHaveLength(1);
    }));

  it('publishes a key again once retention deleted its event, as a new key', () =>
    withLog(async (log, clock) => {
      const key = { id: 'client-4', source: '/client' };
      await log.publishRequested(key, () => Promise.resolve(testEvent()));
      clock.now += 10_000;
      expect(await log.prune({ maxAgeMs: 5000, maxEvents: 100 })).toBe(1);
      const again = testEvent();
      expect(await log.publishRequested(key, () => Promise.resolve(again))).toEqual({ event: again, duplicate: false });
      // A claim kept while its event went (pruned by count) is taken over the same way.
      expect(await log.prune({ maxAgeMs: 60_000, maxEvents: 1 })).toBe(0);
      await log.append([testEvent()]);
      expect(await log.prune({ maxAgeMs: 60_000, maxEvents: 1 })).toBe(1);
      const third = testEvent();
      expect(await log.publishRequested(key, () => Promise.resolve(third))).toEqual({ event: third, duplicate: false });
      expect(await log.findRequested(key)).toEqual(third);
    }));

  it('prunes by age and by count, and a cursor from before the prune still continues', () =>
    withLog(async (log, clock) => {
      const old = [testEvent(), testEvent()];
      await log.append(old);
      clock.now += 10_000;
      const recent = Array.from({ length: 4 }, () => testEvent());
      await log.append(recent);
      const page = await log.query({ limit: 1 });
      expect(await log.prune({ maxAgeMs: 5000, maxEvents: 100 })).toBe(2);
      expect((await log.query()).events).toEqual(recent);
      expect(await log.prune({ maxAgeMs: 60_000, maxEvents: 3 })).toBe(1);
      expect((await log.query({ after: page.next })).events).toEqual(recent.slice(1));
      expect(await log.prune({ maxAgeMs: 60_000, maxEvents: 3 })).toBe(0);
    }));

  it('names the cursor after an event id, to resume after it', () =>
    withLog(async (log) => {
      const events = [testEvent(), testEvent(), testEvent()];
      await log.append(events);
      const cursor = await log.cursorAfter(events[0]?.id ?? '');
      expect((await log.query({ after: cursor })).events).toEqual(events.slice(1));
      expect(await log.cursorAfter('missing')).toBeUndefined();
    }));
}

function describeQueries(withLog: WithLog): void {
  it('filters by type, prefix pattern, source, correlation id and time range', () =>
    withLog(async (log) => {
      const stored = testEvent({ type: 'memory.stored', source: '/a', correlationid: 'c1' });
      const evicted = testEvent({ type: 'memory.stm.evicted', source: '/b' });
      const bare = testEvent({ type: 'memory', source: '/a' });
      const lookalike = testEvent({ type: 'memoryx.stored', source: '/a', correlationid: 'c1' });
      const task = testEvent({ type: 'task.done', source: '/b', correlationid: 'c1' });
      await log.append([stored, evicted, bare, lookalike, task]);
      const ids = async (query: Parameters<EventLog['query']>[0]): Promise<string[]> => (await all(log, query)).map((e) => e.id);
      expect(await ids({ type: 'memory.*' })).toEqual([stored.id, evicted.id]);
      expect(await ids({ type: 'memory.stored' })).toEqual([stored.id]);
      expect(await ids({ type: '*' })).toHaveLength(5);
      expect(await ids({ source: '/b' })).toEqual([evicted.id, task.id]);
      expect(await ids({ correlationId: 'c1', type: 'memory.*' })).toEqual([stored.id]);
      expect(await ids({ correlationId: 'c1' })).toEqual([stored.id, lookalike.id, task.id]);
      const at = (event: CloudEvent): number => Date.parse(event.time);
      expect(await ids({ since: at(evicted), until: at(task) })).toEqual([evicted.id, bare.id, lookalike.id]);
    }));

  it('pages with a cursor: pages join into the whole answer, and the last page has no next', () =>
    withLog(async (log) => {
      const events = Array.from({ length: 7 }, () => testEvent());
      await log.append(events);
      const first = await log.query({ limit: 3 });
      expect(first.events).toEqual(events.slice(0, 3));
      const second = await log.query({ limit: 3, after: first.next });
      expect(second.events).toEqual(events.slice(3, 6));
      const third = await log.query({ limit: 3, after: second.next });
      expect(third).toEqual({ events: events.slice(6) });
      const exact = await log.query({ limit: 7 });
      expect(exact.next).toBeUndefined();
    }));

  it('refuses a bad cursor, limit, pattern or range with EVENTLOG_QUERY_INVALID', () =>
    withLog(async (log) => {
      for (const query of [
        { after: 'abc' },
        { limit: 0 },
        { limit: 1001 },
        { type: 'memory.*.x' },
        { type: '%' },
        { since: 10, until: 5 },
      ]) {
        expect((await queryError(log, query)).code, JSON.stringify(query)).toBe('EVENTLOG_QUERY_INVALID');
      }
      expect((await queryError(log, { after: '1; DROP TABLE event_log' })).message).toBe(
        'Invalid event log query: "after" must be the `next` of a previous page, not "1; DROP TABLE event_log".',
      );
    }));

  it('pages by any size give the same events as the bus pattern rule picks (property)', () =>
    withLog(async (log) => {
      const types = ['a', 'a.b', 'a.b.c', 'ab.c', 'b.a'];
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.constantFrom(...types), { minLength: 0, maxLength: 12 }),
          fc.constantFrom('*', 'a', 'a.*', 'a.b.*', 'b.*', 'ab.c'),
          fc.integer({ min: 1, max: 5 }),
          async (picked, pattern, limit) => {
            const source = `/prop-${counter}`;
            const events = picked.map((type) => testEvent({ type, source }));
            await log.append(events);
            const matches = (type: string): boolean =>
              pattern === '*' ||
              (pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) && type.length > pattern.length - 1 : type === pattern);
            expect(await all(log, { source, type: pattern, limit })).toEqual(events.filter((e) => matches(e.type)));
          },
        ),
        { seed: 20, numRuns: 25 },
      );
    }));
}
