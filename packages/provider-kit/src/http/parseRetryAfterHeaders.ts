import { parseRetryAfter } from '@cortex-os/kernel/resilience';

const decimalNumber = /^\s*\d+(\.\d+)?\s*$/;

/**
 * Reads how long to wait before retrying from `retry-after-ms` (OpenAI's extension, milliseconds)
 * or `Retry-After` (RFC 9110: delay in seconds, or an HTTP date).
 *
 * @remarks
 * Fractional values (`1.5`) are accepted in both headers and rounded to whole milliseconds; an
 * HTTP date is read by the kernel's `parseRetryAfter` and clamped to 0 when it lies in the past.
 * @returns milliseconds ≥ 0, or undefined when neither header is usable.
 * @example
 * ```ts
 * parseRetryAfterHeaders(new Headers({ 'retry-after': '2' })); // 2000
 * ```
 * @public
 */
export function parseRetryAfterHeaders(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && decimalNumber.test(ms)) return Math.round(Number(ms));
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  // Checked before the kernel's parser, which reads delay-seconds as integers only (RFC 9110)
  // and would hand "1.5" to Date.parse.
  if (decimalNumber.test(value)) return Math.round(Number(value) * 1000);
  return parseRetryAfter(value, now);
}
