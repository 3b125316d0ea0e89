import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createToken, type ServiceScope, type Token } from '@cortex-os/kernel';
import type { z } from 'zod';

/**
 * HTTP methods a route may answer.
 * @public
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Authentication policy of a route: `default` follows the server (bearer token when any is configured),
 * `required` always wants one, `none` never (probes).
 * @public
 */
export type HttpAuthPolicy = 'required' | 'none' | 'default';

/**
 * What a route handler receives.
 * @public
 */
export interface HttpRequestContext<P = unknown, Q = unknown, B = unknown> {
  /** Path parameters, parsed by the route's `params` schema (as received when it has none). */
  readonly params: P;
  /** Query parameters, parsed by the route's `query` schema (as received when it has none). */
  readonly query: Q;
  /** The JSON body, parsed by the route's `body` schema (as received when it has none). */
  readonly body: B;
  /** The request headers, names in lower case. */
  readonly headers: IncomingHttpHeaders;
  /** The request method. */
  readonly method: HttpMethod;
  /** The path as requested (without the query string). */
  readonly path: string;
  /** Taken from the caller's `x-request-id` when well-formed, else generated; echoed on the response. */
  readonly requestId: string;
  /** The authenticated caller (the token's label), when the request carried a valid bearer token. */
  readonly principal: string | undefined;
  /** A DI scope for this request, created on first access and disposed when the handler settles. */
  readonly scope: ServiceScope;
  /** Aborted when the client disconnects before the answer is sent. */
  readonly signal: AbortSignal;
}

/**
 * A response with a status and headers; a handler may also return the body alone (status 200).
 * @public
 */
export interface HttpRouteResult {
  /** Default 200, or 204 when there is no body. */
  readonly status?: number;
  /** Strings and Buffers are sent as they are; anything else as JSON. */
  readonly body?: unknown;
  /** Response headers (e.g. `content-type` for a string body). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A JSON route: zod-validated params, query, body and response, run in a per-request DI scope.
 * @public
 */
export interface HttpRouteDefinition<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  /** The method this route answers. */
  readonly method: HttpMethod;
  /** `/memories/:id` (Fastify/find-my-way syntax). */
  readonly path: string;
  /** Default `default`. */
  readonly auth?: HttpAuthPolicy;
  /** Validates (and may coerce) path parameters; failures answer 400 `HTTP_REQUEST_INVALID`. */
  readonly params?: P;
  /** Validates (and may coerce) query parameters; failures answer 400 `HTTP_REQUEST_INVALID`. */
  readonly query?: Q;
  /** Validates the JSON body; failures answer 400 `HTTP_REQUEST_INVALID`. */
  readonly body?: B;
  /** Validates 2xx bodies; a mismatch is a bug in the route and answers 500 `HTTP_RESPONSE_INVALID`. */
  readonly response?: R;
  /** This route's body limit in bytes (bigger bodies get 413); default the server's. */
  readonly bodyLimitBytes?: number;
  /** Short text for `/describe`. */
  readonly description?: string;
  /** Answers the request: returns the body (status 200, 204 when `undefined`) or an {@link HttpRouteResult}. */
  handler(request: HttpRequestContext<z.output<P>, z.output<Q>, z.output<B>>): unknown;
}

/**
 * Hands the raw Node request and response to a handler (MCP Streamable HTTP uses this).
 * @public
 */
export interface HttpRawMount {
  /** The path to mount on (Fastify/find-my-way syntax). */
  readonly path: string;
  /** The methods handed to the handler. */
  readonly methods: readonly ('GET' | 'POST' | 'DELETE')[];
  /** Default `default`. */
  readonly auth?: HttpAuthPolicy;
  /** This mount's body limit in bytes (bigger bodies get 413); default the server's. */
  readonly bodyLimitBytes?: number;
  /** Short text for `/describe`. */
  readonly description?: string;
  /** `body` is the parsed JSON body for POST (or undefined). Auth, Origin/Host checks and the request id run first. */
  handler(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> | void;
}

/**
 * Where the server listens.
 * @public
 */
export interface HttpServerAddress {
  /** The address bound, as configured. */
  readonly host: string;
  /** The port bound (the chosen one when configured as 0). */
  readonly port: number;
  /** `http(s)://host:port` (IPv6 hosts in brackets). */
  readonly url: string;
}

/**
 * A route as `/describe` lists it.
 * @public
 */
export interface HttpRouteSummary {
  /** The method, or the comma-separated methods of a raw mount. */
  readonly method: string;
  /** The route pattern (`/memories/:id`). */
  readonly path: string;
  /** The route's authentication policy. */
  readonly auth: HttpAuthPolicy;
  /** True for a raw mount ({@link HttpService.mountRaw}). */
  readonly raw: boolean;
  /** The route's short text, when it has one. */
  readonly description?: string;
}

/**
 * Where the server is in its life: `created` (routes may be added), `listening`, `draining`
 * (readiness fails, requests still served), `closing` (new requests get 503), `closed`.
 * @public
 */
export type HttpServicePhase = 'created' | 'listening' | 'draining' | 'closing' | 'closed';

/**
 * The runtime's one HTTP server, as a kernel service. Add routes in a plugin's `start`;
 * the server listens once the kernel has started (`startHttpRuntime`, or `listen()`).
 * @public
 */
export interface HttpService {
  /**
   * Adds a JSON route.
   * @throws {@link HttpError} `HTTP_ROUTE_INVALID` when the method and path are taken or the server already listens.
   */
  route<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType>(
    definition: HttpRouteDefinition<P, Q, B, R>,
  ): void;
  /**
   * Mounts a raw Node handler.
   * @throws {@link HttpError} `HTTP_ROUTE_INVALID` like {@link HttpService.route}.
   */
  mountRaw(definition: HttpRawMount): void;
  /**
   * Starts listening; idempotent (later calls return the same address).
   * @throws {@link HttpError} `HTTP_AUTH_REQUIRED`, `HTTP_LISTEN_FAILED` or `HTTP_STATE_INVALID`.
   */
  listen(): Promise<HttpServerAddress>;
  /**
   * Drains: readiness fails at once, then after `drain.delayMs` new requests get 503 with
   * `Connection: close`, in-flight requests complete, idle sockets close, and after
   * `drain.deadlineMs` the rest are cut. Idempotent; resolves when the server is closed.
   */
  shutdown(): Promise<void>;
  /** Host and port bound (port 0 → the chosen port); undefined before the server listens. */
  readonly address: HttpServerAddress | undefined;
  /** True from the moment shutdown begins (readiness then answers 503). */
  readonly draining: boolean;
  /** Where the server is in its life (see {@link HttpServicePhase}). */
  readonly phase: HttpServicePhase;
  /** Requests being handled right now. */
  readonly inFlight: number;
  /** Every route and raw mount, for `/describe`. */
  routes(): readonly HttpRouteSummary[];
  /** Calls `listener` when the phase changes; returns a remover. */
  onPhase(listener: (phase: HttpServicePhase) => void): () => void;
}

/**
 * The token of the runtime's {@link HttpService} (id `http.service`).
 * @public
 */
export const httpServiceToken: Token<HttpService> = createToken<HttpService>('http.service', {
  owner: { package: '@cortex-os/plugin-http', version: '1' },
});
