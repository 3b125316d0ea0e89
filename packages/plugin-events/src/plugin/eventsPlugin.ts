import { createRequire } from 'node:module';
import { httpServiceToken } from '@cortex-os/http-api';
import { definePlugin, kernelTokens, optional, type PluginFactory, type SchemaFits } from '@cortex-os/kernel';
import { metricsRegistryToken } from '@cortex-os/plugin-http';
import { type PostgresStoreOptions, postgresStoreSchema } from '@cortex-os/sql-driver';
import { z } from 'zod';
import { openEventLog } from '../log/openEventLog.js';
import { eventLogFile } from './eventLogFile.js';
import { mountEventRoutes } from '../rest/mountEventRoutes.js';
import type { EventSocketOverflow } from '../socket/EventSocketSender.js';
import { mountEventSocket } from '../socket/mountEventSocket.js';
import { EventsRuntime } from './EventsRuntime.js';
import { eventsServiceToken } from './EventsService.js';
import { registerEventLogMetrics } from './registerEventLogMetrics.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * Options of {@link eventsPlugin}, as the plugin reads them (defaults applied).
 * @public
 */
export interface EventsPluginOptions {
  /**
   * The log's SQLite file, its own (not the memory or task store's); `:memory:` keeps events only
   * for the process's life. Give `file` or `postgres`, not both; with neither, the file is
   * `events/events.sqlite` under the runtime home (`resolveRuntimeHome`: `$CORTEX_HOME`, else the
   * platform's data folder), whose folder is created when missing.
   */
  readonly file?: string | undefined;
  /** A PostgreSQL log instead (`url`; `schema` default `cortex_events`; `poolSize` default 5). */
  readonly postgres?: PostgresStoreOptions | undefined;
  /**
   * The bus's events recorded in the log, by pattern (`memory.*`, `task.done`, `*`). Events posted
   * to `POST /a2a/events/{type}` are always recorded.
   * @defaultValue `['*']`
   */
  readonly record: readonly string[];
  /** Events the recorder may hold while the store catches up; past it they are dropped and counted. @defaultValue `10000` */
  readonly maxPending: number;
  /** What the log keeps, applied at start and then every `everyMs`. */
  readonly retention: {
    /** Events recorded this long ago or more are deleted (ms). @defaultValue 7 days */
    readonly maxAgeMs: number;
    /** At most this many events are kept, the newest. @defaultValue `1000000` */
    readonly maxEvents: number;
    /** How often retention runs (ms). @defaultValue `60000` */
    readonly everyMs: number;
  };
  /** `POST /a2a/events/{type}` and `GET /a2a/events` on the HTTP plugin, when present. */
  readonly rest: {
    /** @defaultValue `true` */
    readonly enabled: boolean;
    /**
     * The types clients may post (`POST /a2a/events/{type}`), by pattern; others are refused with 403
     * `EVENTLOG_PUBLISH_FORBIDDEN`, so a client cannot publish what only the runtime should (its own
     * `bus.subscriber.failed`, say). @defaultValue `['*']`
     */
    readonly publishable: readonly string[];
  };
  /** `WS /a2a/events/{type}` on the HTTP plugin, when present. */
  readonly websocket: {
    /** @defaultValue `true` */
    readonly enabled: boolean;
    /** Messages one connection may hold while its client reads slowly. @defaultValue `1000` */
    readonly maxBuffered: number;
    /** What a full buffer does: drop the oldest with a gap notice, or close with 1013. @defaultValue `'drop-oldest'` */
    readonly overflow: EventSocketOverflow;
  };
}

/**
 * Options of {@link eventsPlugin}, as a host writes them: all optional (`file` or `postgres`, else a file under the runtime home).
 * @public
 */
export interface EventsPluginOptionsInput {
  /** {@inheritDoc EventsPluginOptions.file} */
  readonly file?: string | undefined;
  /** {@inheritDoc EventsPluginOptions.postgres} */
  readonly postgres?: PostgresStoreOptions | undefined;
  /** {@inheritDoc EventsPluginOptions.record} */
  readonly record?: readonly string[] | undefined;
  /** {@inheritDoc EventsPluginOptions.maxPending} */
  readonly maxPending?: number | undefined;
  /** {@inheritDoc EventsPluginOptions.retention} */
  readonly retention?:
    | { readonly maxAgeMs?: number | undefined; readonly maxEvents?: number | undefined; readonly everyMs?: number | undefined }
    | undefined;
  /** {@inheritDoc EventsPluginOptions.rest} */
  readonly rest?: { readonly enabled?: boolean | undefined; readonly publishable?: readonly string[] | undefined } | undefined;
  /** {@inheritDoc EventsPluginOptions.websocket} */
  readonly websocket?:
    | {
        readonly enabled?: boolean | undefined;
        readonly maxBuffered?: number | undefined;
        readonly overflow?: EventSocketOverflow | undefined;
      }
    | undefined;
}

