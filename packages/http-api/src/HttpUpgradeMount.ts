import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpAuthPolicy } from './HttpRouteDefinition.js';
import type { BearerPrincipal } from './security/BearerVerifier.js';

/**
 * What an upgrade handler learns from the checks the server ran before it.
 * @public
 */
export interface HttpUpgradeContext {
  /** The request id (from a well-formed `x-request-id`, else generated). */
  readonly requestId: string;
  /** The verified bearer principal, when the request carried a valid token. */
  readonly principal: BearerPrincipal | undefined;
  /** The client's address as the server trusts it. */
  readonly clientAddress: string;
  /** The path parameters of the mount's pattern (`/a2a/events/:type` → `{ type }`), decoded. */
  readonly params: Readonly<Record<string, string>>;
  /**
   * The `Sec-WebSocket-Protocol` values the client offered, without the one that carried its
   * bearer token: the handler picks one of these to echo, never the token.
   */
  readonly protocols: readonly string[];
}

/**
 * Hands an HTTP upgrade (a WebSocket handshake) to a handler once the server's checks passed:
 * the Host/Origin allow-list, the drain (refused with 503 once the server is closing) and bearer
 * authentication. The token comes from the `Authorization` header or, for browsers, which
 * cannot set headers on a WebSocket, from a `Sec-WebSocket-Protocol` value `bearer.<token>`;
 * never from the query string (a request that puts one there is refused with 400, since URLs end
 * up in logs). Refusals are problem+json answers on the socket, which is then closed.
 * @public
 */
export interface HttpUpgradeMount {
  /** The path pattern: literal segments and `:name` segments, each matching one path segment. */
  readonly path: string;
  /** Default `default`, as for routes. */
  readonly auth?: HttpAuthPolicy;
  /** Short text for `/describe`. */
  readonly description?: string;
  /**
   * Owns the socket from here: completes the handshake (e.g. `ws`'s `handleUpgrade`) or answers
   * and destroys it. Register the connection with `trackStream` so shutdown ends it.
   */
  handler(req: IncomingMessage, socket: Duplex, head: Buffer, context: HttpUpgradeContext): void;
}
