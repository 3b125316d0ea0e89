import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code the edge-security module (`@cortex-os/http-api/security`) throws, what it
 * means and how to solve it. All of them are configuration mistakes, raised when a server or
 * endpoint is created, never while it answers requests (refusals are each transport's own
 * 401/403 answers).
 *
 * Codes are `EDGE_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by the repository test `test/repo/errorCatalogues.test.ts`.
 * Retired codes: none yet.
 * @public
 */
export const edgeSecurityErrorCatalogue = defineErrorCatalogue('EDGE', {
  EDGE_ORIGIN_INVALID: {
    kind: 'internal',
    message: 'Invalid allowed origins: {problems}.',
    description: 'An `allowedOrigins` entry is not an origin as browsers send it (`scheme://host[:port]`, no path).',
    solution: 'Write each origin as the browser sends it in `Origin`, e.g. `http://localhost:5173` or `https://app.example`.',
  },
  EDGE_HOST_INVALID: {
    kind: 'internal',
    message: 'Invalid allowed hosts: {problems}.',
    description: 'An `allowedHosts` entry or the listen host is not a host name, or an allowed host names a port.',
    solution: 'Write host names without scheme or port, e.g. `api.example` or `[::1]`.',
  },
  EDGE_TOKEN_INVALID: {
    kind: 'internal',
    message: 'Invalid bearer tokens: {problems}.',
    description: 'A static bearer token is shorter than 16 characters or contains white space, or a principal is empty.',
    solution: 'Use long random tokens (at least 16 characters, e.g. `openssl rand -hex 32`) and non-empty principal names.',
  },
  EDGE_VERIFIER_INVALID: {
    kind: 'internal',
    message: 'Invalid bearer verifiers: {problems}.',
    description: 'A bearer verifier has no `verify(token, request)` function.',
    solution: 'Pass objects that implement `BearerVerifier`: a `verify(token, request)` that returns a principal, or undefined to refuse.',
  },
  EDGE_TRUSTED_PROXY_INVALID: {
    kind: 'internal',
    message: 'Invalid trusted proxies: {problems}.',
    description: 'A `trustedProxies` entry is not an IP address or a subnet.',
    solution: 'List the reverse proxies by address or subnet, e.g. `10.0.0.7` or `10.0.0.0/8`; host names are not resolved.',
  },
});

/**
 * A code from {@link edgeSecurityErrorCatalogue}.
 * @public
 */
export type EdgeSecurityErrorCode = keyof typeof edgeSecurityErrorCatalogue;
