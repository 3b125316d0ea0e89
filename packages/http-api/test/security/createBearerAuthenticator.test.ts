import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CortexError } from '@cortex-os/kernel';
import {
  bearerChallenge,
  bearerTokenOf,
  createBearerAuthenticator,
  type BearerVerifier,
  type CreateBearerAuthenticatorOptions,
} from '@cortex-os/http-api/security';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const TOKEN = 'a-long-static-token-0123456789';
const OTHER = 'another-long-static-token-xyz';
const request0 = {} as IncomingMessage;

/** A real server on 127.0.0.1 answering 200 with the principal's id, or 401 with the challenge. */
async function authServer(options: CreateBearerAuthenticatorOptions) {
  const auth = createBearerAuthenticator(options);
  const server = createServer(async (req, res) => {
    const principal = await auth.authenticate(req.headers.authorization, req);
    if (principal === undefined) res.writeHead(401, { 'www-authenticate': bearerChallenge(req.headers.authorization) }).end();
    else res.writeHead(200).end(principal.id);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(server, {
    call: (authorization?: string) =>
      new Promise<{ status: number; body: string; challenge: string | undefined }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, headers: authorization === undefined ? {} : { authorization } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, challenge: res.headers['www-authenticate'] }));
        });
        req.on('error', reject);
        req.end();
      }),
  });
}

describe('createBearerAuthenticator over real HTTP on 127.0.0.1', () => {
  it('accepts each static token for its principal, and answers the RFC 6750 challenge otherwise', async () => {
    await using server = await authServer({ tokens: [TOKEN, { token: OTHER, principal: 'ci' }] });
    expect(await server.call(`Bearer ${TOKEN}`)).toMatchObject({ status: 200, body: 'bearer' });
    expect(await server.call(`bearer ${OTHER}`)).toMatchObject({ status: 200, body: 'ci' });
    expect(await server.call()).toMatchObject({ status: 401, challenge: 'Bearer realm="cortex-os"' });
    expect(await server.call(`Bearer ${TOKEN}x`)).toMatchObject({
      status: 401,
      challenge: 'Bearer realm="cortex-os", error="invalid_token"',
    });
    expect(await server.call(`Basic ${TOKEN}`)).toMatchObject({ status: 401, challenge: 'Bearer realm="cortex-os"' });
  });

  it('asks verifiers in order for other tokens; a throwing, expired or nameless principal is refused', async () => {
    const now = 1_700_000_000_000;
    const asked: string[] = [];
    const verifiers: BearerVerifier[] = [
      {
        verify: (token) => {
          asked.push(`first:${token}`);
          if (token === 'boom') throw new Error('verifier crashed: /srv/keys/jwks.json');
          if (token === 'expired') return { id: 'late', expiresAt: now / 1000 };
          if (token === 'nameless') return { id: '' };
          return token === 'jwt-alice' ? { id: 'alice', scopes: ['read'], expiresAt: now / 1000 + 60 } : undefined;
        },
      },
      { verify: async (token, req) => (token === 'jwt-bob' && req.headers.host !== undefined ? { id: 'bob' } : undefined) },
    ];
    await using server = await authServer({ tokens: [TOKEN], verifiers, now: () => now });
    expect(await server.call('Bearer jwt-alice')).toMatchObject({ status: 200, body: 'alice' });
    expect(await server.call('Bearer jwt-bob')).toMatchObject({ status: 200, body: 'bob' });
    for (const refused of ['boom', 'expired', 'nameless', 'unknown'])
      expect(await server.call(`Bearer ${refused}`)).toMatchObject({ status: 401, body: '' });
    // A static token decides without asking any verifier.
    expect(await server.call(`Bearer ${TOKEN}`)).toMatchObject({ status: 200, body: 'bearer' });
    expect(asked).not.toContain(`first:${TOKEN}`);
  });
});

describe('createBearerAuthenticator', () => {
  it('grants a static token its scopes, frozen; a token without scopes grants none', () => {
    const auth = createBearerAuthenticator({ tokens: [TOKEN, { token: OTHER, principal: 'ops', scopes: ['tasks:admin'] }] });
    const admin = auth.authenticate(`Bearer ${OTHER}`, request0);
    expect(admin).toEqual({ id: 'ops', scopes: ['tasks:admin'] });
    expect(Object.isFrozen((admin as { scopes: readonly string[] }).scopes)).toBe(true);
    expect(auth.authenticate(`Bearer ${TOKEN}`, request0)).toEqual({ id: 'bearer' });
  });

  it('answers synchronously when a static token decides', () => {
    const auth = createBearerAuthenticator({ tokens: [TOKEN], verifiers: [{ verify: () => ({ id: 'v' }) }] });
    expect(auth.authenticate(`Bearer ${TOKEN}`, request0)).toEqual({ id: 'bearer' });
    expect(auth.authenticate(undefined, request0)).toBeUndefined();
    expect(auth.authenticate('Bearer other-token', request0)).toBeInstanceOf(Promise);
    expect(createBearerAuthenticator({ tokens: [TOKEN] }).authenticate('Bearer other-token', request0)).toBeUndefined();
  });

  it('is configured only with a token or a verifier', () => {
    expect(createBearerAuthenticator().configured).toBe(false);
    expect(createBearerAuthenticator({ tokens: [TOKEN] }).configured).toBe(true);
    expect(createBearerAuthenticator({ verifiers: [{ verify: () => undefined }] }).configured).toBe(true);
  });

  it('refuses short tokens, empty principals and verifiers without verify, naming each', () => {
    let thrown: unknown;
    try {
      createBearerAuthenticator({
        tokens: ['short', { token: 'has white space in it!', principal: '' }, { token: TOKEN, principal: 'ops', scopes: ['ok', ''] }],
      });
    } catch (error) {
      thrown = error;
    }
    expect(CortexError.is(thrown, 'EDGE_TOKEN_INVALID')).toBe(true);
    expect((thrown as Error).message).toBe(
      'Invalid bearer tokens: tokens[0] must be at least 16 characters without white space; tokens[1] must be at least 16 characters without white space; tokens[1].principal must not be empty; tokens[2].scopes must be non-empty strings.',
    );
    expect(() => createBearerAuthenticator({ verifiers: [{} as BearerVerifier] })).toThrow(
      'verifiers[0] has no verify(token, request) function.',
    );
  });

  it('matches exactly the configured token, never a prefix, extension or case variant of it', () => {
    const auth = createBearerAuthenticator({ tokens: [TOKEN] });
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/\s/.test(s)),
        (candidate) => {
          const principal = auth.authenticate(`Bearer ${candidate}`, request0);
          return candidate === TOKEN ? principal !== undefined : principal === undefined;
        },
      ),
    );
    for (const near of [TOKEN.slice(0, -1), `${TOKEN}0`, TOKEN.toUpperCase()])
      expect(auth.authenticate(`Bearer ${near}`, request0)).toBeUndefined();
  });
});

describe('bearerTokenOf', () => {
  it('reads the token of a Bearer header in any case of the scheme', () => {
    expect(bearerTokenOf('Bearer abc')).toBe('abc');
    expect(bearerTokenOf('BEARER   abc  ')).toBe('abc');
    expect(bearerTokenOf('Bearer a b')).toBeUndefined();
    expect(bearerTokenOf('Bearer')).toBeUndefined();
    expect(bearerTokenOf('Basic abc')).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
  });
});
