import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@cortex-os/kernel';
import type { EventsError } from '@cortex-os/events-redis';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { collect, kernelBus, noteAdded } from './busForTests.js';
import { sharedRedisSuite } from './sharedRedisSuite.js';

// The broadcast loop's gap notice, against the shared redis-server: entries trimmed before the
// reader read them are reported (EVENTS_BROADCAST_GAP with the count, and a metric), and a reader
// that keeps up never reports one.
const { reason, admin, track, transport } = sharedRedisSuite({ blockMs: 200 });

/** A reader on `stream` whose reports land in `errors`, its events in the returned collector. */
async function reader(stream: string, expected: number) {
  const errors: EventsError[] = [];
  const t = transport(stream, { onError: (error) => errors.push(error) });
  const received = collect<CloudEvent>(expected);
  kernelBus(t, track).subscribe('note.*', (event) => received.push(event));
  await t.ready;
  return { t, errors, received };
}

/** Entries as another runtime writes them, trimmed to the newest `keep` in the same transaction. */
async function writeAndTrim(stream: string, ns: readonly number[], keep: number): Promise<void> {
  const multi = admin?.multi();
  for (const n of ns) {
    const event = { specversion: '1.0', id: `gap-${n}`, source: '/other', type: 'note.added', time: new Date().toISOString(), data: { n } };
    multi?.xadd(stream, '*', 'origin', 'other-runtime', 'event', JSON.stringify(event));
  }
  multi?.xtrim(stream, 'MAXLEN', keep);
  await multi?.exec();
}

describe.skipIf(reason !== undefined)('the broadcast reader notices the entries it missed', () => {
  it('reports how many entries were trimmed before it read them, counts the gap, and goes on with the rest', async () => {
    const stream = `g:${randomUUID()}`;
    const { t, errors, received } = await reader(stream, 3);
    const registry = new Registry();
    t.registerMetrics(registry);
    // Five entries and a trim to the newest two, atomically: the reader can only ever see 4 and 5.
    await writeAndTrim(stream, [1, 2, 3, 4, 5], 2);
    await writeAndTrim(stream, [6], 10);
    expect((await received.done).map((e) => (e.data as { n: number }).n)).toEqual([4, 5, 6]);
    const gaps = errors.filter((e) => e.code === 'EVENTS_BROADCAST_GAP');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.details).toMatchObject({ stream, missed: 3 });
    expect(gaps[0]?.message).toContain('missed 3 entries');
    const metric = await registry.getSingleMetric('cortex_events_broadcast_gaps_total')?.get();
    expect(metric?.values.find((v) => v.labels['stream'] === stream)?.value).toBe(1);
  });

  it('a reader behind (full batches) reports the count once it catches up', async () => {
    const stream = `g:${randomUUID()}`;
    let reportGap: (error: EventsError) => void = () => undefined;
    const gap = new Promise<EventsError>((resolve) => {
      reportGap = resolve;
    });
    const t = transport(stream, { batchSize: 2, onError: (error) => error.code === 'EVENTS_BROADCAST_GAP' && reportGap(error) });
    const received = collect<CloudEvent>(5);
    kernelBus(t, track).subscribe('note.*', (event) => received.push(event));
    await t.ready;
    await writeAndTrim(stream, [1, 2, 3, 4, 5, 6, 7, 8], 5);
    expect((await received.done).map((e) => (e.data as { n: number }).n)).toEqual([4, 5, 6, 7, 8]);
    expect((await gap).details).toMatchObject({ stream, missed: 3 });
  });

  it('reports nothing while it keeps up, whatever is trimmed or deleted after it read it', async () => {
    const stream = `g:${randomUUID()}`;
    const errors: EventsError[] = [];
    const t = transport(stream, { onError: (error) => errors.push(error) });
    const seen: number[] = [];
    let waiting: { n: number; resolve: () => void } | undefined;
    kernelBus(t, track).subscribe('note.*', (event) => {
      const { n } = event.data as { n: number };
      seen.push(n);
      if (waiting?.n === n) waiting.resolve();
    });
    await t.ready;
    const publisher = kernelBus(transport(stream, { broadcast: false }), track);
    for (let n = 1; n <= 4; n++) {
      const arrived = new Promise<void>((resolve) => {
        waiting = { n, resolve };
      });
      await publisher.publishAcknowledged(noteAdded, { n });
      await arrived;
      // Behind the reader: everything it read goes, by trimming or by XDEL.
      if (n % 2 === 0) await admin?.xtrim(stream, 'MAXLEN', 0);
      else await admin?.xdel(stream, ((await admin?.xrange(stream, '-', '+')) ?? [])[0]?.[0] as string);
    }
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(errors).toEqual([]);
  });
});
