import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceScope } from '@cortex-os/kernel';
import type { z } from 'zod';
import type { HttpBodyParseFailure } from './HttpBodyParseFailure.js';

/**
 * HTTP methods a route may answer.
 * @public
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Authentication policy of a route: `default` follows the server (a bearer token when any token
 * or verifier is configured), `required` always wants one, `none` never (probes), `optional`
 * checks a token when the request carries one (a bad one gets 401) and lets requests without
 * one through, so the handler can answer them with less (`/health` details).
 * @public
 */
export type HttpAuthPolicy = 'required' | 'none' | 'default' | 'optional';

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
  /** The authenticated caller (the principal's id), when the request carried a valid bearer token. */
  readonly principal: string | undefined;
  /** What the caller's token grants (a static token's or a verifier's `scopes`); empty without one. */
  readonly scopes: readonly string[];
  /**
   * The address the request came from, as the server trusts it (the connection's peer address),
   * e.g. to show details only to loopback callers.
   */
  readonly clientAddress: string;
  /** A DI scope for this request, created on first access and disposed when the handler settles. */
  readonly scope: ServiceScope;
  /** Aborted when the client disconnects before the answer is sent. */
  readonly signal: AbortSignal;
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
  /**
   * The full path (Fastify/find-my-way syntax, `/memories/:id`). A route family (tools,
   * memories) builds it on {@link HttpService.restBasePath}; probes and `/metrics` use the root.
   */
  readonly path: string;
  /** Default `default`. */
  readonly auth?: HttpAuthPolicy;
  /**
   * Whether the server may shed this route's requests when overloaded (503 with `Retry-After`);
   * default true. Probes and `/metrics` set false: they must answer under load.
   */
  readonly loadShedding?: boolean;
  /** Validates (and may coerce) path parameters; failures answer 400 `HTTP_REQUEST_INVALID`. */
  readonly params?: P;
  /** Validates (and may coerce) query parameters; failures answer 400 `HTTP_REQUEST_INVALID`. */
  readonly query?: Q;
  /** Validates the JSON body; failures answer 400 `HTTP_REQUEST_INVALID`. */
  readonly body?: B;
  /** Validates 2xx bodies (not streams); a mismatch is a bug in the route and answers 500 `HTTP_RESPONSE_INVALID`. */
  readonly response?: R;
  /** This route's body limit in bytes (bigger bodies get 413); default the server's. */
  readonly bodyLimitBytes?: number;
  /** Short text for `/describe`. */
  readonly description?: string;
  /**
   * Answers a body that is not JSON (or nested too deep) itself, instead of the server's 400
   * problem+json: returns a body (status 200) or an {@link HttpRouteResult}, sent as the handler's
   * would be (without the `response` schema). JSON-RPC routes answer `-32700 Parse error` here.
   * Auth, Origin/Host checks and load shedding still run first; a body over the limit is still 413.
   * @example
   * ```ts
   * onParseError: () => ({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } })
   * ```
   */
  onParseError?(failure: HttpBodyParseFailure): unknown;
  /**
   * Answers the request: returns the body (status 200, 204 when `undefined`) or an
   * {@link HttpRouteResult} (mark it with {@link httpResponse} when its body could be mistaken for one).
   */
  handler(request: HttpRequestContext<z.output<P>, z.output<Q>, z.output<B>>): unknown;
}
