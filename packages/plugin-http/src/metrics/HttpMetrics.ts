import { createToken, type EventBus, type Token, type ToolInterceptor } from '@cortex-os/kernel';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The runtime's Prometheus metrics: RED per route, tool calls, event bus and process metrics.
 * @public
 */
export interface HttpMetrics {
  /** The prom-client registry `/metrics` serves; plugins register their own metrics on it. */
  readonly registry: Registry;
  /** Records one answered request. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** A tool-registry interceptor counting calls, errors and durations by tool. */
  readonly toolInterceptor: ToolInterceptor;
  /**
   * Exports the server's load, read on each scrape: `http_server_active_requests` (requests in
   * flight), `cortex_event_loop_lag_seconds` (p99 delay of the last sample window) and, with
   * `refused`, `http_server_refused_requests_total{reason="shedding"|"draining"}` — the two kinds of
   * 503 told apart.
   */
  trackLoad(readings: HttpLoadReadings): void;
}

/**
 * What {@link HttpMetrics.trackLoad} reads on each scrape.
 * @public
 */
export interface HttpLoadReadings {
  /** Requests in flight. */
  readonly inFlight: () => number;
  /** The event loop's recent lag, in milliseconds. */
  readonly eventLoopLagMs: () => number;
  /** Requests refused since start, by why: load shedding (503 `HTTP_OVERLOADED`) or draining (503 `HTTP_SHUTTING_DOWN`). */
  readonly refused?: () => { readonly shedding: number; readonly draining: number };
}

/**
 * Options of {@link createHttpMetrics}.
 * @public
 */
export interface CreateHttpMetricsOptions {
  /** Default: a new registry. */
  readonly registry?: Registry;
  /** Process metrics (CPU, memory, event loop lag, GC); default true. */
  readonly defaultMetrics?: boolean;
  /** Event bus whose `stats()` are exported. */
  readonly events?: EventBus;
  /** Clock in seconds for tool durations; default `performance.now() / 1000`. */
  readonly now?: () => number;
}

/**
 * The token of the runtime's prom-client `Registry` (id `http.metrics-registry`).
 * @public
 */
export const metricsRegistryToken: Token<Registry> = createToken<Registry>('http.metrics-registry', {
  owner: { package: '@cortex-os/plugin-http', version: '1' },
});

/**
 * The bucket upper bounds, in seconds, of `http_server_request_duration_seconds` and
 * `cortex_tool_call_duration_seconds`: a latency objective can only be computed from these
 * histograms at one of these thresholds.
 * @public
 */
export const durationBuckets: readonly number[] = Object.freeze([
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);
const DURATION_BUCKETS = [...durationBuckets];

/**
 * Creates the runtime's {@link HttpMetrics}.
 * @public
 */
export function createHttpMetrics(options: CreateHttpMetricsOptions = {}): HttpMetrics {
  const registry = options.registry ?? new Registry();
  const now = options.now ?? (() => performance.now() / 1000);
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requestDuration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP server requests, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const toolCalls = new Counter({
    name: 'cortex_tool_calls_total',
    help: 'Tool calls, by tool and outcome (ok or error).',
    labelNames: ['tool', 'outcome'] as const,
    registers,
  });
  const toolErrors = new Counter({
    name: 'cortex_tool_call_errors_total',
    help: 'Failed tool calls, by tool and error code.',
    labelNames: ['tool', 'code'] as const,
    registers,
  });
  const toolDuration = new Histogram({
    name: 'cortex_tool_call_duration_seconds',
    help: 'Duration of tool calls, by tool.',
    labelNames: ['tool'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });

  const events = options.events;
  if (events !== undefined) {
    const stat = (name: string, help: string, read: () => number): void => {
      new Counter({
        name,
        help,
        registers,
        collect() {
          // The bus keeps the running totals; mirror them on each scrape.
          this.reset();
          this.inc(read());
        },
      });
    };
    stat('cortex_event_bus_published_total', 'Events published on the kernel bus.', () => events.stats().published);
    stat('cortex_event_bus_delivered_total', 'Event deliveries to subscribers.', () => events.stats().delivered);
    stat('cortex_event_bus_dropped_total', 'Events dropped because a subscriber buffer was full.', () => events.stats().dropped);
    stat('cortex_event_bus_subscriber_errors_total', 'Errors thrown by event subscribers.', () => events.stats().subscriberErrors);
  }

  // Label objects per route, method and status, built once: the hot path then allocates none.
  type Labels = { readonly method: string; readonly route: string; readonly status: string };
  const labelCache = new Map<string, Map<string, Map<number, Labels>>>();
  const labelsFor = (method: string, route: string, status: number): Labels => {
    let byMethod = labelCache.get(route);
    if (byMethod === undefined) labelCache.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
    let labels = byStatus.get(status);
    if (labels === undefined) byStatus.set(status, (labels = Object.freeze({ method, route, status: String(status) })));
    return labels;
  };

  const toolLabels = new Map<
    string,
    {
      readonly tool: { readonly tool: string };
      readonly ok: { readonly tool: string; readonly outcome: string };
      readonly error: { readonly tool: string; readonly outcome: string };
    }
  >();

  return {
    registry,
    trackLoad: (readings) => registerLoadGauges(registers, readings),
    observeRequest(method, route, status, seconds) {
      requestDuration.observe(labelsFor(method, route, status), seconds);
    },
    toolInterceptor: {
      name: 'prometheus',
      async intercept(call, next) {
        const tool = call.tool.name;
        let labels = toolLabels.get(tool);
        if (labels === undefined)
          toolLabels.set(
            tool,
            (labels = {
              tool: Object.freeze({ tool }),
              ok: Object.freeze({ tool, outcome: 'ok' }),
              error: Object.freeze({ tool, outcome: 'error' }),
            }),
          );
        const started = now();
        try {
          const result = await next();
          toolCalls.inc(labels.ok);
          return result;
        } catch (error) {
          const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'UNKNOWN';
          toolCalls.inc(labels.error);
          toolErrors.inc({ tool, code });
          throw error;
        } finally {
          toolDuration.observe(labels.tool, now() - started);
        }
      },
    },
  };
}

/** Gauges read on each scrape: requests in flight and event-loop lag; refusals by reason. */
function registerLoadGauges(registers: Registry[], readings: HttpLoadReadings): void {
  const { refused } = readings;
  if (refused !== undefined) {
    // The server counts refusals; each scrape adds what was refused since the last one.
    const reported = { shedding: 0, draining: 0 };
    const counter = new Counter({
      name: 'http_server_refused_requests_total',
      help: 'Requests refused with 503 before reaching a route, by reason: shedding (overloaded) or draining (shutting down).',
      labelNames: ['reason'] as const,
      registers,
      collect() {
        const now = refused();
        for (const reason of ['shedding', 'draining'] as const) {
          this.inc({ reason }, now[reason] - reported[reason]);
          reported[reason] = now[reason];
        }
      },
    });
    counter.inc({ reason: 'shedding' }, 0);
    counter.inc({ reason: 'draining' }, 0);
  }
  new Gauge({
    name: 'http_server_active_requests',
    help: 'HTTP requests in flight.',
    registers,
    collect() {
      this.set(readings.inFlight());
    },
  });
  new Gauge({
    name: 'cortex_event_loop_lag_seconds',
    help: 'Event-loop lag: p99 delay over the last sample window (0.5 s).',
    registers,
    collect() {
      this.set(readings.eventLoopLagMs() / 1000);
    },
  });
}
