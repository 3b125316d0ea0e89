import type { BearerPrincipal } from '@cortex-os/http-api/security';
import type { Context, Span } from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';

/** Per-request state the admission step leaves for the handlers (internal). */
export interface RequestState {
  readonly requestId: string;
  principal: BearerPrincipal | undefined;
  span: Span | undefined;
  spanContext: Context | undefined;
  /** `performance.now()` when the request's connection was accepted, for the first request on it. */
  startedAt?: number;
  /** Set once the request was recorded (metrics, span end, request channel). */
  observed?: boolean;
}

/** The socket decoration: when the connection was accepted (cleared by its first request). */
export const kAcceptedAt = Symbol('cortex-os.http.accepted-at');

/** The request decoration that holds {@link RequestState}. */
export const kState = Symbol('cortex-os.http.request');

/** A Fastify request with its state. */
export type StatefulRequest = FastifyRequest & { [kState]?: RequestState };

/** The state of an admitted request. */
export function stateOf(request: FastifyRequest): RequestState {
  return (request as StatefulRequest)[kState] as RequestState;
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
