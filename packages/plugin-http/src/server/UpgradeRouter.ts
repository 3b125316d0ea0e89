import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpUpgradeMount } from '@cortex-os/http-api';
import { bearerChallenge, type BearerAuthenticator, type BearerPrincipal, type HostOriginGuard } from '@cortex-os/http-api/security';
import type { Logger } from '@cortex-os/kernel';
import { HttpError } from '../errors/HttpError.js';
import type { HttpDrain } from './HttpDrain.js';
import { wantsToken } from './RequestAdmission.js';
import { isThenable } from './RequestState.js';
import { writeSocketProblem } from './writeSocketProblem.js';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
// Query parameters that would carry a credential: refused, since URLs end up in logs and histories.
const TOKEN_PARAMS = ['access_token', 'token', 'bearer', 'authorization'];
const BEARER_PROTOCOL = 'bearer.';

/** A mount with its pattern split into segments once. */
interface CompiledMount {
  readonly mount: HttpUpgradeMount;
  readonly segments: readonly string[];
}

/** The path parameters of `segments` for `path`, or undefined when it does not match. */
function match(segments: readonly string[], path: readonly string[]): Record<string, string> | undefined {
  if (segments.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const given = path[i] as string;
    if (segment.startsWith(':')) {
      if (given === '') return undefined;
      params[segment.slice(1)] = given;
    } else if (segment !== given) return undefined;
  }
  return params;
}

/** The offered subprotocols, and the token one of them carried. */
function protocolsOf(header: string | undefined): { readonly protocols: string[]; readonly token: string | undefined } {
  const offered = (header ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
  const carrier = offered.find((value) => value.startsWith(BEARER_PROTOCOL));
  return { protocols: offered.filter((value) => value !== carrier), token: carrier?.slice(BEARER_PROTOCOL.length) };
}

/**
 * Routes HTTP upgrades to their mounts (internal): path match, drain, Host/Origin, query-string
 * credentials, bearer authentication (header or subprotocol); refusals answered as problem+json.
 */
export class UpgradeRouter {
  readonly #mounts: CompiledMount[] = [];
  readonly #guard: HostOriginGuard;
  readonly #authenticator: BearerAuthenticator;
  readonly #drain: HttpDrain;
  readonly #clientAddress: (req: IncomingMessage) => string;
  readonly #logger: Logger | undefined;

  constructor(options: {
    readonly guard: HostOriginGuard;
    readonly authenticator: BearerAuthenticator;
    readonly drain: HttpDrain;
    readonly clientAddress: (req: IncomingMessage) => string;
    readonly logger: Logger | undefined;
  }) {
    this.#guard = options.guard;
    this.#authenticator = options.authenticator;
    this.#drain = options.drain;
    this.#clientAddress = options.clientAddress;
    this.#logger = options.logger;
  }

  add(mount: HttpUpgradeMount): void {
    this.#mounts.push({ mount, segments: mount.path.split('/') });
  }

  /** The server's `upgrade` listener. */
  readonly handle = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://upgrade.invalid');
    const path = url.pathname.split('/').map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
    const found = this.#find(path);
    const refusal =
      found === undefined ? new HttpError('HTTP_ROUTE_NOT_FOUND', `No route for GET ${url.pathname}.`) : this.#refusal(req, url);
    if (found === undefined || refusal !== undefined) {
      this.#refuse(socket, requestId, refusal);
      return;
    }
    const { protocols, token } = protocolsOf(req.headers['sec-websocket-protocol']);
    const authorization = req.headers.authorization ?? (token === undefined ? undefined : `Bearer ${token}`);
    const proceed = (principal: BearerPrincipal | undefined): void => {
      const context = { requestId, principal, clientAddress: this.#clientAddress(req), params: found.params, protocols };
      try {
        found.mount.handler(req, socket, head, context);
      } catch (error) {
        this.#logger?.error({ err: error, path: found.mount.path }, 'An upgrade handler threw.');
        this.#refuse(socket, requestId, error);
      }
    };
    if (!wantsToken(found.mount.auth ?? 'default', this.#authenticator.configured, authorization)) {
      proceed(undefined);
      return;
    }
    const principal = this.#authenticator.authenticate(authorization, req);
    const decide = (verified: BearerPrincipal | undefined): void => {
      if (verified !== undefined) proceed(verified);
      else
        this.#refuse(
          socket,
          requestId,
          new HttpError(
            'HTTP_UNAUTHORIZED',
            authorization === undefined ? 'This route requires `Authorization: Bearer <token>`.' : 'The bearer token is not valid.',
          ),
          { 'WWW-Authenticate': bearerChallenge(authorization) },
        );
    };
    if (isThenable(principal)) void principal.then(decide, () => decide(undefined));
    else decide(principal);
  };

  /** Why the edge refuses an upgrade before authentication: closing, Host/Origin, or a credential in the query string. */
  #refusal(req: IncomingMessage, url: URL): HttpError | undefined {
    if (this.#drain.refusing) return new HttpError('HTTP_SHUTTING_DOWN', 'The server is shutting down and takes no new requests.');
    const forbidden = this.#guard.check(req.headers);
    if (forbidden !== undefined) return new HttpError('HTTP_FORBIDDEN', forbidden.message);
    if (TOKEN_PARAMS.some((name) => url.searchParams.has(name)))
      return new HttpError(
        'HTTP_REQUEST_INVALID',
        'Credentials are not taken from the query string: send `Authorization: Bearer <token>` or a `Sec-WebSocket-Protocol` value `bearer.<token>`.',
      );
    return undefined;
  }

  #find(path: readonly string[]): { readonly mount: HttpUpgradeMount; readonly params: Record<string, string> } | undefined {
    for (const { mount, segments } of this.#mounts) {
      const params = match(segments, path);
      if (params !== undefined) return { mount, params };
    }
    return undefined;
  }

  #refuse(socket: Duplex, requestId: string, error: unknown, headers: Readonly<Record<string, string>> = {}): void {
    const code = writeSocketProblem(socket, error, requestId, { 'X-Request-Id': requestId, ...headers });
    this.#logger?.debug({ code, requestId }, 'upgrade refused');
  }
}
