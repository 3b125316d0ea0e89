import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { BearerAuthOptions, BearerPrincipal, BearerToken, BearerVerifier } from './BearerVerifier.js';
import { EdgeSecurityError } from './EdgeSecurityError.js';

/**
 * Options of {@link createBearerAuthenticator}.
 * @public
 */
export interface CreateBearerAuthenticatorOptions extends BearerAuthOptions {
  /** Clock for `expiresAt`, in milliseconds; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Authenticates the `Authorization` header of a request.
 * @public
 */
export interface BearerAuthenticator {
  /** True when any static token or verifier is configured. */
  readonly configured: boolean;
  /**
   * The principal of a valid `Authorization: Bearer <token>` header, or `undefined`. Synchronous
   * when a static token decides (the common case); a promise only when a verifier is asked.
   */
  authenticate(
    authorization: string | undefined,
    request: IncomingMessage,
  ): BearerPrincipal | undefined | Promise<BearerPrincipal | undefined>;
}

/** Shortest static token accepted: shorter ones are guessable. */
const MIN_TOKEN_LENGTH = 16;
// RFC 7235: the scheme is case-insensitive; RFC 6750's token68 has no white space.
const BEARER = /^bearer +(\S+) *$/i;

/**
 * Creates the bearer authentication shared by every HTTP transport of the runtime. Static
 * tokens are compared in constant time, each against its SHA-256 digest, and every configured
 * token is compared, so timing tells neither whether nor which token matched.
 * @throws {@link EdgeSecurityError} `EDGE_TOKEN_INVALID` for a short token or empty principal, `EDGE_VERIFIER_INVALID` for a verifier without `verify`.
 * @example
 * ```ts
 * const auth = createBearerAuthenticator({ tokens: [{ token: process.env.API_TOKEN!, principal: 'ci' }] });
 * const principal = await auth.authenticate(req.headers.authorization, req); // { id: 'ci' } or undefined
 * ```
 * @public
 */
export function createBearerAuthenticator(options: CreateBearerAuthenticatorOptions = {}): BearerAuthenticator {
  return new DigestAuthenticator(options);
}

/**
 * The token of an `Authorization: Bearer <token>` header, or `undefined` when the header is
 * absent, has another scheme, or is malformed.
 * @public
 */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  return BEARER.exec(authorization)?.[1];
}

/**
 * The `WWW-Authenticate` challenge of a 401 (RFC 6750): `Bearer realm="cortex-os"`, with
 * `error="invalid_token"` when the request carried a token that was refused.
 * @public
 */
export function bearerChallenge(authorization: string | undefined): string {
  return bearerTokenOf(authorization) === undefined ? 'Bearer realm="cortex-os"' : 'Bearer realm="cortex-os", error="invalid_token"';
}

class DigestAuthenticator implements BearerAuthenticator {
  readonly configured: boolean;
  readonly #digests: readonly { readonly digest: Buffer; readonly principal: BearerPrincipal }[];
  readonly #verifiers: readonly BearerVerifier[];
  readonly #now: () => number;

  constructor(options: CreateBearerAuthenticatorOptions) {
    this.#digests = checkedTokens(options.tokens ?? []);
    this.#verifiers = checkedVerifiers(options.verifiers ?? []);
    this.#now = options.now ?? Date.now;
    this.configured = this.#digests.length > 0 || this.#verifiers.length > 0;
  }

  authenticate(
    authorization: string | undefined,
    request: IncomingMessage,
  ): BearerPrincipal | undefined | Promise<BearerPrincipal | undefined> {
    const token = bearerTokenOf(authorization);
    if (token === undefined) return undefined;
    const digest = sha256(token);
    let matched: BearerPrincipal | undefined;
    // Compare with every token (constant time each), so timing does not reveal which one matched.
    for (const candidate of this.#digests) if (timingSafeEqual(candidate.digest, digest)) matched = candidate.principal;
    if (matched !== undefined || this.#verifiers.length === 0) return matched;
    return this.#verify(token, request);
  }

  async #verify(token: string, request: IncomingMessage): Promise<BearerPrincipal | undefined> {
    for (const verifier of this.#verifiers) {
      let principal: BearerPrincipal | undefined;
      try {
        principal = await verifier.verify(token, request);
      } catch {
        // A verifier that throws refuses, like one that returns undefined; the caller learns nothing more.
        principal = undefined;
      }
      if (principal === undefined) continue;
      if (typeof principal.id !== 'string' || principal.id === '') continue;
      if (principal.expiresAt !== undefined && principal.expiresAt * 1000 <= this.#now()) continue;
      return principal;
    }
    return undefined;
  }
}

function checkedTokens(tokens: readonly (string | BearerToken)[]) {
  const problems: string[] = [];
  const digests = tokens.map((entry, index) => {
    const { token, principal = 'bearer', scopes } = typeof entry === 'string' ? ({ token: entry } as BearerToken) : entry;
    if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH || /\s/.test(token))
      problems.push(`tokens[${index}] must be at least ${MIN_TOKEN_LENGTH} characters without white space`);
    if (typeof principal !== 'string' || principal === '') problems.push(`tokens[${index}].principal must not be empty`);
    if (scopes !== undefined && (!Array.isArray(scopes) || scopes.some((scope) => typeof scope !== 'string' || scope === '')))
      problems.push(`tokens[${index}].scopes must be non-empty strings`);
    const granted = scopes === undefined ? {} : { scopes: Object.freeze([...scopes]) };
    return { digest: sha256(String(token)), principal: Object.freeze({ id: principal, ...granted }) };
  });
  if (problems.length > 0)
    throw new EdgeSecurityError('EDGE_TOKEN_INVALID', `Invalid bearer tokens: ${problems.join('; ')}.`, { details: { problems } });
  return digests;
}

function checkedVerifiers(verifiers: readonly BearerVerifier[]): readonly BearerVerifier[] {
  const bad = verifiers.flatMap((v, index) => (typeof v?.verify === 'function' ? [] : [index]));
  if (bad.length > 0)
    throw new EdgeSecurityError(
      'EDGE_VERIFIER_INVALID',
      `verifiers[${bad.join('], verifiers[')}] ${bad.length === 1 ? 'has' : 'have'} no verify(token, request) function.`,
      { details: { indexes: bad } },
    );
  return [...verifiers];
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
