import { createRequire } from 'node:module';
import { definePlugin, optional, type Plugin } from '@cortex-os/kernel';
import { metricsRegistryToken } from '@cortex-os/plugin-http';
import type { RedisStreamsTransport } from '../RedisStreamsTransport.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * Exports `transport`'s `cortex_events_*` metrics on the HTTP plugin's Prometheus registry
 * (`/metrics`) when the HTTP plugin is present, and does nothing without it. The transport is
 * created before the kernel (it is `createKernel`'s `eventTransport`), so it reaches this plugin
 * as an argument rather than as options.
 * @example
 * ```ts
 * const transport = createRedisStreamsTransport({ url: 'redis://127.0.0.1:6379' });
 * const kernel = createKernel({ eventTransport: transport, plugins: [httpPlugin({ port: 0 }), redisEventsMetricsPlugin(transport)] });
 * ```
 * @public
 */
export function redisEventsMetricsPlugin(transport: RedisStreamsTransport): Plugin {
  return definePlugin({
    name: 'events-redis-metrics',
    version: packageVersion,
    description: 'Prometheus metrics of the Redis Streams event transport (publishes, deliveries, pending, lag, link up).',
    requires: { metrics: optional(metricsRegistryToken) },
    start({ deps, lifecycle }) {
      if (deps.metrics === undefined) return;
      const dispose = transport.registerMetrics(deps.metrics);
      lifecycle.onStopping(() => dispose());
    },
  })();
}
