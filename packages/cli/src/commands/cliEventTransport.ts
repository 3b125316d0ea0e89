import { compileEventPattern, type Logger, type Plugin } from '@cortex-os/kernel';
import type { RedisStreamsTransport, RedisStreamsTransportOptions } from '@cortex-os/events-redis';
import type { LoadedCliConfig } from './loadCliConfig.js';

/** What `cortex serve` / `cortex mcp` add to the kernel for the events slot's `redis` settings. */
export interface CliEventTransport {
  /** The bus's transport, for `createKernel({ eventTransport })`. */
  readonly transport: RedisStreamsTransport;
  /** Exports the transport's `cortex_events_*` metrics on the HTTP plugin's `/metrics` (nothing without it). */
  readonly plugin: Plugin;
}

/**
 * The Redis Streams transport the configuration names (`events.redis`, e.g.
 * `CORTEX_EVENTS_REDIS__URL`), when the events slot runs; undefined otherwise, so the bus stays
 * in-process. The transport's background failures (a lost link, a gap in the broadcast, a
 * dead-lettered event) are logged as warnings: their messages carry the URL without credentials.
 * `select`'s patterns become the transport's `select`, by the bus's own pattern rules.
 * The package (and ioredis) is imported only then, so a runtime without Redis does not load it.
 * @throws EventsError `EVENTS_OPTIONS_INVALID` for a value out of range (a configuration error).
 */
export async function cliEventTransport(loaded: LoadedCliConfig, logger: Logger): Promise<CliEventTransport | undefined> {
  const redis = loaded.config.events?.redis;
  if (!loaded.enabled.has('events') || redis === undefined) return undefined;
  const { createRedisStreamsTransport, redisEventsMetricsPlugin } = await import('@cortex-os/events-redis');
  const log = logger.child({ component: 'events-redis' });
  // The schema's optional keys may hold undefined; the transport's options may only be absent.
  const { select, ...rest } = redis;
  const given = Object.fromEntries(
    Object.entries(rest).filter(([, value]) => value !== undefined),
  ) as unknown as RedisStreamsTransportOptions;
  const transport = createRedisStreamsTransport({
    ...given,
    ...(select === undefined ? {} : { select: anyOf(select) }),
    onError: (error) => log.warn({ err: error, code: error.code, details: error.details }, error.message),
  });
  return { transport, plugin: redisEventsMetricsPlugin(transport) };
}

/** True for a type any of `patterns` matches (`memory.*`, `tasks.created`). */
function anyOf(patterns: readonly string[]): (type: string) => boolean {
  const matchers = patterns.map(compileEventPattern);
  return (type) => matchers.some((matches) => matches(type));
}
