import { CortexError } from '@cortex-os/kernel';

/**
 * What kind of failure an error is, as far as retries and circuit breakers are concerned.
 *
 * - `transient`: worth retrying — connection refused or reset, HTTP 408, 429 or 5xx.
 * - `timeout`: the operation ran out of time (counts against a breaker, not retried).
 * - `unavailable`: the dependency says it cannot serve (counts against a breaker).
 * - `rejected`: the request itself is wrong — validation errors, other 4xx (never retried, never counted).
 * - `aborted`: the caller cancelled (never retried, never counted).
 * - `unknown`: anything else (counted against a breaker, not retried).
 * @public
 */
export type ResilienceFailureKind = 'transient' | 'timeout' | 'unavailable' | 'rejected' | 'aborted' | 'unknown';

// Node's net and undici error codes for connections that failed or dropped; all are worth a retry.
const transientNetworkCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

// Kernel codes that mean "the request is wrong": retrying or blaming the dependency would be a mistake.
const rejectedCodes: ReadonlySet<string> = new Set([
  'CONTRACT_VALIDATION_FAILED',
  'TOOL_INPUT_INVALID',
  'TOOL_OUTPUT_INVALID',
  'TOOL_UNKNOWN',
  'TOOL_OUTPUT_BUDGET_EXCEEDED',
]);

const unavailableCodes: ReadonlySet<string> = new Set(['PROVIDER_UNAVAILABLE', 'RESILIENCE_CIRCUIT_OPEN', 'RESILIENCE_CONCURRENCY_LIMIT']);

// `details.reason` values model providers put on PROVIDER_REQUEST_FAILED when there is no HTTP
// status to go by: the model or its transport dropped the request, so another try may succeed.
// Keep in sync with the provider packages' READMEs ("Errors").
const transientProviderReasons: ReadonlySet<string> = new Set([
  'timeout',
  'stream-truncated',
  'stream-error',
  'unreachable',
  'worker-crashed',
]);

const maxCauseDepth = 8;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function statusOf(error: Record<string, unknown>): number | undefined {
  const details = error['details'];
  const candidates = [
    isObject(details) ? details['status'] : undefined,
    error['status'],
    error['statusCode'],
    isObject(error['response']) ? error['response']['status'] : undefined,
  ];
  for (const candidate of candidates) {
    if (typeof candidate === 'number' && Number.isInteger(candidate) && candidate >= 100 && candidate <= 599) return candidate;
  }
  return undefined;
}

/**
 * Classifies an error for retry and circuit-breaker decisions, following its `cause` chain
 * (so `PROVIDER_UNAVAILABLE` caused by `ECONNREFUSED` is `transient`).
 *
 * @remarks
 * HTTP status is read from `details.status`, `status`, `statusCode` or `response.status`;
 * network failures from a Node `code` such as `ECONNREFUSED`, also inside an `AggregateError`.
 * @public
 */
export function classifyFailure(error: unknown): ResilienceFailureKind {
  let fallback: ResilienceFailureKind = 'unknown';
  let current: unknown = error;
  for (let depth = 0; depth < maxCauseDepth && isObject(current); depth++) {
    const name = current['name'];
    if (name === 'AbortError' || CortexError.is(current, 'TOOL_ABORTED')) return 'aborted';
    if (name === 'TimeoutError' || CortexError.is(current, 'RESILIENCE_TIMEOUT')) return 'timeout';
    const status = statusOf(current);
    if (status !== undefined) {
      if (status === 408 || status === 429 || status >= 500) return 'transient';
      if (status >= 400) return 'rejected';
    }
    const code = current['code'];
    const details = current['details'];
    if (
      code === 'PROVIDER_REQUEST_FAILED' &&
      isObject(details) &&
      typeof details['reason'] === 'string' &&
      transientProviderReasons.has(details['reason'])
    ) {
      return details['reason'] === 'timeout' ? 'timeout' : 'transient';
    }
    if (typeof code === 'string') {
      if (transientNetworkCodes.has(code)) return 'transient';
      if (rejectedCodes.has(code)) return 'rejected';
      if (fallback === 'unknown' && unavailableCodes.has(code)) fallback = 'unavailable';
    }
    const errors = current['errors'];
    // Node reports a failed dual-stack connect as an AggregateError of per-address errors.
    current = current['cause'] ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return fallback;
}

/**
 * True when an error is worth retrying: an explicit `retryable` flag (on the error or in
 * `details`) wins, otherwise only {@link classifyFailure} `transient` errors are retried.
 * @public
 */
export function isRetryableError(error: unknown): boolean {
  if (isObject(error)) {
    const own = error['retryable'];
    if (typeof own === 'boolean') return own;
    const details = error['details'];
    if (isObject(details) && typeof details['retryable'] === 'boolean') return details['retryable'];
  }
  return classifyFailure(error) === 'transient';
}

/**
 * True when an error should count against a circuit breaker: everything except caller
 * cancellations and requests the dependency rightly rejected.
 * @public
 */
export function isBreakerFailure(error: unknown): boolean {
  const kind = classifyFailure(error);
  return kind !== 'aborted' && kind !== 'rejected';
}

/**
 * Parses an HTTP `Retry-After` header value (delay-seconds or an HTTP date) into milliseconds
 * from `nowMs`; `undefined` when the value is missing or unreadable.
 * @public
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * The delay a failed request asked for before it may be retried, in milliseconds: from
 * `details.retryAfterMs`, `retryAfterMs`, or a `retry-after` header on the error or its causes.
 * @public
 */
export function getRetryAfterMs(error: unknown, nowMs: number = Date.now()): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < maxCauseDepth && isObject(current); depth++) {
    const details = current['details'];
    const direct = (isObject(details) ? details['retryAfterMs'] : undefined) ?? current['retryAfterMs'];
    if (typeof direct === 'number' && Number.isFinite(direct) && direct >= 0) return direct;
    const headers = current['headers'] ?? (isObject(current['response']) ? current['response']['headers'] : undefined);
    if (isObject(headers)) {
      const header =
        typeof headers['get'] === 'function'
          ? (headers['get'] as (name: string) => string | null).call(headers, 'retry-after')
          : headers['retry-after'];
      if (typeof header === 'string') {
        const parsed = parseRetryAfter(header, nowMs);
        if (parsed !== undefined) return parsed;
      }
    }
    current = current['cause'];
  }
  return undefined;
}
