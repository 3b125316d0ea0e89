import type { Socket } from 'node:net';
import type { HttpAuthPolicy } from '@cortex-os/http-api';
import { bearerChallenge, type BearerAuthenticator, type BearerPrincipal, type HostOriginGuard } from '@cortex-os/http-api/security';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors/HttpError.js';
import type { HttpTracing } from '../tracing/HttpTracing.js';
import type { HttpDrain } from './HttpDrain.js';
import type { LoadShedder } from './LoadShedder.js';
import { isThenable, kAcceptedAt, kState, type RequestState, type StatefulRequest } from './RequestState.js';

const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Whether a request under `auth` must present a valid bearer token (internal): `required`
 * always, `none` never; `default` when the server has tokens or verifiers; `optional` when it
 * has them and the request carries one (a bad one is refused). Shared with WebSocket upgrades.
 */
export function wantsToken(auth: HttpAuthPolicy, configured: boolean, authorization: string | undefined): boolean {
  if (auth === 'none') return false;
  if (auth === 'required') return true;
  if (!configured) return false;
  return auth === 'default' || authorization !== undefined;
}

/**
 * The checks every request passes first (internal): request id, in-flight count, drain,
 * Host/Origin (the guard), bearer authentication, and the server span. Synchronous unless a
 * bearer verifier has to be asked.
 */
export class RequestAdmission {
  readonly #guard: HostOriginGuard;
  readonly #authenticator: BearerAuthenticator;
  readonly #drain: HttpDrain;
  readonly #tracing: HttpTracing | undefined;

  readonly #shedder: LoadShedder | undefined;
  readonly #clock: () => number;
  /** Requests refused so far, by why: shedding (overload) or draining (shutdown); read by the metrics. */
  readonly refused = { shedding: 0, draining: 0 };

  constructor(
    guard: HostOriginGuard,
    authenticator: BearerAuthenticator,
    drain: HttpDrain,
    tracing: HttpTracing | undefined,
    shedder: LoadShedder | undefined,
    clock: () => number,
  ) {
    this.#clock = clock;
    this.#guard = guard;
    this.#authenticator = authenticator;
    this.#drain = drain;
    this.#tracing = tracing;
    this.#shedder = shedder;
  }

  /** Admits a request; an error to answer with when it is refused. */
  admit(
    request: FastifyRequest,
    reply: FastifyReply,
    auth: HttpAuthPolicy,
    route: string,
    raw = false,
    sheddable = true,
  ): HttpError | undefined | Promise<HttpError | undefined> {
    const state: RequestState = { requestId: request.id, principal: undefined, span: undefined, spanContext: undefined };
    // The request clock starts when its connection was accepted, for the first request on it:
    // time spent waiting for the event loop before the request was parsed counts too.
    const socket = request.raw.socket as Socket & { [kAcceptedAt]?: number | undefined };
    const acceptedAt = socket[kAcceptedAt];
    let queueAgeMs: number | undefined;
    if (acceptedAt !== undefined) {
      queueAgeMs = this.#clock() - acceptedAt;
      state.startedAt = acceptedAt;
      socket[kAcceptedAt] = undefined;
    }
    (request as StatefulRequest)[kState] = state;
    const res = reply.raw;
    // Fastify's own header map keeps Node's writeHead on its fast path; raw mounts write their own head.
    if (raw) res.setHeader(REQUEST_ID_HEADER, request.id);
    else reply.header(REQUEST_ID_HEADER, request.id);
    this.#drain.enter();
    // A response emits 'close' exactly once; `on` spares the wrapper `once` allocates per request.
    res.on('close', this.#drain.settled);
    if (this.#drain.refusing) {
      this.refused.draining += 1;
      reply.header('connection', 'close');
      return new HttpError('HTTP_SHUTTING_DOWN', 'The server is shutting down and takes no new requests.');
    }
    if (sheddable && this.#shedder !== undefined) {
      const overloaded = this.#shedder.check(this.#drain.inFlight, queueAgeMs);
      if (overloaded !== undefined) {
        this.refused.shedding += 1;
        return overloaded;
      }
    }
    const forbidden = this.#guard.check(request.headers);
    if (forbidden !== undefined) return new HttpError('HTTP_FORBIDDEN', forbidden.message);
    if (this.#wantsToken(auth, request)) {
      const principal = this.#authenticator.authenticate(request.headers.authorization, request.raw);
      if (isThenable(principal)) return principal.then((p) => this.#authenticated(request, reply, state, route, p));
      return this.#authenticated(request, reply, state, route, principal);
    }
    this.#startSpan(request, state, route);
    return undefined;
  }

  #wantsToken(auth: HttpAuthPolicy, request: FastifyRequest): boolean {
    return wantsToken(auth, this.#authenticator.configured, request.headers.authorization);
  }

  #authenticated(
    request: FastifyRequest,
    reply: FastifyReply,
    state: RequestState,
    route: string,
    principal: BearerPrincipal | undefined,
  ): HttpError | undefined {
    if (principal === undefined) {
      reply.header('www-authenticate', bearerChallenge(request.headers.authorization));
      return new HttpError(
        'HTTP_UNAUTHORIZED',
        request.headers.authorization === undefined
          ? 'This route requires `Authorization: Bearer <token>`.'
          : 'The bearer token is not valid.',
      );
    }
    state.principal = principal;
    this.#startSpan(request, state, route);
    return undefined;
  }

  #startSpan(request: FastifyRequest, state: RequestState, route: string): void {
    if (this.#tracing?.active() !== true) return;
    const started = this.#tracing.startRequest(request.method, route, request.headers);
    state.span = started.span;
    state.spanContext = started.context;
  }
}
