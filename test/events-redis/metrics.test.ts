import { randomUUID } from 'node:crypto';
import { type CloudEvent, createKernel } from '@cortex-os/kernel';
import {
  createRedisStreamsTransport,
  type EventsError,
  type RedisStreamsTransport,
  redisEventsMetricsPlugin,
} from '@cortex-os/events-redis';
import { httpPlugin, metricsRegistryToken } from '@cortex-os/plugin-http';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { collect, kernelBus, noteAdded } from './busForTests.js';
import { OwnRedisServer, redisTestUrl } from './redisForTests.js';

// The transport's Prometheus metrics, read from a real prom-client registry after real traffic.
const { url, reason } = redisTestUrl();

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(opened.map((o) => o.close()));
});

function transport(stream: string, extra: Partial<Parameters<typeof createRedisStreamsTransport>[0]> = {}): RedisStreamsTransport {
  const created = createRedisStreamsTransport({ url: url as string, stream, blockMs: 200, ...extra });
  opened.push(created);
  return created;
}

/** The value of `name` with exactly `labels`, or undefined when the registry has no such sample. */
async function sample(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const found = metric?.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value));
  return found?.value;
}

describe.skipIf(reason !== undefined)('Redis Streams transport metrics', () => {
  it('counts publishes, receptions, deliveries, redeliveries, failures and dead letters, and reads backlog from Redis', async () => {
    const stream = `m:${randomUUID()}`;
    const errors: EventsError[] = [];
    const deadLettered = collect<EventsError>(1);
    const onError = (error: EventsError): void => {
      errors.push(error);
      if (error.code === 'EVENTS_DEAD_LETTERED') deadLettered.push(error);
    };
    const [ta, tb] = [transport(stream), transport(stream, { onError })];
    const registry = new Registry();
    ta.registerMetrics(registry);
    tb.registerMetrics(registry);
    const a = kernelBus(ta, (c) => opened.push(c));
    const b = kernelBus(tb, (c) => opened.push(c));
    await Promise.all([ta.ready, tb.ready]);
    const atB = collect<CloudEvent>(3);
    b.subscribe('note.*', (event) => atB.push(event));
    // n=1 succeeds; n=2 fails once, then succeeds when claimed again; n=3 always fails and is dead-lettered.
    const handled = collect<number>(2);
    let failedTwo = false;
    const consumer = tb.consume({ group: 'g', start: 'all', visibilityTimeoutMs: 50, maxDeliveries: 2 }, (event) => {
      const { n } = event.data as { n: number };
      if (n === 3 || (n === 2 && !failedTwo)) {
        failedTwo ||= n === 2;
        throw new Error(`refusing ${n}`);
      }
      handled.push(n);
    });
    await consumer.ready;
    for (let n = 1; n <= 3; n++) await a.publishAcknowledged(noteAdded, { n });
    await Promise.all([atB.done, handled.done, deadLettered.done]);
    await consumer.stop();

    expect(await sample(registry, 'cortex_events_published_total', { stream })).toBe(3);
    expect(await sample(registry, 'cortex_events_publish_failures_total', { stream })).toBe(0);
    expect(await sample(registry, 'cortex_events_received_total', { stream })).toBe(3);
    expect(await sample(registry, 'cortex_events_delivered_total', { stream, group: 'g' })).toBe(2);
    // n=2 once, n=3 once more before it exceeded maxDeliveries.
    expect(await sample(registry, 'cortex_events_redelivered_total', { stream, group: 'g' })).toBe(2);
    expect(await sample(registry, 'cortex_events_handler_failures_total', { stream, group: 'g' })).toBe(
      errors.filter((e) => e.code === 'EVENTS_HANDLER_FAILED').length,
    );
    expect(await sample(registry, 'cortex_events_dead_lettered_total', { stream, group: 'g' })).toBe(1);
    expect(await sample(registry, 'cortex_events_stream_length', { stream })).toBe(3);
    expect(await sample(registry, 'cortex_events_pending', { stream, group: 'g' })).toBe(0);
    expect(await sample(registry, 'cortex_events_group_lag', { stream, group: 'g' })).toBe(0);
    expect(await sample(registry, 'cortex_events_transport_up', { stream })).toBe(1);
    const text = await registry.metrics();
    expect(text).toContain(`cortex_events_published_total{stream="${stream}"} 3`);
  });

  it('shows pending entries and lag of a group that has not caught up', async () => {
    const stream = `m:${randomUUID()}`;
    const t = transport(stream, { broadcast: false, batchSize: 1 });
    const registry = new Registry();
    t.registerMetrics(registry);
    const bus = kernelBus(t, (c) => opened.push(c));
    await t.ready;
    // One entry in hand (pending), the other two not yet delivered (lag), until the handler is released.
    const inHand = collect<number>(1);
    let release: () => void = () => undefined;
    const consumer = t.consume({ group: 'slow', start: 'all' }, (event) => {
      inHand.push((event.data as { n: number }).n);
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await consumer.ready;
    for (let n = 1; n <= 3; n++) await bus.publishAcknowledged(noteAdded, { n });
    expect(await inHand.done).toEqual([1]);
    expect(await sample(registry, 'cortex_events_pending', { stream, group: 'slow' })).toBe(1);
    expect(await sample(registry, 'cortex_events_group_lag', { stream, group: 'slow' })).toBe(2);
    const stopped = consumer.stop();
    release();
    await stopped;
    expect(await sample(registry, 'cortex_events_pending', { stream, group: 'slow' })).toBe(0);
    expect(await sample(registry, 'cortex_events_delivered_total', { stream, group: 'slow' })).toBe(1);
  });

  it('reports the link down and failed publishes while Redis is stopped, and stops exporting after close', async () => {
    const server = await OwnRedisServer.start();
    try {
      const stream = `m:${randomUUID()}`;
      const t = createRedisStreamsTransport({ url: server.url, stream, blockMs: 200, connectTimeoutMs: 50, maxReconnectDelayMs: 50 });
      const registry = new Registry();
      t.registerMetrics(registry);
      const bus = createKernel({ plugins: [], eventTransport: t }).events;
      await t.ready;
      await bus.publishAcknowledged(noteAdded, { n: 1 });
      expect(await sample(registry, 'cortex_events_transport_up', { stream })).toBe(1);
      await server.stop();
      await expect(bus.publishAcknowledged(noteAdded, { n: 2 })).rejects.toMatchObject({ code: 'EVENTS_REDIS_UNAVAILABLE' });
      expect(await sample(registry, 'cortex_events_transport_up', { stream })).toBe(0);
      expect(await sample(registry, 'cortex_events_publish_failures_total', { stream })).toBe(1);
      // Redis cannot be asked: no backlog samples rather than stale ones.
      expect(await sample(registry, 'cortex_events_stream_length', { stream })).toBeUndefined();
      await bus.complete();
      expect(await sample(registry, 'cortex_events_published_total', { stream })).toBeUndefined();
      expect(() => t.registerMetrics(registry)).toThrow(expect.objectContaining({ code: 'EVENTS_TRANSPORT_CLOSED' }));
    } finally {
      await server.dispose();
    }
  });

  it('reaches the HTTP plugin registry through redisEventsMetricsPlugin, and is a no-op without it', async () => {
    const stream = `m:${randomUUID()}`;
    const t = transport(stream, { broadcast: false });
    const kernel = createKernel({
      eventTransport: t,
      plugins: [httpPlugin({ port: 0, listen: 'manual', metrics: { defaultMetrics: false } }), redisEventsMetricsPlugin(t)],
    });
    kernel.contracts.register(noteAdded);
    await kernel.start();
    opened.push({ close: async () => void (await kernel.stop()) });
    await t.ready;
    await kernel.events.publishAcknowledged(noteAdded, { n: 1 });
    const text = await kernel.get(metricsRegistryToken).metrics();
    expect(text).toContain(`cortex_events_published_total{stream="${stream}"} 1`);
    expect(text).toContain(`cortex_events_transport_up{stream="${stream}"} 1`);

    const alone = createKernel({ eventTransport: transport(`m:${randomUUID()}`), plugins: [redisEventsMetricsPlugin(t)] });
    await alone.start();
    expect(alone.describe().plugins.map((p) => p.name)).toEqual(['events-redis-metrics']);
    await alone.stop();
  });
});
