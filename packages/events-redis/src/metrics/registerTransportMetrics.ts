import { Counter, Gauge, type Registry } from 'prom-client';
import type { GroupStats, StreamStats, TransportStats } from './TransportStats.js';

/** A group's backlog as Redis reports it (XINFO GROUPS). */
export interface GroupBacklog {
  readonly group: string;
  /** Entries delivered to a consumer and not yet acknowledged. */
  readonly pending: number;
  /** Entries not yet delivered to the group (Redis 7+; undefined when Redis cannot tell). */
  readonly lag: number | undefined;
}

/** What one transport shows to a registry. */
export interface MetricsSource {
  /** Every stream the transport writes or reads. */
  readonly streams: readonly string[];
  readonly stats: TransportStats;
  /** True while the publishing connection is ready. */
  up(): boolean;
  /** A stream's length and its groups' backlogs, or undefined when Redis cannot be asked now. */
  backlog(stream: string): Promise<StreamBacklog | undefined>;
}

/** A stream's length and its groups' backlogs. */
export interface StreamBacklog {
  readonly length: number;
  readonly groups: readonly GroupBacklog[];
}

/** The transports each registry reads: one set of metrics per registry, however many transports share it. */
const sourcesByRegistry = new WeakMap<Registry, Set<MetricsSource>>();

/**
 * Adds `source` to the `cortex_events_*` metrics of `registry`, creating them on first use.
 * Counters are computed at scrape time from the transports' counts (summed per label set), so
 * several transports on one stream add up; gauges ask Redis once per transport per scrape.
 * Returns a function that removes the transport (its counts stop being exported).
 */
export function registerTransportMetrics(registry: Registry, source: MetricsSource): () => void {
  let sources = sourcesByRegistry.get(registry);
  if (sources === undefined) {
    sources = new Set();
    sourcesByRegistry.set(registry, sources);
    createMetrics(registry, sources);
  }
  sources.add(source);
  const owned = sources;
  return () => {
    owned.delete(source);
  };
}

function createMetrics(registry: Registry, sources: Set<MetricsSource>): void {
  const registers = [registry];
  const streamCounter = (name: string, help: string, pick: keyof StreamStats): void => {
    new Counter({
      name,
      help,
      labelNames: ['stream'] as const,
      registers,
      collect() {
        this.reset();
        for (const s of sources) for (const [stream, stats] of s.stats.streams()) this.inc({ stream }, stats[pick]);
      },
    });
  };
  const groupCounter = (name: string, help: string, pick: keyof GroupStats): void => {
    new Counter({
      name,
      help,
      labelNames: ['stream', 'group'] as const,
      registers,
      collect() {
        this.reset();
        for (const s of sources) for (const { stream, group, stats } of s.stats.groups()) this.inc({ stream, group }, stats[pick]);
      },
    });
  };
  streamCounter(
    'cortex_events_published_total',
    'Events written to the Redis stream (XADD answered: acknowledged), by stream.',
    'published',
  );
  streamCounter(
    'cortex_events_publish_failures_total',
    'Publishes that failed with a typed error (Redis down or refusing), by stream.',
    'publishFailed',
  );
  streamCounter(
    'cortex_events_received_total',
    "Other runtimes' events read from the stream and handed to this bus's subscribers, by stream.",
    'received',
  );
  streamCounter(
    'cortex_events_broadcast_gaps_total',
    "Times the broadcast reader found entries trimmed or deleted past its position (other runtimes' events it missed), by stream.",
    'broadcastGaps',
  );
  groupCounter(
    'cortex_events_delivered_total',
    'Group deliveries whose handler resolved and were acknowledged (XACK), by stream and group.',
    'delivered',
  );
  groupCounter(
    'cortex_events_redelivered_total',
    'Group deliveries of an entry delivered before (claimed or retried), by stream and group.',
    'redelivered',
  );
  groupCounter(
    'cortex_events_handler_failures_total',
    'Group handlers that rejected (the entry stays pending), by stream and group.',
    'handlerFailed',
  );
  groupCounter('cortex_events_dead_lettered_total', 'Entries moved to the dead-letter stream, by stream and group.', 'deadLettered');
  createGauges(registry, sources);
}

function createGauges(registry: Registry, sources: Set<MetricsSource>): void {
  const registers = [registry];
  new Gauge({
    name: 'cortex_events_transport_up',
    help: '1 while every transport on the stream has a ready connection to Redis, else 0, by stream.',
    labelNames: ['stream'] as const,
    registers,
    collect() {
      this.reset();
      const up = new Map<string, boolean>();
      for (const s of sources) for (const stream of s.streams) up.set(stream, (up.get(stream) ?? true) && s.up());
      for (const [stream, value] of up) this.set({ stream }, value ? 1 : 0);
    },
  });
  // One XLEN + XINFO round per stream per scrape, shared by the three backlog gauges.
  let sampling: Promise<Map<string, StreamBacklog>> | undefined;
  const sample = (): Promise<Map<string, StreamBacklog>> => {
    sampling ??= readAll(sources).finally(() => {
      sampling = undefined;
    });
    return sampling;
  };
  new Gauge({
    name: 'cortex_events_stream_length',
    help: 'Entries the Redis stream holds (XLEN), by stream; absent while Redis cannot be asked.',
    labelNames: ['stream'] as const,
    registers,
    async collect() {
      this.reset();
      for (const [stream, backlog] of await sample()) this.set({ stream }, backlog.length);
    },
  });
  const groupGauge = (name: string, help: string, pick: (b: GroupBacklog) => number | undefined): void => {
    new Gauge({
      name,
      help,
      labelNames: ['stream', 'group'] as const,
      registers,
      async collect() {
        this.reset();
        for (const [stream, backlog] of await sample()) {
          for (const group of backlog.groups) {
            const value = pick(group);
            if (value !== undefined) this.set({ stream, group: group.group }, value);
          }
        }
      },
    });
  };
  groupGauge(
    'cortex_events_pending',
    'Entries delivered to a consumer and not yet acknowledged (XINFO GROUPS pending), by stream and group.',
    (b) => b.pending,
  );
  groupGauge(
    'cortex_events_group_lag',
    'Entries not yet delivered to the group (XINFO GROUPS lag, Redis 7+), by stream and group.',
    (b) => b.lag,
  );
}

/** Each stream's backlog, asked once through the first transport that can; streams no one can ask are left out. */
async function readAll(sources: Set<MetricsSource>): Promise<Map<string, StreamBacklog>> {
  const askers = new Map<string, MetricsSource[]>();
  for (const s of sources) for (const stream of s.streams) askers.set(stream, [...(askers.get(stream) ?? []), s]);
  const read = await Promise.all(
    [...askers].map(async ([stream, candidates]) => {
      for (const s of candidates) {
        const backlog = await s.backlog(stream).catch(() => undefined);
        if (backlog !== undefined) return [stream, backlog] as const;
      }
      return undefined;
    }),
  );
  return new Map(read.filter((pair) => pair !== undefined));
}
