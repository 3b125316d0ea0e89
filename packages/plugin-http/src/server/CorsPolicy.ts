import type { ServerResponse } from 'node:http';
import { parseOrigin } from '@cortex-os/http-api/security';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors/HttpError.js';

/**
 * Cross-origin resource sharing, off by default: which browser origins may read the answers.
 * @public
 */
export interface HttpCorsOptions {
  /** Origins exactly as browsers send them (`https://app.example`), the same form as `allowedOrigins`. */
  readonly origins: readonly string[];
  /** Methods a preflight allows; default `GET, POST, PUT, PATCH, DELETE`. */
  readonly methods?: readonly string[];
  /** Request headers a preflight allows; default `authorization, content-type, x-request-id` and MCP's session headers. */
  readonly headers?: readonly string[];
  /** Let the browser send credentials (cookies, HTTP auth); default false. */
  readonly credentials?: boolean;
  /** How long a browser may cache a preflight (seconds); default 600. */
  readonly maxAgeSeconds?: number;
}

const DEFAULT_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const DEFAULT_HEADERS = ['authorization', 'content-type', 'x-request-id', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id'];

/**
 * Answers CORS (internal): a preflight from an allowed origin gets 204 before authentication;
 * every other answer carries `Vary: Origin`, and `Access-Control-Allow-Origin` for an allowed
 * origin. The real request still passes authentication.
 */
export class CorsPolicy {
  readonly #origins: ReadonlySet<string>;
  readonly #preflight: Readonly<Record<string, string>>;
  readonly #credentials: boolean;

  /** @throws {@link HttpError} `HTTP_ROUTE_INVALID` naming every entry that is not an origin. */
  constructor(options: HttpCorsOptions) {
    const bad = options.origins.filter((o) => parseOrigin(o) === undefined || o === 'null');
    if (bad.length > 0) {
      throw new HttpError(
        'HTTP_ROUTE_INVALID',
        `cors.origins must be origins as browsers send them (https://app.example): ${bad.join(', ')}.`,
        {
          details: { bad },
        },
      );
    }
    this.#origins = new Set(options.origins.map((o) => parseOrigin(o) as string));
    this.#credentials = options.credentials ?? false;
    this.#preflight = {
      'access-control-allow-methods': (options.methods ?? DEFAULT_METHODS).join(', '),
      'access-control-allow-headers': (options.headers ?? DEFAULT_HEADERS).join(', '),
      'access-control-max-age': String(options.maxAgeSeconds ?? 600),
    };
  }

  /** The canonical allowed origins (the Host/Origin guard admits them too). */
  get origins(): readonly string[] {
    return [...this.#origins];
  }

  /** A global `onRequest` hook: answers an allowed preflight, or marks the response and lets the request go on. */
  readonly onRequest = (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const res = reply.raw;
    res.setHeader('vary', 'Origin');
    const origin = this.#allowed(request.headers.origin);
    if (origin === undefined) {
      done();
      return;
    }
    this.#allow(res, origin);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      // Answered here, before authentication: a browser sends no credentials with a preflight.
      void reply.code(204).headers(this.#preflight).send();
      return;
    }
    done();
  };

  #allowed(header: string | string[] | undefined): string | undefined {
    if (typeof header !== 'string') return undefined;
    const origin = parseOrigin(header);
    return origin !== undefined && this.#origins.has(origin) ? header : undefined;
  }

  #allow(res: ServerResponse, origin: string): void {
    res.setHeader('access-control-allow-origin', origin);
    if (this.#credentials) res.setHeader('access-control-allow-credentials', 'true');
  }
}
