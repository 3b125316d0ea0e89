import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpBodyParseFailure } from './HttpBodyParseFailure.js';
import type { HttpAuthPolicy } from './HttpRouteDefinition.js';
import type { BearerPrincipal } from './security/BearerVerifier.js';

/**
 * What a raw handler learns from the checks the server ran before it.
 * @public
 */
export interface HttpRawMountContext {
  /** The request id (from a well-formed `x-request-id`, else generated), already set on the response. */
  readonly requestId: string;
  /** The verified bearer principal, when the request carried a valid token. */
  readonly principal: BearerPrincipal | undefined;
  /** The client's address as the server trusts it (the peer, or `X-Forwarded-For` behind a trusted proxy). */
  readonly clientAddress: string;
  /**
   * Aborts when the client goes away before the answer was sent in full (its reason a
   * `KernelError` with code `HTTP_CLIENT_CLOSED`): work done only for this request stops then.
   */
  readonly signal: AbortSignal;
}

/**
 * Hands the raw Node request and response to a handler (MCP Streamable HTTP uses this).
 * @public
 */
export interface HttpRawMount {
  /** The path to mount on (Fastify/find-my-way syntax). */
  readonly path: string;
  /** The methods handed to the handler. */
  readonly methods: readonly ('GET' | 'POST' | 'DELETE')[];
  /** Default `default`. */
  readonly auth?: HttpAuthPolicy;
  /**
   * Whether the server may shed this route's requests when overloaded (503 with `Retry-After`);
   * default true. Probes and `/metrics` set false: they must answer under load.
   */
  readonly loadShedding?: boolean;
  /** This mount's body limit in bytes (bigger bodies get 413); default the server's. */
  readonly bodyLimitBytes?: number;
  /** Short text for `/describe`. */
  readonly description?: string;
  /**
   * Answers a body that is not JSON (or nested too deep) itself, instead of the server's 400
   * problem+json — as a JSON route's `onParseError` does: returns a body (status 200) or an
   * `HttpRouteResult`. The MCP mount answers JSON-RPC `-32700` / `-32600` here.
   */
  onParseError?(failure: HttpBodyParseFailure): unknown;
  /**
   * Owns the response. `body` is the parsed JSON body for POST (or undefined). Auth, Origin/Host
   * checks and the request id run first; `context` says who was authenticated.
   */
  handler(req: IncomingMessage, res: ServerResponse, body: unknown, context: HttpRawMountContext): Promise<void> | void;
}
