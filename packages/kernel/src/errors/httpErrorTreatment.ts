import type { ErrorKind } from './ErrorKind.js';

/**
 * How an HTTP answer reports an error of one {@link ErrorKind}.
 * @public
 */
export interface HttpErrorTreatment {
  /** The response status. */
  readonly status: number;
  /** Whether the answer carries `Retry-After` when the error knows when to retry (`retryAfterMs`). */
  readonly retryAfter: boolean;
}

/**
 * The HTTP status of every {@link ErrorKind}: the only place an HTTP status comes from. What the
 * body shows is {@link remoteErrorExposure}.
 *
 * @remarks
 * 499 is nginx's "client closed request": the caller has gone, so the answer is for the log.
 * @public
 */
export const httpErrorTreatment: Readonly<Record<ErrorKind, HttpErrorTreatment>> = Object.freeze({
  'invalid-input': { status: 400, retryAfter: false },
  unauthenticated: { status: 401, retryAfter: false },
  forbidden: { status: 403, retryAfter: false },
  'not-found': { status: 404, retryAfter: false },
  conflict: { status: 409, retryAfter: false },
  'request-timeout': { status: 408, retryAfter: false },
  'payload-too-large': { status: 413, retryAfter: false },
  'unsupported-media-type': { status: 415, retryAfter: false },
  'rate-limited': { status: 429, retryAfter: true },
  cancelled: { status: 499, retryAfter: false },
  internal: { status: 500, retryAfter: false },
  'upstream-failed': { status: 502, retryAfter: false },
  unavailable: { status: 503, retryAfter: true },
  'upstream-timeout': { status: 504, retryAfter: false },
  'insufficient-storage': { status: 507, retryAfter: false },
});
