import { randomUUID } from 'node:crypto';
import type { createRedisStreamsTransport, EventsError } from '@cortex-os/events-redis';
import { describe, expect, it } from 'vitest';
import { collect, kernelBus, noteAdded } from './busForTests.js';
import { sharedRedisSuite } from './sharedRedisSuite.js';

// Reading the stream's history (XRANGE pages, gaps from trimming) against the shared redis-server.
const { reason, admin, track, transport } = sharedRedisSuite({ broadcast: false });

/** A stream holding events n = 1…count, published through a bus; returns the transport and the event ids. */
async function published(count: number, extra: Partial<Parameters<typeof createRedisStreamsTransport>[0]> = {}) {
  const stream = `h:${randomUUID()}`;
  const t = transport(stream, extra);
  const bus = kernelBus(t, track);
  const ids: string[] = [];
  for (let n = 1; n <= count; n++) ids.push((await bus.publishAcknowledged(noteAdded, { n })).id);
  return { stream, t, ids };
}

describe.skipIf(reason !== undefined)('reading the stream history', () => {
  it('pages through every event in order with the next cursor, and ends with done', async () => {
    const { t, ids } = await published(5);
    const seen: string[] = [];
    let page = await t.read({ limit: 2 });
    const pages = [page];
    while (!page.done) {
      for (const entry of page.entries) seen.push(entry.event.id);
      page = await t.read({ after: page.next as string, limit: 2 });
      pages.push(page);
    }
    for (const entry of page.entries) seen.push(entry.event.id);
    expect(seen).toEqual(ids);
    expect(pages.map((p) => [p.entries.length, p.done, p.gap])).toEqual([
      [2, false, false],
      [2, false, false],
      [1, true, false],
    ]);
    // Caught up: an empty page keeps the cursor.
    const last = pages.at(-1)?.next as string;
    expect(await t.read({ after: last })).toEqual({ entries: [], next: last, done: true, gap: false });
  });

  it('starts at a time: every entry from then on, none before', async () => {
    const { t, ids } = await published(4);
    const all = await t.read();
    const third = all.entries[2]?.entryId as string;
    const since = Number(third.split('-')[0]);
    const page = await t.read({ since });
    expect(page.entries.map((e) => e.event.id).slice(-2)).toEqual(ids.slice(2));
    for (const entry of page.entries) expect(Number(entry.entryId.split('-')[0])).toBeGreaterThanOrEqual(since);
    expect(await t.read({ since: Number(all.entries[3]?.entryId.split('-')[0]) + 1 })).toMatchObject({ entries: [], done: true });
  });

  it('reports a gap when entries after the cursor were trimmed or deleted, and none after them', async () => {
    const { stream, t, ids } = await published(5);
    const first = await t.read({ limit: 2 });
    const all = await t.read();
    await admin?.xdel(stream, all.entries[2]?.entryId as string);
    const resumed = await t.read({ after: first.next as string });
    expect(resumed.gap).toBe(true);
    expect(resumed.entries.map((e) => e.event.id)).toEqual([ids[3], ids[4]]);
    expect((await t.read({ after: all.entries[3]?.entryId as string })).gap).toBe(false);
  });

  it('reports a gap when a trim took the stream past the cursor (trimming does not move max-deleted-entry-id)', async () => {
    const { stream, t, ids } = await published(5);
    const first = await t.read({ limit: 2 });
    await admin?.xtrim(stream, 'MAXLEN', 2);
    const resumed = await t.read({ after: first.next as string });
    expect(resumed.gap).toBe(true);
    expect(resumed.entries.map((e) => e.event.id)).toEqual([ids[3], ids[4]]);
    expect((await t.read({ after: resumed.next as string })).gap).toBe(false);
    await admin?.xtrim(stream, 'MAXLEN', 0);
    expect((await t.read({ after: first.next as string })).gap).toBe(true);
    expect(await t.read({ after: resumed.next as string })).toMatchObject({ entries: [], gap: false });
  });

  it('skips an entry this transport did not write, reporting it, and still moves the cursor past it', async () => {
    const stream = `h:${randomUUID()}`;
    const errors = collect<EventsError>(1);
    const t = transport(stream, { onError: (e) => errors.push(e) });
    const foreign = (await admin?.xadd(stream, '*', 'event', '{not json')) as string;
    const page = await t.read();
    expect(page).toEqual({ entries: [], next: foreign, done: true, gap: false });
    expect((await errors.done).map((e) => e.code)).toEqual(['EVENTS_ENTRY_MALFORMED']);
  });

  it('refuses bad cursors and unknown streams with typed errors, and reads nothing after close', async () => {
    const t = transport(`h:${randomUUID()}`);
    await expect(t.read({ after: 'yesterday' })).rejects.toMatchObject({ code: 'EVENTS_CURSOR_INVALID' });
    await expect(t.read({ since: -5 })).rejects.toMatchObject({ code: 'EVENTS_CURSOR_INVALID' });
    await expect(t.read({ stream: 'other' })).rejects.toMatchObject({ code: 'EVENTS_OPTIONS_INVALID' });
    expect(await t.read()).toEqual({ entries: [], next: undefined, done: true, gap: false });
    await t.close();
    await expect(t.read()).rejects.toMatchObject({ code: 'EVENTS_TRANSPORT_CLOSED' });
  });
});
