import { createRequire } from 'node:module';
import { definePlugin, healthIndicatorToken, optional, type PluginFactory, powerModeToken, type SchemaFits } from '@cortex-os/kernel';
import { httpResponse, httpServiceToken, type HttpRequestContext } from '@cortex-os/http-api';
import { isLoopbackHost } from '@cortex-os/http-api/security';
import { z } from 'zod';
import { createHealthChecker } from './createHealthChecker.js';
import type { HealthPluginOptions, HealthPluginOptionsInput } from './HealthPluginOptions.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../package.json') as { version: string };

const optionsSchema = z.object({
  /** Results are cached this long (ms); default 1000. */
  cacheMs: z.number().int().min(0).default(1000),
  /** How long results are cached in low-power mode (ms); default 15000. */
  lowPowerCacheMs: z.number().int().min(0).default(15_000),
  /** Limit for indicators without their own `timeoutMs` (ms); default 2000. */
  timeoutMs: z.number().int().positive().default(2000),
  paths: z
    .object({
      live: z.string().startsWith('/').default('/live'),
      ready: z.string().startsWith('/').default('/ready'),
      health: z.string().startsWith('/').default('/health'),
    })
    .default({ live: '/live', ready: '/ready', health: '/health' }),
  /** Auth of `/health` (`/live` and `/ready` are always open, for probes); default `default`. */
  healthAuth: z.enum(['none', 'default', 'required']).default('default'),
});

// The option types are declared, not inferred (an inferred zod type prints its members in an order
// that varies between builds); compile-time proof that the schema and the interfaces have not drifted apart.
true satisfies SchemaFits<HealthPluginOptions, typeof optionsSchema>;
true satisfies SchemaFits<HealthPluginOptionsInput, typeof optionsSchema>;

/**
 * The options schema of {@link healthPlugin} (also the `health` slot of `loadRuntimeConfig`).
 * @public
 */
export const healthPluginOptions: z.ZodType<HealthPluginOptions, HealthPluginOptionsInput> = optionsSchema;

const HEALTH_JSON = 'application/health+json; charset=utf-8';
const LIVE_BODY = JSON.stringify({ status: 'pass' });

/**
 * Serves `/live`, `/ready` and `/health` (`application/health+json`) from every plugin's
 * {@link @cortex-os/kernel#healthIndicatorToken} indicators.
 * @public
 */
export const healthPlugin: PluginFactory<typeof healthPluginOptions> = definePlugin({
  name: 'health',
  version: packageVersion,
  description: 'Liveness, readiness and health reports from the health indicators of every plugin.',
  options: healthPluginOptions,
  requires: { http: httpServiceToken, indicators: optional(healthIndicatorToken), power: optional(powerModeToken) },
  start({ deps, options }) {
    const http = deps.http;
    const power = deps.power;
    // Low-power mode checks the indicators less often (the runtime's power mode, when it has one).
    const cacheMs = power === undefined ? options.cacheMs : () => (power.mode === 'low-power' ? options.lowPowerCacheMs : options.cacheMs);
    const checker = createHealthChecker({ indicators: deps.indicators ?? [], cacheMs, timeoutMs: options.timeoutMs });
    const headers = { 'content-type': HEALTH_JSON, 'cache-control': 'no-store' };
    const live = httpResponse({ status: 200, headers, body: LIVE_BODY });

    // Liveness: answering at all proves the process and its event loop are alive; never checks dependencies.
    http.route({
      method: 'GET',
      path: options.paths.live,
      auth: 'none',
      // Probes answer under load: shedding them would restart or unroute a server that is merely busy.
      loadShedding: false,
      description: 'Liveness: the process answers.',
      handler: () => live,
    });

    // Probes stay open; beyond trusted loopback callers, details need the token (status only without).
    http.route({
      method: 'GET',
      path: options.paths.ready,
      auth: 'optional',
      description:
        'Readiness: 200 when serving and every critical indicator passes; 503 naming what fails (details for loopback or authenticated callers).',
      async handler(request) {
        if (http.draining) return httpResponse({ status: 503, headers, body: JSON.stringify({ status: 'fail', output: 'shutting down' }) });
        if (http.phase !== 'listening')
          return httpResponse({ status: 503, headers, body: JSON.stringify({ status: 'fail', output: 'starting' }) });
        const report = await checker.report();
        if (http.draining) return httpResponse({ status: 503, headers, body: JSON.stringify({ status: 'fail', output: 'shutting down' }) });
        const body = mayShowDetails(request) ? report : { status: report.status };
        return httpResponse({ status: report.status === 'fail' ? 503 : 200, headers, body: JSON.stringify(body) });
      },
    });

    http.route({
      method: 'GET',
      path: options.paths.health,
      auth: options.healthAuth === 'default' ? 'optional' : options.healthAuth,
      loadShedding: false,
      description: 'Full health report (application/health+json; status only for callers neither loopback nor authenticated).',
      async handler(request) {
        const report = await checker.report();
        const status = report.status === 'fail' ? 503 : 200;
        if (options.healthAuth === 'default' && !mayShowDetails(request))
          return httpResponse({ status, headers, body: JSON.stringify({ status: report.status }) });
        const uptime = {
          status: 'pass' as const,
          componentType: 'system',
          observedValue: Math.round(process.uptime()),
          observedUnit: 's',
          time: new Date().toISOString(),
          critical: false,
        };
        const body = {
          ...report,
          ...(http.draining ? { notes: ['shutting down'] } : {}),
          checks: { ...report.checks, 'process:uptime': [uptime] },
        };
        return httpResponse({ status, headers, body: JSON.stringify(body) });
      },
    });
  },
});

/** Details (checks, outputs) are for trusted loopback callers and authenticated ones. */
function mayShowDetails(request: HttpRequestContext): boolean {
  return request.principal !== undefined || isLoopbackHost(request.clientAddress);
}
