import { createToken, type Disposer, type Token } from '@cortex-os/kernel';
import type { z } from 'zod';
import type { HttpRawMount } from './HttpRawMount.js';
import type { HttpAuthPolicy, HttpRouteDefinition } from './HttpRouteDefinition.js';
import type { HttpShutdownReport, HttpTrackedStream } from './HttpTrackedStream.js';
import type { HttpUpgradeMount } from './HttpUpgradeMount.js';

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
  /** The route pattern (`/api/v1/memories/:id`). */
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
 * the server listens once the kernel has started (`startRuntime` from `@cortex-os/runtime`, or `listen()`).
 *
 * @remarks
 * Route families (tools, memories, later tasks and agents) mount under {@link HttpService.restBasePath}
 * (`/api/v1` by default); probes, `/metrics`, `/describe`, `/mcp`, `/a2a` and `/.well-known` stay at the root.
 * @public
 */
export interface HttpService {
  /**
   * Adds a JSON route.
   * @throws `HTTP_ROUTE_INVALID` (an `HttpError` of `@cortex-os/plugin-http`) when the method and path are taken or the server already listens.
   */
  route<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType>(
    definition: HttpRouteDefinition<P, Q, B, R>,
  ): void;
  /**
   * Mounts a raw Node handler.
   * @throws `HTTP_ROUTE_INVALID` like {@link HttpService.route}.
   */
  mountRaw(definition: HttpRawMount): void;
  /**
   * Hands HTTP upgrades (WebSocket handshakes) on a path to a handler, after the Host/Origin,
   * drain and bearer checks (see {@link HttpUpgradeMount}).
   * @throws `HTTP_ROUTE_INVALID` like {@link HttpService.route}.
   */
  mountUpgrade(definition: HttpUpgradeMount): void;
  /**
   * The path REST route families mount under: `/api/v1` by default, `''` when configured to
   * mount them at the root. Never ends with `/`, so `${http.restBasePath}/memories` is a path.
   */
  readonly restBasePath: string;
  /**
   * Starts listening; idempotent (later calls return the same address).
   * @throws `HTTP_AUTH_REQUIRED`, `HTTP_LISTEN_FAILED` or `HTTP_STATE_INVALID`.
   */
  listen(): Promise<HttpServerAddress>;
  /**
   * Drains, in this order: readiness fails at once; after the drain delay the listener stops
   * accepting and new requests on open connections get 503 with `Connection: close`; every
   * tracked stream ({@link HttpService.trackStream}) is told to end; requests in flight
   * complete and idle sockets close; at the drain deadline the rest are cut. Idempotent;
   * resolves when the server is closed, with how many requests the deadline cut.
   */
  shutdown(): Promise<HttpShutdownReport>;
  /**
   * Registers a long-lived response (SSE, WebSocket, a task event stream) so that shutdown ends
   * it before waiting for the requests in flight. Call the returned disposer when the stream
   * ends by itself. A stream tracked once the server is closing is ended at once.
   */
  trackStream(stream: HttpTrackedStream): Disposer;
  /** Tracked streams open right now. */
  readonly openStreams: number;
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
  onPhase(listener: (phase: HttpServicePhase) => void): Disposer;
}

/**
 * The token of the runtime's {@link HttpService} (id `http.service`). `@cortex-os/plugin-http`
 * provides it; plugins that mount routes require it (`requires: { http: httpServiceToken }`)
 * and depend on this package only, never on the server's.
 * @public
 */
export const httpServiceToken: Token<HttpService> = createToken<HttpService>('http.service', {
  owner: { package: '@cortex-os/http-api', version: '1' },
});
