import type { IncomingMessage } from 'node:http';

/**
 * Who a verified bearer token belongs to.
 * @public
 */
export interface BearerPrincipal {
  /** The caller's name; handlers see it as the request's `principal`, tools as the caller's `id`. */
  readonly id: string;
  /** What the token grants (passed on, e.g., to the MCP SDK's `authInfo.scopes`). */
  readonly scopes?: readonly string[];
  /** When the token expires, in seconds since the epoch; an expired principal is refused. */
  readonly expiresAt?: number;
}

/**
 * Checks a bearer token that is not one of the static ones — a JWT, an opaque token looked
 * up in a store, a signed cookie turned header. Returns the principal, or `undefined` to refuse;
 * a throw refuses too (and tells the caller nothing more).
 *
 * @example
 * ```ts
 * const jwtVerifier: BearerVerifier = {
 *   async verify(token) {
 *     const { payload } = await jwtVerify(token, keys, { audience: 'cortex-os' }); // from `jose`
 *     return { id: String(payload.sub), expiresAt: payload.exp, scopes: String(payload.scope ?? '').split(' ') };
 *   },
 * };
 * ```
 * @public
 */
export interface BearerVerifier {
  /** The token (without `Bearer `) and the raw request it came with. */
  verify(token: string, request: IncomingMessage): BearerPrincipal | undefined | Promise<BearerPrincipal | undefined>;
}

/**
 * A static bearer token and the principal it authenticates.
 * @public
 */
export interface BearerToken {
  /** The secret the caller sends as `Authorization: Bearer <token>`: at least 16 characters, compared in constant time. */
  readonly token: string;
  /** Name of the caller; default `bearer`. */
  readonly principal?: string;
  /** What the token grants, as a verifier's `scopes` (e.g. `tasks:admin`); default none. */
  readonly scopes?: readonly string[] | undefined;
}

/**
 * Bearer authentication of an HTTP transport, the same for REST and MCP: static tokens, then
 * verifiers in order. Configuring either turns authentication on.
 * @public
 */
export interface BearerAuthOptions {
  /** Static tokens (a string is a token for principal `bearer`). */
  readonly tokens?: readonly (string | BearerToken)[];
  /** Asked in order for a token that matches no static one; the first principal wins. */
  readonly verifiers?: readonly BearerVerifier[];
}
