/**
 * An HTTP method an SLO can be restricted to.
 * @public
 */
export type SloHttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/**
 * The route an SLO covers, as the HTTP plugin labels it: the route pattern (`/api/v1/tools/:name`,
 * not a concrete URL) and, optionally, one method.
 * @public
 */
export interface SloRouteTarget {
  /** The route pattern, exactly as it appears in `http_server_request_duration_seconds{route}`. */
  readonly path: string;
  /** One HTTP method; every method of the route when absent. */
  readonly method?: SloHttpMethod | undefined;
}

/**
 * The error objective: the share of requests or calls that must succeed (not a 5xx answer; not
 * a failed tool call) over the window, e.g. `0.999`.
 * @public
 */
export interface SloErrorObjective {
  readonly objective: number;
}

/**
 * The latency objective: the share that must finish within `thresholdMs`, e.g. `objective: 0.95,
 * thresholdMs: 250` is "p95 ≤ 250 ms". The threshold must be a bucket of the duration histograms.
 * @public
 */
export interface SloLatencyObjective {
  readonly objective: number;
  readonly thresholdMs: number;
}

/**
 * One service level objective, parsed: a route or a tool, its window, and at least one objective.
 * @public
 */
export interface SloDefinition {
  /** Unique, `[a-z0-9][a-z0-9_.-]*`: the `slo` label of every rule and alert. */
  readonly name: string;
  /** What the SLO promises, in words; shown in the alerts. */
  readonly description?: string | undefined;
  /** The route it covers (exactly one of `route` and `tool`). */
  readonly route?: SloRouteTarget | undefined;
  /** The tool it covers (exactly one of `route` and `tool`). */
  readonly tool?: string | undefined;
  /** The compliance window as a Prometheus duration (`30d`, `4w`, `7d`); default `30d`. */
  readonly window: string;
  readonly errors?: SloErrorObjective | undefined;
  readonly latency?: SloLatencyObjective | undefined;
}

/**
 * One service level objective as written in configuration (`window` optional).
 * @public
 */
export interface SloDefinitionInput {
  readonly name: string;
  readonly description?: string | undefined;
  readonly route?: SloRouteTarget | undefined;
  readonly tool?: string | undefined;
  readonly window?: string | undefined;
  readonly errors?: SloErrorObjective | undefined;
  readonly latency?: SloLatencyObjective | undefined;
}

/**
 * The indicator an objective is about: `errors` (failed share) or `latency` (share slower than the threshold).
 * @public
 */
export type SliKind = 'errors' | 'latency';
