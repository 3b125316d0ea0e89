import { allowedHostsSchema, allowedOriginsSchema, bearerAuthSchema } from '@cortex-os/http-api/security';
import { describe, expect, it } from 'vitest';

const issues = (result: { success: boolean; error?: { issues: readonly { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('edge security option schemas', () => {
  it('default to no authentication and empty allow-lists', () => {
    expect(bearerAuthSchema.parse(undefined)).toEqual({ tokens: [], verifiers: [] });
    expect(allowedOriginsSchema.parse(undefined)).toEqual([]);
    expect(allowedHostsSchema.parse(undefined)).toEqual([]);
  });

  it('accept tokens, principals and verifiers, and name each bad one', () => {
    const verifier = { verify: () => undefined };
    expect(bearerAuthSchema.parse({ tokens: ['t'.repeat(16), { token: 'u'.repeat(16), principal: 'ci' }], verifiers: [verifier] })).toEqual(
      {
        tokens: ['t'.repeat(16), { token: 'u'.repeat(16), principal: 'ci' }],
        verifiers: [verifier],
      },
    );
    expect(issues(bearerAuthSchema.safeParse({ tokens: ['short'], verifiers: [() => undefined] }))).toEqual([
      'tokens.0: bearer tokens must be at least 16 characters',
      'verifiers.0: a verifier is an object with a verify(token, request) function',
    ]);
    expect(issues(bearerAuthSchema.safeParse({ tokens: ['has white space in it'] }))).toEqual([
      'tokens.0: bearer tokens have no white space',
    ]);
  });

  it('accept origins as browsers send them and host names without port, naming each bad entry', () => {
    expect(allowedOriginsSchema.parse(['http://localhost:5173', 'null'])).toEqual(['http://localhost:5173', 'null']);
    expect(issues(allowedOriginsSchema.safeParse(['https://ok.example', 'app.example']))).toEqual([
      '1: not an origin as browsers send it: scheme://host[:port] without a path, e.g. https://app.example',
    ]);
    expect(allowedHostsSchema.parse(['api.example', '[::1]'])).toEqual(['api.example', '[::1]']);
    expect(issues(allowedHostsSchema.safeParse(['api.example:8080', 'https://api.example']))).toEqual([
      '0: not a host name: no scheme or port, e.g. api.example',
      '1: not a host name: no scheme or port, e.g. api.example',
    ]);
  });
});
