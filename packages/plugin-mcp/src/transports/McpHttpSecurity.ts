import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { McpError } from '../errors/McpError.js';

/**
 * Who a verified bearer token belongs to.
 * @public
 */
export interface McpAuthInfo {
  /** The principal or client the token was issued to; becomes the tool caller's `id`. */
  readonly clientId: string;
  /** The scopes the token grants, passed on to the MCP SDK's request `authInfo`. */
  readonly scopes?: readonly string[];
  /** Seconds since the epoch. */
  readonly expiresAt?: number;
}

/**
 * Bearer-token authentication: one static token, or a verifier (returning undefined rejects).
 * @public
 */
export type McpHttpAuth =
  | { readonly token: string; readonly clientId?: string }
  | { readonly verify: (token: string, request: IncomingMessage) => McpAuthInfo | undefined | Promise<McpAuthInfo | undefined> };

/**
 * Security settings of the Streamable HTTP endpoint.
 * @public
 */
export interface McpHttpSecurityOptions {
  /** The address the HTTP server listens on; anything but loopback requires `auth`. Default `127.0.0.1`. */
  readonly listenHost?: string;
  /** Hostnames (no port) accepted in `Host`; default localhost, 127.0.0.1 and [::1]. */
  readonly allowedHosts?: readonly string[];
  /** Origin hostnames (no scheme or port) accepted in `Origin`; requests without `Origin` pass. Default: the allowed hosts. */
  readonly allowedOrigins?: readonly string[];
  /** Bearer authentication; required when `listenHost` is not loopback. */
  readonly auth?: McpHttpAuth;
  /** Largest request body in bytes; default 4 MiB. */
  readonly maxBodyBytes?: number;
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]', '::1'];

/** The outcome of the checks: the verified principal, or the response was already written. */
export type McpGuardResult = { readonly ok: true; readonly auth?: McpAuthInfo } | { readonly ok: false };

/** Checks Host, Origin and the bearer token of every request; writes 403/401 itself. */
export function createMcpRequestGuard(
  options: McpHttpSecurityOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<McpGuardResult> {
  const listenHost = options.listenHost ?? '127.0.0.1';
  const loopback = LOOPBACK.includes(listenHost.toLowerCase());
  if (!loopback && options.auth === undefined) {
    throw new McpError(
      'MCP_HTTP_OPTIONS_INVALID',
      `The MCP endpoint listens on ${listenHost}, beyond loopback, without authentication: give a bearer \`auth\` option (a static token or a verifier).`,
      {
        details: { listenHost },
      },
    );
  }
  if (options.auth !== undefined && 'token' in options.auth && options.auth.token.length < 16) {
    throw new McpError('MCP_HTTP_OPTIONS_INVALID', 'The static bearer token must be at least 16 characters long.', { details: {} });
  }
  const allowedHosts = new Set((options.allowedHosts ?? LOOPBACK).map((h) => h.toLowerCase()));
  const allowedOrigins = new Set((options.allowedOrigins ?? [...allowedHosts]).map((h) => h.toLowerCase()));
  const auth = options.auth;
  const staticDigest = auth !== undefined && 'token' in auth ? digest(auth.token) : undefined;

  return async (req, res) => {
    const host = hostnameOf(req.headers.host);
    if (host === undefined || !allowedHosts.has(host)) {
      reject(res, 403, -32000, `Forbidden: Host "${req.headers.host ?? ''}" is not allowed.`);
      return { ok: false };
    }
    const origin = req.headers.origin;
    if (origin !== undefined) {
      let originHost: string | undefined;
      try {
        originHost = origin === 'null' ? undefined : normaliseHost(new URL(origin).hostname);
      } catch {
        originHost = undefined;
      }
      if (originHost === undefined || !allowedOrigins.has(originHost)) {
        reject(res, 403, -32000, `Forbidden: Origin "${origin}" is not allowed.`);
        return { ok: false };
      }
    }
    if (auth === undefined) return { ok: true };
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') === true ? header.slice(7).trim() : undefined;
    let info: McpAuthInfo | undefined;
    if (token !== undefined && token !== '') {
      if (staticDigest !== undefined) {
        if (timingSafeEqual(digest(token), staticDigest))
          info = { clientId: 'token' in auth && auth.clientId !== undefined ? auth.clientId : 'bearer' };
      } else if ('verify' in auth) {
        try {
          info = await auth.verify(token, req);
        } catch {
          info = undefined;
        }
        if (info?.expiresAt !== undefined && info.expiresAt * 1000 < Date.now()) info = undefined;
      }
    }
    if (info === undefined) {
      res.setHeader('WWW-Authenticate', token === undefined ? 'Bearer' : 'Bearer error="invalid_token"');
      reject(
        res,
        401,
        -32001,
        token === undefined ? 'Unauthorized: a bearer token is required.' : 'Unauthorized: the bearer token is invalid.',
      );
      return { ok: false };
    }
    return { ok: true, auth: info };
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

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function hostnameOf(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  try {
    return normaliseHost(new URL(`http://${header}`).hostname);
  } catch {
    return undefined;
  }
}

function normaliseHost(host: string): string {
  return host.toLowerCase();
}
