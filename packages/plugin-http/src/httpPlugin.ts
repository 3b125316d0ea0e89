import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { httpServiceToken } from '@cortex-os/http-api';
import { allowedHostsSchema, allowedOriginsSchema, bearerAuthSchema } from '@cortex-os/http-api/security';
import { definePlugin, type KernelDescription, type PluginFactory, type SchemaFits } from '@cortex-os/kernel';
import { describeKernel } from './describe/describeKernel.js';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { HttpError } from './errors/HttpError.js';
import type { HttpPluginOptions, HttpPluginOptionsInput } from './HttpPluginOptions.js';
import { createHttpMetrics, metricsRegistryToken } from './metrics/HttpMetrics.js';
import { createHttpServer, type HttpServer } from './server/createHttpServer.js';
import { mountToolRoutes } from './tools/mountToolRoutes.js';
import { createHttpTracing } from './tracing/HttpTracing.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../package.json') as { version: string };

// Segments of unreserved characters, each after a slash, or '' for the root; no trailing slash.
const basePath = z.string().regex(/^(\/[A-Za-z0-9._~-]+)*$/, "a base path is '' or like /api/v1 (no trailing slash)");

const optionsSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(8080),
  tls: z
    .object({
      key: z.string().optional().describe('PEM private key'),
      cert: z.string().optional().describe('PEM certificate'),
      keyFile: z.string().optional(),
      certFile: z.string().optional(),
    })
    .refine(
      (t) => (t.key !== undefined || t.keyFile !== undefined) && (t.cert !== undefined || t.certFile !== undefined),
      'tls needs key (or keyFile) and cert (or certFile)',
    )
    .optional(),
  bodyLimitBytes: z.number().int().positive().default(1_048_576),
  /** JSON bodies nested deeper get 400 before parsing. */
  maxJsonDepth: z.number().int().positive().default(128),
  /** How long a client may take to send its request, and how long an idle keep-alive connection stays open (ms). */
  timeouts: z
    .object({
      headersMs: z.number().int().positive().default(30_000),
      requestMs: z.number().int().positive().default(60_000),
      keepAliveMs: z.number().int().positive().default(72_000),
    })
    .refine((t) => t.headersMs <= t.requestMs, 'timeouts.headersMs must not exceed timeouts.requestMs')
    .default({ headersMs: 30_000, requestMs: 60_000, keepAliveMs: 72_000 }),
  /** Most open connections (0: no cap). */
  maxConnections: z.number().int().min(0).default(0),
  /** Load shedding (0: off): new requests get 503 while the event-loop lag (ms), requests in flight or event-loop utilization are above these. */
  loadShedding: z
    .object({
      maxEventLoopLagMs: z.number().int().min(0).default(0),
      resumeEventLoopLagMs: z.number().int().min(0).optional(),
      maxInFlight: z.number().int().min(0).default(0),
      maxEventLoopUtilization: z.number().min(0).max(1).default(0),
      resumeEventLoopUtilization: z.number().min(0).max(1).optional(),
      maxQueueAgeMs: z.number().int().min(0).default(0),
      retryAfterSeconds: z.number().int().positive().default(1),
      maxRejectionProbability: z.number().min(0).max(1).default(0.8),
    })
    .refine(
      (s) => (s.resumeEventLoopLagMs ?? 0) <= s.maxEventLoopLagMs && (s.resumeEventLoopUtilization ?? 0) <= s.maxEventLoopUtilization,
      'loadShedding.resumeEventLoopLagMs and resumeEventLoopUtilization must not exceed their max… threshold',
    )
    .default({
      maxEventLoopLagMs: 0,
      maxInFlight: 0,
      maxEventLoopUtilization: 0,
      maxQueueAgeMs: 0,
      retryAfterSeconds: 1,
      maxRejectionProbability: 0.8,
    }),
  /** CORS, off by default: origins as browsers send them, methods, headers, credentials, preflight cache. */
  cors: z
    .union([
      z.literal(false),
      z.object({
        origins: z.array(z.string().min(1)).readonly(),
        methods: z.array(z.string().min(1)).readonly().default(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
        headers: z
          .array(z.string().min(1))
          .readonly()
          .default(['authorization', 'content-type', 'x-request-id', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id']),
        credentials: z.boolean().default(false),
        maxAgeSeconds: z.number().int().min(0).default(600),
      }),
    ])
    .default(false),
  /** Reverse proxies (addresses or subnets) whose X-Forwarded-For is believed for the client address. */
  trustedProxies: z.array(z.string().min(1)).readonly().default([]),
  /** Static bearer tokens and verifiers (a JWT verifier, say: set in code, not from the environment). */
  auth: bearerAuthSchema,
  /** Route families (tools, memories…) mount under this path; probes, /metrics, /describe and /mcp stay at the root. */
  restBasePath: basePath.default('/api/v1'),
  /** Origins as browsers send them (`http://localhost:5173`), besides loopback ones when bound to loopback. */
  allowedOrigins: allowedOriginsSchema,
  /** Host names (no port) served besides loopback names when bound to loopback. */
  allowedHosts: allowedHostsSchema,
  drain: z
    .object({
      delayMs: z.number().int().min(0).default(0),
      deadlineMs: z.number().int().positive().default(30_000),
      streamGraceMs: z.number().int().min(0).default(1_000),
    })
    .default({ delayMs: 0, deadlineMs: 30_000, streamGraceMs: 1_000 }),
  /** Tools over REST, under `restBasePath` (`/api/v1/tools` by default). */
  tools: z
    .object({ enabled: z.boolean().default(true), prefix: z.string().startsWith('/').default('/tools') })
    .default({ enabled: true, prefix: '/tools' }),
  /** `GET /describe`: the plugin graph as JSON, or Mermaid with `?format=mermaid`. */
  describe: z
    .object({ enabled: z.boolean().default(true), path: z.string().startsWith('/').default('/describe') })
    .default({ enabled: true, path: '/describe' }),
  /** `GET /openapi.json`: the OpenAPI 3.1 document of every mounted route, from their zod schemas. */
  openapi: z
    .object({ enabled: z.boolean().default(true), path: z.string().startsWith('/').default('/openapi.json') })
    .default({ enabled: true, path: '/openapi.json' }),
  /** Listen as soon as every plugin has started (`manual`: call `listen()` yourself). */
  listen: z.enum(['on-start', 'manual']).default('on-start'),
  metrics: z
    .object({
      enabled: z.boolean().default(true),
      path: z.string().startsWith('/').default('/metrics'),
      defaultMetrics: z.boolean().default(true),
    })
    .default({ enabled: true, path: '/metrics', defaultMetrics: true }),
  tracing: z.object({ enabled: z.boolean().default(true) }).default({ enabled: true }),
});

// The option types are declared, not inferred (an inferred zod type prints its members in an order
// that varies between builds); compile-time proof that the schema and the interfaces have not drifted apart.
// `auth` is left out of the proof: its types are http-api's, where a parsed token's `principal` is
// optional but a written one's is not; the declaration of `httpPluginOptions` below still checks it.
type WithoutAuth<S extends z.ZodType> = z.ZodType<Omit<z.output<S>, 'auth'>, Omit<z.input<S>, 'auth'>>;
true satisfies SchemaFits<Omit<HttpPluginOptions, 'auth'>, WithoutAuth<typeof optionsSchema>>;
true satisfies SchemaFits<Omit<HttpPluginOptionsInput, 'auth'>, WithoutAuth<typeof optionsSchema>>;

/**
 * The options schema of {@link httpPlugin} (also the `http` slot of `loadRuntimeConfig`).
 * @public
 */
export const httpPluginOptions: z.ZodType<HttpPluginOptions, HttpPluginOptionsInput> = optionsSchema;

/**
 * Provides the runtime's one HTTP server (`httpServiceToken` of `@cortex-os/http-api`) and its
 * Prometheus registry ({@link metricsRegistryToken}); serves `/api/v1/tools`, `/metrics` and `/describe`; drains on stop.
 * Other plugins add routes in their `start`; the server listens once every plugin has started
 * (option `listen: 'manual'` leaves that to `kernel.get(httpServiceToken).listen()` or `startRuntime`), and on
 * `kernel.stop()` it stops taking traffic before any plugin drains.
 * @public
 */
export const httpPlugin: PluginFactory<typeof httpPluginOptions> = definePlugin({
  name: 'http',
  version: packageVersion,
  description: 'The runtime HTTP server (Fastify 5): routes, auth, problem+json, tools over REST, metrics, drain.',
  options: httpPluginOptions,
  provides: { http: httpServiceToken, metrics: metricsRegistryToken },
  async start({ options, logger, events, tools, createScope, lifecycle, describe }) {
    const tls = options.tls === undefined ? undefined : await readTls(options.tls);
    const metrics = options.metrics.enabled ? createHttpMetrics({ events, defaultMetrics: options.metrics.defaultMetrics }) : undefined;
    const tracing = options.tracing.enabled ? createHttpTracing() : undefined;
    const server = createHttpServer({
      host: options.host,
      port: options.port,
      ...(tls === undefined ? {} : { tls }),
      bodyLimitBytes: options.bodyLimitBytes,
      maxJsonDepth: options.maxJsonDepth,
      timeouts: options.timeouts,
      maxConnections: options.maxConnections,
      trustedProxies: options.trustedProxies,
      cors: options.cors,
      loadShedding: options.loadShedding,
      auth: options.auth,
      restBasePath: options.restBasePath,
      allowedOrigins: options.allowedOrigins,
      allowedHosts: options.allowedHosts,
      drain: options.drain,
      logger,
      createScope,
      ...(metrics === undefined ? {} : { metrics }),
      ...(tracing === undefined ? {} : { tracing }),
    });
    // Tracing outermost, so the metrics interceptor's time is inside the tool span.
    if (tracing !== undefined) removers.set(server, [tools.intercept(tracing.toolInterceptor)]);
    if (metrics !== undefined) {
      removers.set(server, [...(removers.get(server) ?? []), tools.intercept(metrics.toolInterceptor)]);
      const registry = metrics.registry;
      server.route({
        method: 'GET',
        path: options.metrics.path,
        description: 'Prometheus metrics (text format).',
        loadShedding: false,
        handler: async () => ({ status: 200, headers: { 'content-type': registry.contentType }, body: await registry.metrics() }),
      });
    }
    if (options.tools.enabled) mountToolRoutes(server, tools, { prefix: options.tools.prefix });
    // Routes can be added until the server listens, which is once every plugin has started.
    lifecycle.onStarted(async () => {
      if (options.describe.enabled) mountDescribeRoute(server, options.describe.path, describe);
      if (options.openapi.enabled) {
        server.route({
          method: 'GET',
          path: options.openapi.path,
          description: 'The OpenAPI 3.1 document of the mounted routes.',
          handler: () => server.openApiDocument({ title: 'Cortex-OS runtime', version: packageVersion }),
        });
      }
      if (options.listen === 'on-start') await server.listen();
    });
    // Stop taking traffic (readiness 503, streams ended, in-flight requests finish) before any plugin
    // drains. One time budget: this listener's limit follows the drain's, not the kernel's hook limit.
    lifecycle.onStopping(
      async () => {
        const report = await server.shutdown();
        if (report.cut > 0) throw HttpError.create('HTTP_DRAIN_CUT', { deadlineMs: options.drain.deadlineMs, count: report.cut });
      },
      { timeoutMs: drainBudgetMs(options.drain) },
    );
    return { http: server, metrics: metrics?.registry ?? new Registry() };
  },
  async drain({ provided }) {
    await provided.http?.shutdown();
  },
  async stop({ provided }) {
    const server = provided.http as HttpServer | undefined;
    if (server === undefined) return;
    await server.shutdown();
    for (const remove of removers.get(server) ?? []) remove();
    removers.delete(server);
  },
});

const removers = new WeakMap<object, (() => void)[]>();

/** After the drain deadline, closing the cut connections and the listener; keep in sync with the README's order of deadlines. */
const DRAIN_CLOSE_GRACE_MS = 5_000;

/** The time limit of the drain's stopping listener: the drain delay, its deadline, and the grace to close what it cut. */
function drainBudgetMs(drain: { readonly delayMs: number; readonly deadlineMs: number }): number {
  return drain.delayMs + drain.deadlineMs + DRAIN_CLOSE_GRACE_MS;
}

const describeQuery = z.object({ format: z.enum(['json', 'mermaid']).default('json') });

function mountDescribeRoute(server: HttpServer, path: string, describe: () => KernelDescription): void {
  server.route({
    method: 'GET',
    path,
    query: describeQuery,
    description: 'The plugin graph: plugins, tokens, contracts, events, tools and routes (JSON, or ?format=mermaid).',
    handler: ({ query }) => {
      const description = describeKernel(describe(), server.routes());
      return query.format === 'mermaid'
        ? { status: 200, headers: { 'content-type': 'text/vnd.mermaid; charset=utf-8' }, body: description.mermaid }
        : description;
    },
  });
}

async function readTls(tls: {
  key?: string | undefined;
  cert?: string | undefined;
  keyFile?: string | undefined;
  certFile?: string | undefined;
}): Promise<{ key: string; cert: string }> {
  try {
    const key = tls.key ?? (await readFile(tls.keyFile as string, 'utf8'));
    const cert = tls.cert ?? (await readFile(tls.certFile as string, 'utf8'));
    return { key, cert };
  } catch (error) {
    throw new HttpError('HTTP_LISTEN_FAILED', `Cannot read the TLS key or certificate: ${(error as Error).message}`, { cause: error });
  }
}