const pattern = z.string().regex(/^(\*|[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*(\.\*)?)$/i, {
  error: 'expected an event type (memory.stored), a prefix pattern (memory.*) or *',
});
const optionsSchema = z
  .object({
    file: z.string().min(1).optional(),
    postgres: postgresStoreSchema.optional(),
    record: z.array(pattern).readonly().default(['*']),
    maxPending: z.number().int().min(1).default(10_000),
    retention: z
      .object({
        maxAgeMs: z
          .number()
          .int()
          .min(1)
          .default(7 * 24 * 3_600_000),
        maxEvents: z.number().int().min(1).default(1_000_000),
        everyMs: z.number().int().min(1).default(60_000),
      })
      .prefault({}),
    rest: z.object({ enabled: z.boolean().default(true), publishable: z.array(pattern).readonly().default(['*']) }).prefault({}),
    websocket: z
      .object({
        enabled: z.boolean().default(true),
        maxBuffered: z.number().int().min(1).max(1_000_000).default(1000),
        overflow: z.enum(['drop-oldest', 'disconnect']).default('drop-oldest'),
      })
      .prefault({}),
  })
  .refine((options) => options.file === undefined || options.postgres === undefined, {
    error: 'give the event log as `file` (SQLite) or `postgres` (a URL), not both',
  });

/**
 * The schema of {@link eventsPlugin}'s options, for hosts that validate a configuration before
 * assembling the runtime (`cortex serve`).
 * @public
 */
export const eventsPluginOptions: z.ZodType<EventsPluginOptions, EventsPluginOptionsInput> = optionsSchema;

// Compile-time proof that the options schema and the options interfaces have not drifted apart.
true satisfies SchemaFits<EventsPluginOptions, typeof optionsSchema>;
true satisfies SchemaFits<EventsPluginOptionsInput, typeof optionsSchema>;

/**
 * A durable event log for the runtime: records the bus's events of the `record` patterns in a
 * SQLite `file` (default `<home>/events/events.sqlite`) or `postgres`, prunes by age and count, provides {@link eventsServiceToken}, and —
 * with the HTTP plugin — mounts `POST /a2a/events/{type}`, `GET /a2a/events` and `WS /a2a/events/{type}`.
 * @example
 * ```ts
 * const kernel = createKernel({ plugins: [httpPlugin({ port: 8080 }), memoryPlugin(), eventsPlugin({ file: 'events.sqlite', record: ['memory.*'] })] });
 * ```
 * @public
 */
export const eventsPlugin: PluginFactory<z.ZodType<EventsPluginOptions, EventsPluginOptionsInput>> = definePlugin({
  name: 'events',
  version: packageVersion,
  description: 'A durable, queryable event log, and the /a2a/events endpoints to publish and query events over HTTP.',
  options: optionsSchema,
  requires: {
    bus: kernelTokens.events,
    contracts: kernelTokens.contracts,
    http: optional(httpServiceToken),
    metrics: optional(metricsRegistryToken),
  },
  provides: { events: eventsServiceToken },
  async start({ deps, options, logger, lifecycle }) {
    const log = await openEventLog({ ...options, file: eventLogFile(options) });
    const runtime = new EventsRuntime({
      log,
      bus: deps.bus,
      contracts: deps.contracts,
      logger,
      ...options,
      publishable: options.rest.publishable,
    });
    const prune = (): void => {
      runtime.prune().catch((error: unknown) => logger.warn({ err: error }, 'The event log could not apply its retention.'));
    };
    prune();
    const timer = setInterval(prune, options.retention.everyMs);
    timer.unref();
    lifecycle.onStopping(() => clearInterval(timer));
    // With the HTTP plugin's metrics, what the recorder committed, dropped and holds goes on /metrics.
    if (deps.metrics !== undefined) registerEventLogMetrics(() => runtime.stats(), deps.metrics);
    if (deps.http !== undefined && options.rest.enabled) mountEventRoutes(deps.http, runtime);
    if (deps.http !== undefined && options.websocket.enabled)
      mountEventSocket(deps.http, { bus: deps.bus, service: runtime, logger, record: options.record, ...options.websocket });
    return { events: runtime };
  },
  async stop({ provided }) {
    if (provided.events instanceof EventsRuntime) await provided.events.close();
  },
});
