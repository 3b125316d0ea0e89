import { describe, expect, it } from 'vitest';
import { KernelError } from '@cortex-os/kernel';
import { classifyFailure, getRetryAfterMs, isBreakerFailure, isRetryableError, parseRetryAfter } from '@cortex-os/kernel/resilience';

const withCode = (code: string): Error => Object.assign(new Error(code), { code });

describe('classifyFailure', () => {
  it('treats refused and reset connections, 408, 429 and 5xx as transient', () => {
    expect(classifyFailure(withCode('ECONNREFUSED'))).toBe('transient');
    expect(classifyFailure(withCode('ECONNRESET'))).toBe('transient');
    for (const status of [408, 429, 500, 502, 503, 504]) expect(classifyFailure({ status })).toBe('transient');
    expect(classifyFailure({ response: { status: 503 } })).toBe('transient');
  });

  it('treats provider failures without a status by their reason: dropped streams, crashed workers and timeouts are worth another try', () => {
    const failed = (reason: string) =>
      new KernelError('PROVIDER_REQUEST_FAILED', `failed: ${reason}`, { details: { provider: 'p', reason } });
    expect(classifyFailure(failed('stream-truncated'))).toBe('transient');
    expect(classifyFailure(failed('stream-error'))).toBe('transient');
    expect(classifyFailure(failed('worker-crashed'))).toBe('transient');
    expect(classifyFailure(failed('unreachable'))).toBe('transient');
    expect(classifyFailure(failed('timeout'))).toBe('timeout');
    expect(classifyFailure(failed('invalid-response'))).toBe('unknown');
    expect(isRetryableError(failed('stream-truncated'))).toBe(true);
  });

  it('follows the cause chain, as fetch wraps socket errors in TypeError("fetch failed")', () => {
    const fetchFailed = new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') });
    expect(classifyFailure(fetchFailed)).toBe('transient');
    const unavailable = new KernelError('PROVIDER_UNAVAILABLE', 'Ollama is unreachable', { cause: fetchFailed });
    expect(classifyFailure(unavailable)).toBe('transient');
    expect(classifyFailure(new KernelError('PROVIDER_UNAVAILABLE', 'MLX needs Apple silicon'))).toBe('unavailable');
    const dualStack = Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]), {});
    expect(classifyFailure(dualStack)).toBe('transient');
  });

  it('treats other 4xx and kernel validation codes as rejected, aborts as aborted', () => {
    expect(classifyFailure({ status: 400 })).toBe('rejected');
    expect(classifyFailure(new KernelError('PROVIDER_REQUEST_FAILED', 'bad', { details: { status: 422 } }))).toBe('rejected');
    expect(classifyFailure(new KernelError('CONTRACT_VALIDATION_FAILED', 'bad'))).toBe('rejected');
    expect(classifyFailure(new DOMException('stop', 'AbortError'))).toBe('aborted');
    expect(classifyFailure(new DOMException('slow', 'TimeoutError'))).toBe('timeout');
    expect(classifyFailure(new Error('something odd'))).toBe('unknown');
    expect(classifyFailure('a string')).toBe('unknown');
  });

  it('decides retries and breaker counting from the kind, with an explicit retryable flag winning', () => {
    expect(isRetryableError(withCode('ECONNRESET'))).toBe(true);
    expect(isRetryableError(new KernelError('PROVIDER_REQUEST_FAILED', 'x', { details: { status: 503, retryable: false } }))).toBe(false);
    expect(isRetryableError(Object.assign(new Error('x'), { retryable: true }))).toBe(true);
    expect(isRetryableError(new Error('something odd'))).toBe(false);
    expect(isBreakerFailure(new Error('something odd'))).toBe(true);
    expect(isBreakerFailure({ status: 404 })).toBe(false);
    expect(isBreakerFailure(new DOMException('stop', 'AbortError'))).toBe(false);
  });
});

describe('Retry-After', () => {
  it('parses delay-seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('reads retryAfterMs from details, the error, or a retry-after header down the cause chain', () => {
    expect(getRetryAfterMs(new KernelError('PROVIDER_REQUEST_FAILED', 'x', { details: { status: 429, retryAfterMs: 250 } }))).toBe(250);
    expect(getRetryAfterMs(Object.assign(new Error('x'), { retryAfterMs: 10 }))).toBe(10);
    const response = { status: 429, headers: new Headers({ 'retry-after': '2' }) };
    expect(getRetryAfterMs(new Error('wrapped', { cause: { response } }))).toBe(2_000);
    expect(getRetryAfterMs({ headers: { 'retry-after': '3' } })).toBe(3_000);
    expect(getRetryAfterMs(new Error('none'))).toBeUndefined();
  });
});
