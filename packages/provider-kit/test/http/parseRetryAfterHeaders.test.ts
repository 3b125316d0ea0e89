import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfterHeaders } from '@cortex-os/provider-kit';

const now = Date.parse('2026-11-01T10:00:00.000Z');

/** The rules the provider packages each carried before this package existed: the oracle for "no behaviour change". */
function previousProviderRule(headers: Headers, at: number): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.round(Number(ms));
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - at);
}

/** Header values as a server can send them: Latin-1, no NUL/CR/LF, sometimes padded. */
const headerValue = fc.oneof(
  fc.string({
    unit: fc
      .integer({ min: 0x09, max: 0xff })
      .filter((c) => c !== 0x0a && c !== 0x0d)
      .map((c) => String.fromCharCode(c)),
    maxLength: 40,
  }),
  fc.nat({ max: 1_000_000 }).map(String),
  fc.tuple(fc.nat({ max: 100_000 }), fc.nat({ max: 999 })).map(([a, b]) => `${a}.${b}`),
  fc
    .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toUTCString()),
  fc
    .tuple(fc.constantFrom('', ' ', '\t', '\v', '\f', '\u00a0'), fc.nat({ max: 1000 }).map(String), fc.constantFrom('', ' ', '\u00a0'))
    .map((parts) => parts.join('')),
);

const headersArb = fc
  .record({ 'retry-after': headerValue, 'retry-after-ms': headerValue }, { requiredKeys: [] })
  .filter((record) => {
    try {
      new Headers(record as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  })
  .map((record) => new Headers(record as Record<string, string>));

describe('parseRetryAfterHeaders', () => {
  it('reads delay-seconds (whole or fractional), HTTP dates and retry-after-ms, preferring retry-after-ms', () => {
    expect(parseRetryAfterHeaders(new Headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(parseRetryAfterHeaders(new Headers({ 'retry-after': '1.5' }), now)).toBe(1500);
    expect(parseRetryAfterHeaders(new Headers({ 'retry-after': 'Sun, 01 Nov 2026 10:00:30 GMT' }), now)).toBe(30_000);
    expect(parseRetryAfterHeaders(new Headers({ 'retry-after': 'Sun, 01 Nov 2026 09:00:00 GMT' }), now)).toBe(0);
    expect(parseRetryAfterHeaders(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(parseRetryAfterHeaders(new Headers({ 'retry-after-ms': '12.6' }), now)).toBe(13);
  });

  it('is undefined without a usable header', () => {
    expect(parseRetryAfterHeaders(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfterHeaders(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfterHeaders(new Headers({ 'retry-after-ms': 'soon' }), now)).toBeUndefined();
  });

  it('agrees with the rules the provider packages carried before, for any header values', () => {
    fc.assert(
      fc.property(headersArb, fc.integer({ min: 0, max: 4_102_444_800_000 }), (headers, at) => {
        expect(parseRetryAfterHeaders(headers, at)).toBe(previousProviderRule(headers, at));
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('turns n seconds into n × 1000 ms and retry-after-ms into itself', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.nat({ max: 10_000_000 }), (seconds, ms) => {
        expect(parseRetryAfterHeaders(new Headers({ 'retry-after': String(seconds) }), now)).toBe(seconds * 1000);
        expect(parseRetryAfterHeaders(new Headers({ 'retry-after': String(seconds), 'retry-after-ms': String(ms) }), now)).toBe(ms);
      }),
      { seed: 8 },
    );
  });

  it('reads an HTTP date as the time left until it, never negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 631_152_000, max: 4_102_444_800 }),
        fc.integer({ min: 631_152_000_000, max: 4_102_444_800_000 }),
        (epochSeconds, at) => {
          const value = new Date(epochSeconds * 1000).toUTCString();
          const result = parseRetryAfterHeaders(new Headers({ 'retry-after': value }), at);
          expect(result).toBe(Math.max(0, epochSeconds * 1000 - at));
          expect(result).toBeGreaterThanOrEqual(0);
        },
      ),
      { seed: 9 },
    );
  });
});
