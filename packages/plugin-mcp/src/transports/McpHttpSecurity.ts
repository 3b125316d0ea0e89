import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  bearerChallenge,
  createBearerAuthenticator,
  createHostOriginGuard,
  type BearerAuthOptions,
  type BearerPrincipal,
} from '@cortex-os/http-api/security';
import { McpError } from '../errors/McpError.js';

/**
 * Security settings of the standalone Streamable HTTP endpoint: the options of
 * `@cortex-os/http-api/security`, with the same meaning as on `@cortex-os/plugin-http`.
 * @public
 */
export interface McpHttpSecurityOptions {
  /** The address the HTTP server listens on; anything but loopback requires `auth`. Default `127.0.0.1`. */
  readonly listenHost?: string;
  /**
   * Host names (no port) accepted in `Host` besides loopback names when bound to loopback;
   * bound beyond loopback, `Host` is checked only when this list is not empty.
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Origins exactly as browsers send them (`http://localhost:5173`), accepted besides loopback
   * origins when bound to loopback; requests without `Origin` pass.
   */
  readonly allowedOrigins?: readonly string[];
  /** Bearer tokens and verifiers; required when `listenHost` is not loopback. */
  readonly auth?: BearerAuthOptions;
  /** Largest request body in bytes; default 4 MiB. */
  readonly maxBodyBytes?: number;
  /** JSON bodies nested deeper are refused (400, JSON-RPC -32600) before parsing; default 128. */
  readonly maxJsonDepth?: number;
  /**
   * Addresses or subnets (`10.0.0.0/8`) of reverse proxies whose `X-Forwarded-For` is believed:
   * the per-client limits then count the nearest untrusted hop, not the proxy. Default none (the
   * connection's peer). Mounted on the runtime HTTP service, the service's `trustedProxies` apply.
   */
  readonly trustedProxies?: readonly string[];
}

/** The default of {@link McpHttpSecurityOptions.maxBodyBytes}, for the standalone endpoint and the mount on the HTTP service alike. */
export const MCP_DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The outcome of the checks: the verified principal, or the response was already written. */
export type McpGuardResult = { readonly ok: true; readonly auth?: BearerPrincipal } | { readonly ok: false; readonly reason: string };

/** Checks Host, Origin and the bearer token of every request; writes 403/401 itself. */
export function createMcpRequestGuard(
  options: McpHttpSecurityOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<McpGuardResult> {
  const listenHost = options.listenHost ?? '127.0.0.1';
  const guard = createHostOriginGuard({
    listenHost,
    ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
    ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
  });
  const authenticator = createBearerAuthenticator(options.auth ?? {});
  if (!guard.loopback && !authenticator.configured) {
    throw new McpError(
      'MCP_HTTP_OPTIONS_INVALID',
      `The MCP endpoint listens on ${listenHost}, beyond loopback, without authentication: give an \`auth\` option (bearer tokens or a verifier).`,
      { details: { listenHost } },
    );
  }

  return async (req, res) => {
    const refused = guard.check(req.headers);
    if (refused !== undefined) {
      const reason = `Forbidden: ${refused.message}`;
      reject(res, 403, -32000, reason);
      return { ok: false, reason };
    }
    if (!authenticator.configured) return { ok: true };
    const header = req.headers.authorization;
    const principal = await authenticator.authenticate(header, req);
    if (principal === undefined) {
      res.setHeader('WWW-Authenticate', bearerChallenge(header));
      const reason = header === undefined ? 'Unauthorized: a bearer token is required.' : 'Unauthorized: the bearer token is invalid.';
      reject(res, 401, -32001, reason);
      return { ok: false, reason };
    }
    return { ok: true, auth: principal };
  };
}

/** Writes a JSON-RPC error body with an HTTP status. */
export function reject(res: ServerResponse, status: number, code: number, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
