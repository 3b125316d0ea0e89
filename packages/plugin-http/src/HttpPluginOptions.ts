import type { BearerAuthSettings, BearerAuthSettingsInput } from '@cortex-os/http-api/security';

/**
 * The TLS option of {@link HttpPluginOptions}: a key and a certificate, each inline (PEM) or as a file.
 * @public
 */
export interface HttpTlsOptions {
  /** PEM private key. */
  readonly key?: string | undefined;
  /** PEM certificate. */
  readonly cert?: string | undefined;
  /** File of the PEM private key, read when the plugin starts. */
  readonly keyFile?: string | undefined;
  /** File of the PEM certificate, read when the plugin starts. */
  readonly certFile?: string | undefined;
}

/**
 * The http plugin's options after parsing, defaults filled in.
 * @public
 */
export interface HttpPluginOptions {
  /** Where the server listens; default `127.0.0.1`. */
  readonly host: string;
  /** Default 8080; 0 picks a free port. */
  readonly port: number;
  /** Serve HTTPS; needs `key` (or `keyFile`) and `cert` (or `certFile`). */
  readonly tls?: HttpTlsOptions | undefined;
  /** Largest request body (bytes); default 1 MiB. */
  readonly bodyLimitBytes: number;
  /** JSON bodies nested deeper get 400 before parsing; default 128. */
  readonly maxJsonDepth: number;
  /** How long a client may take to send its request, and how long an idle keep-alive connection stays open (ms). */
  readonly timeouts: {
    readonly headersMs: number;
    readonly requestMs: number;
    readonly keepAliveMs: number;
  };
  /** Most open connections (0: no cap). */
  readonly maxConnections: number;
  /** Reverse proxies (addresses or subnets) whose X-Forwarded-For is believed for the client address. */
  readonly trustedProxies: readonly string[];
  /** Load shedding (0: off). */
  readonly loadShedding: {
    readonly maxEventLoopLagMs: number;
    readonly resumeEventLoopLagMs?: number | undefined;
    readonly maxInFlight: number;
    readonly maxEventLoopUtilization: number;
    readonly resumeEventLoopUtilization?: number | undefined;
    readonly maxQueueAgeMs: number;
    readonly retryAfterSeconds: number;
    readonly maxRejectionProbability: number;
  };
  /** CORS, off by default. */
  readonly cors:
    | false
    | {
        readonly origins: readonly string[];
        readonly methods: readonly string[];
        readonly headers: readonly string[];
        readonly credentials: boolean;
        readonly maxAgeSeconds: number;
      };
  /** Static bearer tokens and verifiers (a JWT verifier, say: set in code, not from the environment). */
  readonly auth: BearerAuthSettings;
  /** Route families (tools, memories…) mount under this path; probes, /metrics, /describe and /mcp stay at the root. */
  readonly restBasePath: string;
  /** Origins as browsers send them (`http://localhost:5173`), besides loopback ones when bound to loopback. */
  readonly allowedOrigins: readonly string[];
  /** Host names (no port) served besides loopback names when bound to loopback. */
  readonly allowedHosts: readonly string[];
  /** How the server drains on stop (ms). */
  readonly drain: {
    readonly delayMs: number;
    readonly deadlineMs: number;
    /** A stream body's producer, told to finish at shutdown, has this long to send its last chunks. */
    readonly streamGraceMs: number;
  };
  /** Tools over REST, under `restBasePath` (`/api/v1/tools` by default). */
  readonly tools: {
    readonly enabled: boolean;
    readonly prefix: string;
  };
  /** `GET /describe`: the plugin graph as JSON, or Mermaid with `?format=mermaid`. */
  readonly describe: {
    readonly enabled: boolean;
    readonly path: string;
  };
  /** `GET /openapi.json`: the OpenAPI 3.1 document of every mounted route, from their zod schemas. */
  readonly openapi: {
    readonly enabled: boolean;
    readonly path: string;
  };
  /** Listen as soon as every plugin has started (`manual`: call `listen()` yourself). */
  readonly listen: 'on-start' | 'manual';
  /** Prometheus metrics. */
  readonly metrics: {
    readonly enabled: boolean;
    readonly path: string;
    readonly defaultMetrics: boolean;
  };
  /** OpenTelemetry spans. */
  readonly tracing: {
    readonly enabled: boolean;
  };
}

