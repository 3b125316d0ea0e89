import { parseOrigin } from '@cortex-os/http-api/security';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Origins as browsers build them: a scheme, a host (name, IPv4 or bracketed IPv6) and an optional port. */
const originParts = fc.record({
  scheme: fc.constantFrom('http', 'https'),
  host: fc.oneof(fc.domain(), fc.ipV4(), fc.constant('[::1]'), fc.constant('localhost')),
  port: fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined }),
});
const defaultPort = { http: 80, https: 443 } as const;

function originText(parts: { scheme: 'http' | 'https'; host: string; port: number | undefined }): string {
  return `${parts.scheme}://${parts.host}${parts.port === undefined ? '' : `:${parts.port}`}`;
}

describe('parseOrigin', () => {
  it('canonicalises case and default ports', () => {
    expect(parseOrigin('http://LOCALHOST:5173')).toBe('http://localhost:5173');
    expect(parseOrigin('HTTPS://App.Example:443')).toBe('https://app.example');
    expect(parseOrigin('http://app.example:80')).toBe('http://app.example');
    expect(parseOrigin('http://[::1]:3000')).toBe('http://[::1]:3000');
    expect(parseOrigin('chrome-extension://AbCdEf')).toBe('chrome-extension://abcdef');
    expect(parseOrigin('null')).toBe('null');
  });

  it.each([
    'https://app.example/',
    'https://app.example/path',
    'https://app.example?x=1',
    'https://app.example#x',
    'https://user@app.example',
    'app.example',
    'localhost:5173',
    '//app.example',
    'https://',
    'https://app.example:99999',
    'https://app example',
    ' https://app.example',
    '',
    'NULL',
  ])('refuses %j, which no browser sends as an origin', (text) => {
    expect(parseOrigin(text)).toBeUndefined();
  });

  it('gives the browser form of every origin: lower case, the default port dropped', () => {
    fc.assert(
      fc.property(originParts, (parts) => {
        const host = parts.host.toLowerCase();
        const port = parts.port === undefined || parts.port === defaultPort[parts.scheme] ? '' : `:${parts.port}`;
        return parseOrigin(originText(parts)) === `${parts.scheme}://${host}${port}`;
      }),
    );
  });

  it('is idempotent and ignores case', () => {
    fc.assert(
      fc.property(originParts, (parts) => {
        const once = parseOrigin(originText(parts));
        return once !== undefined && parseOrigin(once) === once && parseOrigin(originText(parts).toUpperCase()) === once;
      }),
    );
  });

  it('refuses any origin followed by a path, query or fragment', () => {
    fc.assert(
      fc.property(originParts, fc.constantFrom('/', '?', '#'), fc.string({ maxLength: 10 }), (parts, separator, rest) => {
        return parseOrigin(`${originText(parts)}${separator}${rest}`) === undefined;
      }),
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseOrigin(text);
        return parsed === undefined || parsed === 'null' || /^[a-z][a-z0-9+.-]*:\/\/[^/?#@]+$/.test(parsed);
      }),
    );
  });
});
