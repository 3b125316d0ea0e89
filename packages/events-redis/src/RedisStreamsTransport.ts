import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  type CloudEvent,
  type ConsumeHandler,
  type ConsumerMembership,
  createDisposer,
  type Disposer,
  type EventBusTransport,
  type TransportGroupRequest,
} from '@cortex-os/kernel';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { EventsError } from './errors/EventsError.js';
import { BroadcastReader } from './BroadcastReader.js';
import { GroupConsumer, type RedisConsumeHandler, type RedisConsumer } from './GroupConsumer.js';
import { joinBusGroup } from './joinBusGroup.js';
import { readBacklog } from './metrics/readBacklog.js';
import { planRead, type RedisEventPage, type RedisReadOptions, readEvents } from './readEvents.js';
import { registerTransportMetrics } from './metrics/registerTransportMetrics.js';
import { TransportStats } from './metrics/TransportStats.js';
import { openRedisClient, whenReady } from './redisClient.js';
import { redactedTarget, redisFailure } from './redisFailure.js';
import type { RedisConsumeOptions, RedisStreamsTransportOptions } from './RedisStreamsTransportOptions.js';
import { knownStream, settleConsumeOptions, settleTransportOptions, type SettledTransportOptions } from './settleTransportOptions.js';
import { eventFields } from './streamEntry.js';

/**
 * The kernel's event bus transport over one Redis stream, plus consumer groups.
 * @public
 */
export interface RedisStreamsTransport extends EventBusTransport {
  /** The default stream's key. */
  readonly stream: string;
  /** Every stream the transport writes and reads: `stream` first, then `streams`. */
  readonly streams: readonly string[];
  /**
   * Resolves once the transport receives: the broadcast reader knows where the stream ends
   * (immediately connected when `broadcast` is off). Events stored after it reach this bus.
   */
  readonly ready: Promise<void>;
  /**
   * Joins consumer group `options.group`: each entry of the stream goes to one consumer of the
   * group across every process; the handler resolving acknowledges it (XACK); rejecting, or the
   * process dying, leaves it pending, and after `visibilityTimeoutMs` another consumer claims it
   * (`redelivered: true`). After `maxDeliveries` it moves to the dead-letter stream.
   * Delivery is at least once: handlers must tolerate a repeat.
   * @throws {@link EventsError} `EVENTS_OPTIONS_INVALID` or `EVENTS_TRANSPORT_CLOSED`.
   */
  consume(options: RedisConsumeOptions, handler: RedisConsumeHandler): RedisConsumer;
  /**
   * Exports this transport's `cortex_events_*` metrics on a prom-client registry (the HTTP
   * plugin's `metricsRegistryToken`, or see {@link redisEventsMetricsPlugin}): publishes,
   * publish failures, broadcast receptions, group deliveries, redeliveries, handler failures,
   * dead-lettered entries, and — asked of Redis at each scrape — the stream's length, each
   * group's pending entries and lag, and whether the connection is up. Several transports may
   * share one registry. Returns a function that stops exporting this transport; `close()` does too.
   * @throws {@link EventsError} `EVENTS_TRANSPORT_CLOSED`
   */
  registerMetrics(registry: Registry): Disposer;
  /**
   * Reads the stream's durable history, oldest first (XRANGE): from the start, from a time
   * (`since`), or after the `next` of a previous page (`after`). `gap` tells when entries after
   * the cursor were trimmed away. Reading does not touch consumer groups or the broadcast position.
   * @throws {@link EventsError} `EVENTS_CURSOR_INVALID`, `EVENTS_OPTIONS_INVALID` (unknown stream),
   * `EVENTS_REDIS_UNAVAILABLE`, `EVENTS_REDIS_COMMAND_FAILED` or `EVENTS_TRANSPORT_CLOSED`.
   */
  read(options?: RedisReadOptions): Promise<RedisEventPage>;
}

/**
 * Creates a Redis Streams transport for `createKernel({ eventTransport })`. A publish is
 * acknowledged (`publishAcknowledged` resolves) only once Redis answered the `XADD`; with
 * `appendonly yes` and `appendfsync always` such an event survives a Redis restart.
 * @example
 * ```ts
 * const transport = createRedisStreamsTransport({ url: 'redis://127.0.0.1:6379' });
 * const kernel = createKernel({ eventTransport: transport });
 * ```
 * @throws {@link EventsError} `EVENTS_OPTIONS_INVALID`
 * @public
 */
