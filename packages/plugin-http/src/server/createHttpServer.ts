import type { HttpService } from '@cortex-os/http-api';
import type { BearerAuthOptions } from '@cortex-os/http-api/security';
import type { Logger, ServiceScope } from '@cortex-os/kernel';
import { HttpError } from '../errors/HttpError.js';
import type { HttpMetrics } from '../metrics/HttpMetrics.js';
import type { OpenApiDocument, OpenApiInfo } from '../openapi/buildOpenApiDocument.js';
import type { HttpTracing } from '../tracing/HttpTracing.js';
import type { HttpCorsOptions } from './CorsPolicy.js';
import type { HttpLoadSheddingOptions, HttpLoadSignal } from './LoadShedder.js';
import { FastifyHttpServer } from './FastifyHttpServer.js';

/**
 * Options of {@link createHttpServer}.
 * @public
 */
export interface CreateHttpServerOptions {
  /** Default `127.0.0.1`. Anything beyond loopback requires `auth` (tokens or verifiers). */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** PEM key and certificate: the server speaks HTTPS. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** Default 1 MiB; bigger bodies get 413. */
  readonly bodyLimitBytes?: number;
  /** JSON bodies nested deeper get 400 `HTTP_BODY_TOO_DEEP` before parsing; default 128. */
  readonly maxJsonDepth?: number;
  /** Slow clients (see {@link HttpServerTimeouts}); defaults 30 s, 60 s and 72 s. */
  readonly timeouts?: HttpServerTimeouts;
  /** Most open connections; further ones are closed at once (Node's `server.maxConnections`). Default 0: no cap. */
  readonly maxConnections?: number;
  /**
   * Bearer tokens and verifiers (`@cortex-os/http-api/security`); routes with auth `default`
   * require a bearer token as soon as any token or verifier is configured.
   */
  readonly auth?: BearerAuthOptions;
  /** Origins exactly as browsers send them (`http://localhost:5173`), allowed besides loopback ones when bound to loopback. */
  readonly allowedOrigins?: readonly string[];
  /** Load shedding, off by default (see {@link HttpLoadSheddingOptions}). */
  readonly loadShedding?: HttpLoadSheddingOptions;
  /** What load shedding reads (tests pass a controllable one); default the event loop's measured lag. */
  readonly loadSignal?: HttpLoadSignal;
  /** Decides which requests load shedding sheds (0 ≤ x < 1; tests pass a seeded one); default `Math.random`. */
  readonly loadSheddingRandom?: () => number;
  /** CORS, off by default (see {@link HttpCorsOptions}); its origins pass the Origin check too. */
  readonly cors?: HttpCorsOptions | false;
  /**
   * Addresses or subnets (`10.0.0.0/8`) of reverse proxies whose `X-Forwarded-For` is believed:
   * the client address routes see (`clientAddress`) is then the nearest untrusted hop. Default none.
   */
  readonly trustedProxies?: readonly string[];
  /** Host names (no port) allowed in the `Host` header besides loopback names (DNS-rebinding protection). */
  readonly allowedHosts?: readonly string[];
  /** The path route families mount under ({@link HttpService.restBasePath}); default `/api/v1`, `''` for the root. */
  readonly restBasePath?: string;
  /** Graceful drain timing (see {@link HttpService.shutdown}). */
  readonly drain?: {
    /** Time between readiness failing and the server refusing new requests (load balancers); default 0. */
    readonly delayMs?: number;
    /** After this, connections still open are cut; default 30 000. */
    readonly deadlineMs?: number;
    /**
     * A route's stream body is ended at shutdown: its producer is told (the request's signal
     * aborts) and has this long to send its last chunks before the body ends; default 1 000.
     */
    readonly streamGraceMs?: number;
  };
  /** Default: a silent logger. */
  readonly logger?: Logger;
  /** Opens the per-request DI scope; default: a scope that resolves nothing. */
  readonly createScope?: () => ServiceScope;
  /** Records RED metrics per route; default none. */
  readonly metrics?: HttpMetrics;
  /** Opens a server span per request while an OpenTelemetry SDK is registered; default none. */
  readonly tracing?: HttpTracing;
  /**
   * Lets the event loop run between the slices of a large JSON body — its parsing, and the
   * validation of its arrays' elements against the route's body schema (tests pass a
   * controllable one); default `setImmediate`.
   */
  readonly yieldToLoop?: () => Promise<void>;
  /**
   * Milliseconds on a monotonic clock, for request timing and queue age (tests pass a
   * controllable one); default `performance.now`.
   */
  readonly clock?: () => number;
  /** Timer for the drain delay (tests pass a controllable one); default `setTimeout`. */
  readonly delay?: (ms: number) => Promise<void>;
}

/**
 * How long a client may take (milliseconds). A client whose headers or whole request did not
 * arrive in time gets 408 `HTTP_REQUEST_TIMEOUT` and its connection is closed; the time a
 * handler takes is not limited here.
 * @public
 */
export interface HttpServerTimeouts {
  /** Until the request headers are complete; default 30 000 (at most `requestMs`). */
  readonly headersMs?: number;
  /** Until the whole request (headers and body) has arrived; default 60 000. */
  readonly requestMs?: number;
  /** An idle keep-alive connection is closed after this; default 72 000 (above common load-balancer idle timeouts of 60 s). */
  readonly keepAliveMs?: number;
}

/**
 * The Fastify-backed {@link HttpService}, disposable.
 * @public
 */
export interface HttpServer extends HttpService, AsyncDisposable {
  /**
   * The OpenAPI 3.1 document of the routes and raw mounts added so far, from their zod schemas
   * (`httpPlugin` serves it at `/openapi.json`). Built once per `info` after the server listens.
   */
  openApiDocument(info?: OpenApiInfo): OpenApiDocument;
}

// Segments of unreserved characters, each after a slash; '' (the root) is allowed too.
const BASE_PATH_PATTERN = /^(\/[A-Za-z0-9._~-]+)*$/;

/**
 * Creates the runtime's HTTP server on Fastify 5: JSON routes with zod validation, raw mounts,
 * problem+json errors, request ids, bearer auth and graceful drain. Listens on `listen()`.
 * @throws {@link HttpError} `HTTP_ROUTE_INVALID` for a bad `restBasePath`; the edge-security
 * module's `EDGE_*` codes for bad allow-list entries or tokens.
 * @public
 */
export function createHttpServer(options: CreateHttpServerOptions = {}): HttpServer {
  return new FastifyHttpServer(options, checkedBasePath(options.restBasePath ?? '/api/v1'));
}

function checkedBasePath(path: string): string {
  if (typeof path !== 'string' || !BASE_PATH_PATTERN.test(path)) {
    throw new HttpError(
      'HTTP_ROUTE_INVALID',
      `restBasePath "${String(path)}" must be '' or slash-separated segments without a trailing slash, e.g. "/api/v1".`,
      { details: { path } },
    );
  }
  return path;
}
