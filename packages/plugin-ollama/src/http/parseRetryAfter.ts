/**
 * Reads how long to wait before retrying from `retry-after-ms` (OpenAI's extension, milliseconds)
 * or `Retry-After` (RFC 9110: delay in seconds, or an HTTP date).
 * @returns milliseconds ≥ 0, or undefined when neither header is usable.
 * Keep in sync with plugin-openai `http/parseRetryAfter.ts` (same rules; a shared home is pending).
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.round(Number(ms));
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