export function createRedisStreamsTransport(options: RedisStreamsTransportOptions): RedisStreamsTransport {
  return new RedisStreamsTransportImpl(options);
}

class RedisStreamsTransportImpl implements RedisStreamsTransport {
  readonly #options: SettledTransportOptions;
  readonly #report: (error: EventsError) => void;
  readonly #target: string;
  /** 96 random bits, short because it is written with every entry (see `eventFields`). */
  readonly #origin = randomBytes(12).toString('base64url');
  readonly #publisher: Redis;
  readonly #consumers = new Set<GroupConsumer>();
  readonly #stats = new TransportStats();
  readonly #unregister = new Set<() => void>();
  #reader: BroadcastReader | undefined;
  #readyResolve: (() => void) | undefined;
  #closing: Promise<void> | undefined;
  #publisherWait: Promise<boolean> | undefined;
  /** Set when the link fails (a lost connection or a publish Redis did not answer), cleared on `ready`: the metrics' `up`. */
  #linkDown = false;
  /** `maxLength` as the XADD argument, formatted once. */
  readonly #maxLength: string;
  readonly ready: Promise<void>;

  constructor(options: RedisStreamsTransportOptions) {
    this.#options = settleTransportOptions(options);
    this.#maxLength = String(this.#options.maxLength);
    this.#report = options.onError ?? (() => undefined);
    this.#target = redactedTarget(this.#options.url);
    this.#publisher = this.#open('publish', false);
    // Every stream has counts (zero until used), so its metrics exist from the first scrape.
    for (const stream of this.#options.streams) this.#stats.stream(stream);
    this.#publisher.on('ready', () => {
      this.#linkDown = false;
    });
    this.#publisher.on('close', () => {
      this.#linkDown = true;
    });
    this.ready = new Promise((resolve) => {
      this.#readyResolve = resolve;
    });
    if (!this.#options.broadcast)
      void whenReadyForever(this.#publisher, () => this.#closing !== undefined).then(() => this.#readyResolve?.());
  }

  get stream(): string {
    return this.#options.stream;
  }

  get streams(): readonly string[] {
    return this.#options.streams;
  }

  connect(deliver: (event: CloudEvent) => void): void {
    if (!this.#options.broadcast || this.#reader !== undefined || this.#closing !== undefined) return;
    const { streams, blockMs, batchSize } = this.#options;
    const client = this.#open('broadcast', true);
    this.#reader = new BroadcastReader(
      { client, streams, origin: this.#origin, target: this.#target, blockMs, batchSize, report: this.#report, stats: this.#stats },
      deliver,
    );
    void this.#reader.ready.then(() => this.#readyResolve?.());
    this.#reader.start();
  }

  async send(event: CloudEvent): Promise<void> {
    if (this.#closing !== undefined) throw this.#closed('publish');
    const { select, connectTimeoutMs, streams, streamFor } = this.#options;
    if (!select(event.type)) return;
    const stream = streamFor(event.type);
    if (!streams.includes(stream)) {
      throw EventsError.create(
        'EVENTS_OPTIONS_INVALID',
        { problem: `\`streamFor\` sent "${event.type}" to "${stream}", which is not one of the transport's streams` },
        { details: { option: 'streamFor', eventType: event.type } },
      );
    }
    const stats = this.#stats.stream(stream);
    const client = this.#publisher;
    // Offline queueing is off: wait a bounded time for a (re)connecting link, then fail typed.
    if (client.status !== 'ready' && !(await this.#whenPublisherReady(connectTimeoutMs))) {
      stats.publishFailed++;
      throw redisFailure(new Error('not connected'), 'XADD', this.#target);
    }
    try {
      await this.#append(client, stream, eventFields(event, this.#origin));
    } catch (error) {
      stats.publishFailed++;
      const failure = redisFailure(error, 'XADD', this.#target);
      if (failure.code === 'EVENTS_REDIS_UNAVAILABLE') this.#linkDown = true;
      throw failure;
    }
    stats.published++;
  }

  carries(type: string): boolean {
    return this.#options.select(type);
  }

  joinGroup(request: TransportGroupRequest, handler: ConsumeHandler): ConsumerMembership {
    return joinBusGroup(this, request, handler, this.#options.groups, (error) =>
      this.#report(error instanceof EventsError ? error : redisFailure(error, 'XREADGROUP', this.#target)),
    );
  }

  consume(options: RedisConsumeOptions, handler: RedisConsumeHandler): RedisConsumer {
    if (this.#closing !== undefined) throw this.#closed('consume');
    const settled = settleConsumeOptions(options, this.#options);
    const name = settled.consumer ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    const consumer = new GroupConsumer(
      {
        ...settled,
        client: this.#open(`group-${settled.group}`, true),
        name,
        maxLength: this.#options.maxLength,
        target: this.#target,
        blockMs: Math.min(this.#options.blockMs, settled.visibilityTimeoutMs),
        batchSize: this.#options.batchSize,
        report: this.#report,
        stats: this.#stats.group(settled.stream, settled.group),
      },
      handler,
    );
    this.#consumers.add(consumer);
    consumer.start();
    return consumer;
  }

  registerMetrics(registry: Registry): Disposer {
    if (this.#closing !== undefined) throw this.#closed('export metrics');
    const publisher = this.#publisher;
    const unregister = registerTransportMetrics(registry, {
      streams: this.#options.streams,
      stats: this.#stats,
      up: () => publisher.status === 'ready' && !this.#linkDown && this.#closing === undefined,
      // Asked only over a ready link: a scrape never waits for a reconnection.
      backlog: async (stream) => (publisher.status === 'ready' && !this.#linkDown ? readBacklog(publisher, stream) : undefined),
    });
    const disposer = createDisposer(() => {
      unregister();
      this.#unregister.delete(disposer);
    });
    this.#unregister.add(disposer);
    return disposer;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      for (const unregister of [...this.#unregister]) unregister();
      this.#readyResolve?.();
      await Promise.all([this.#reader?.stop(), ...[...this.#consumers].map((c) => c.stop())]);
      if (this.#publisher.status === 'ready') await this.#publisher.quit().catch(() => undefined);
      this.#publisher.disconnect();
    })();
    return this.#closing;
  }

  async read(options: RedisReadOptions = {}): Promise<RedisEventPage> {
    if (this.#closing !== undefined) throw this.#closed('read');
    const stream = knownStream(options.stream, this.#options);
    const plan = planRead(options);
    const client = this.#publisher;
    if (client.status !== 'ready' && !(await this.#whenPublisherReady(this.#options.connectTimeoutMs))) {
      throw redisFailure(new Error('not connected'), 'XRANGE', this.#target);
    }
    try {
      return await readEvents(client, stream, plan, this.#report);
    } catch (error) {
      throw redisFailure(error, 'XRANGE', this.#target);
    }
  }

  /**
   * XADD trimmed by length; with an age limit, one MULTI that also trims by age (Redis takes one
   * trim strategy per XADD). `~` lets Redis drop whole nodes only, so trimming stays cheap. Not
   * `async`: the plain XADD hands back ioredis's own promise, one fewer per publish.
   */
  #append(client: Redis, stream: string, fields: string[]): Promise<unknown> {
    const { maxAgeMs, now } = this.#options;
    if (maxAgeMs === undefined) return client.call('XADD', stream, 'MAXLEN', '~', this.#maxLength, '*', ...fields);
    const minId = String(Math.max(0, Math.floor(now() - maxAgeMs)));
    return client
      .multi()
      .call('XADD', stream, 'MAXLEN', '~', this.#maxLength, '*', ...fields)
      .call('XTRIM', stream, 'MINID', '~', minId)
      .exec()
      .then((results) => {
        const failed = results?.find(([error]) => error !== null)?.[0];
        if (failed) throw failed;
      });
  }

  /** One shared wait for every publish that finds the link down, so a burst adds one listener, not one each. */
  #whenPublisherReady(timeoutMs: number): Promise<boolean> {
    this.#publisherWait ??= whenReady(this.#publisher, timeoutMs).finally(() => {
      this.#publisherWait = undefined;
    });
    return this.#publisherWait;
  }

  #open(role: string, offlineQueue: boolean): Redis {
    return openRedisClient({
      url: this.#options.url,
      name: `cortex-events-${role}`,
      maxReconnectDelayMs: this.#options.maxReconnectDelayMs,
      offlineQueue,
      onError: () => undefined,
    });
  }

  #closed(action: string): EventsError {
    return EventsError.create('EVENTS_TRANSPORT_CLOSED', { action }, { details: { stream: this.#options.stream } });
  }
}

/** Resolves once `client` is ready, re-waiting across reconnections until `stopped()`. */
async function whenReadyForever(client: Redis, stopped: () => boolean): Promise<void> {
  while (!stopped() && !(await whenReady(client, 1000)));
}