/**
 * The http plugin's options as a host writes them (every field but `tls` has a default).
 * @public
 */
export interface HttpPluginOptionsInput {
  /** Default `127.0.0.1`. */
  readonly host?: string | undefined;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number | undefined;
  /** Serve HTTPS; needs `key` (or `keyFile`) and `cert` (or `certFile`). */
  readonly tls?: HttpTlsOptions | undefined;
  /** Default 1048576 (1 MiB). */
  readonly bodyLimitBytes?: number | undefined;
  /** Default 128. */
  readonly maxJsonDepth?: number | undefined;
  /** Defaults: headers 30 s, whole request 60 s, keep-alive 72 s. */
  readonly timeouts?:
    | {
        readonly headersMs?: number | undefined;
        readonly requestMs?: number | undefined;
        readonly keepAliveMs?: number | undefined;
      }
    | undefined;
  /** Default 0 (no cap). */
  readonly maxConnections?: number | undefined;
  /** Default `[]`: the client address is the connection's peer. */
  readonly trustedProxies?: readonly string[] | undefined;
  /** Default off (both thresholds 0); `retryAfterSeconds` default 1. */
  readonly loadShedding?:
    | {
        readonly maxEventLoopLagMs?: number | undefined;
        /** Hysteresis: once shedding for lag, go on until it is at or below this; default `maxEventLoopLagMs`. */
        readonly resumeEventLoopLagMs?: number | undefined;
        readonly maxInFlight?: number | undefined;
        readonly maxEventLoopUtilization?: number | undefined;
        /** Hysteresis: once shedding for utilization, go on until it is at or below this; default `maxEventLoopUtilization`. */
        readonly resumeEventLoopUtilization?: number | undefined;
        /** Shed a connection's first request that waited longer than this since accept (ms); default 0 (off). */
        readonly maxQueueAgeMs?: number | undefined;
        readonly retryAfterSeconds?: number | undefined;
        readonly maxRejectionProbability?: number | undefined;
      }
    | undefined;
  /** Default `false` (off); defaults inside: the usual methods and headers, no credentials, 600 s preflight cache. */
  readonly cors?:
    | false
    | {
        readonly origins: readonly string[];
        readonly methods?: readonly string[] | undefined;
        readonly headers?: readonly string[] | undefined;
        readonly credentials?: boolean | undefined;
        readonly maxAgeSeconds?: number | undefined;
      }
    | undefined;
  /** Default no authentication. */
  readonly auth?: BearerAuthSettingsInput | undefined;
  /** `''` or like `/api/v1` (no trailing slash); default `/api/v1`. */
  readonly restBasePath?: string | undefined;
  /** Default `[]`. */
  readonly allowedOrigins?: readonly string[] | undefined;
  /** Default `[]`. */
  readonly allowedHosts?: readonly string[] | undefined;
  /** Default no delay, a 30 s deadline and 1 s for stream bodies to finish. */
  readonly drain?:
    | {
        readonly delayMs?: number | undefined;
        readonly deadlineMs?: number | undefined;
        readonly streamGraceMs?: number | undefined;
      }
    | undefined;
  /** Default enabled, at `/tools`. */
  readonly tools?:
    | {
        readonly enabled?: boolean | undefined;
        readonly prefix?: string | undefined;
      }
    | undefined;
  /** Default enabled, at `/describe`. */
  readonly describe?:
    | {
        readonly enabled?: boolean | undefined;
        readonly path?: string | undefined;
      }
    | undefined;
  /** Default enabled, at `/openapi.json`. */
  readonly openapi?:
    | {
        readonly enabled?: boolean | undefined;
        readonly path?: string | undefined;
      }
    | undefined;
  /** Default `on-start`. */
  readonly listen?: 'on-start' | 'manual' | undefined;
  /** Default enabled, at `/metrics`, with Node's default metrics. */
  readonly metrics?:
    | {
        readonly enabled?: boolean | undefined;
        readonly path?: string | undefined;
        readonly defaultMetrics?: boolean | undefined;
      }
    | undefined;
  /** Default enabled. */
  readonly tracing?:
    | {
        readonly enabled?: boolean | undefined;
      }
    | undefined;
}
