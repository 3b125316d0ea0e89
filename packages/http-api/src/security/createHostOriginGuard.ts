import { EdgeSecurityError } from './EdgeSecurityError.js';
import { isLoopbackHost } from './isLoopbackHost.js';
import { namesPort, parseHostName } from './parseHostName.js';
import { parseOrigin } from './parseOrigin.js';

/**
 * Options of {@link createHostOriginGuard}. The same options, with the same meaning, configure
 * `@cortex-os/plugin-http` and `@cortex-os/plugin-mcp`'s standalone endpoint.
 * @public
 */
export interface CreateHostOriginGuardOptions {
  /**
   * The address the server listens on. Bound to loopback, the server accepts loopback `Host`
   * names and loopback origins (any scheme and port) besides the ones listed.
   */
  readonly listenHost: string;
  /**
   * Host names (no scheme, no port: `api.example`, `[::1]`) accepted in the `Host` header.
   * The `Host` header is checked when the server is bound to loopback (DNS-rebinding
   * protection) or when this list is not empty; otherwise any `Host` passes.
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Origins exactly as browsers send them in `Origin` (`http://localhost:5173`,
   * `https://app.example`), compared in canonical form (case, default port). A request without
   * `Origin` (not from a browser) passes; `null` passes only when listed.
   */
  readonly allowedOrigins?: readonly string[];
}

/**
 * Why a request was refused: which header, its value, and a message safe to send to the caller.
 * @public
 */
export interface HostOriginRefusal {
  /** The header that failed. */
  readonly header: 'host' | 'origin';
  /** Its value as received (`''` when absent). */
  readonly value: string;
  /** `Host "evil.example" is not served here.` or `Origin "https://evil.example" is not allowed.` */
  readonly message: string;
}

/**
 * Checks the `Host` and `Origin` headers of each request against the allow-lists.
 * @public
 */
export interface HostOriginGuard {
  /** Undefined when the request may proceed; otherwise why it may not (answer 403). */
  check(headers: { readonly host?: string | undefined; readonly origin?: string | undefined }): HostOriginRefusal | undefined;
  /** True when the listen host is loopback. */
  readonly loopback: boolean;
}

/** Accepted `Host` header values remembered (raw, with port), so the usual one costs one Set lookup. */
const HOST_CACHE_LIMIT = 256;

/**
 * Creates the Host/Origin check shared by every HTTP transport of the runtime.
 * @throws {@link EdgeSecurityError} `EDGE_HOST_INVALID` or `EDGE_ORIGIN_INVALID` naming every bad entry.
 * @example
 * ```ts
 * const guard = createHostOriginGuard({ listenHost: '127.0.0.1', allowedOrigins: ['https://app.example'] });
 * guard.check({ host: 'localhost:8080', origin: 'https://evil.example' })?.message; // 'Origin "https://evil.example" is not allowed.'
 * ```
 * @public
 */
export function createHostOriginGuard(options: CreateHostOriginGuardOptions): HostOriginGuard {
  return new AllowListGuard(options);
}

class AllowListGuard implements HostOriginGuard {
  readonly loopback: boolean;
  readonly #hosts: ReadonlySet<string>;
  readonly #checkHost: boolean;
  readonly #origins: ReadonlySet<string>;
  readonly #acceptedHostHeaders = new Set<string>();

  constructor(options: CreateHostOriginGuardOptions) {
    if (parseHostName(options.listenHost) === undefined)
      throw new EdgeSecurityError('EDGE_HOST_INVALID', `The listen host "${options.listenHost}" is not a host name or address.`, {
        details: { listenHost: options.listenHost },
      });
    this.loopback = isLoopbackHost(options.listenHost);
    this.#hosts = new Set(canonicalHosts(options.allowedHosts ?? []));
    this.#checkHost = this.loopback || this.#hosts.size > 0;
    this.#origins = new Set(canonicalOrigins(options.allowedOrigins ?? []));
  }

  check(headers: { readonly host?: string | undefined; readonly origin?: string | undefined }): HostOriginRefusal | undefined {
    const host = headers.host;
    if (this.#checkHost && (host === undefined || !this.#acceptedHostHeaders.has(host))) {
      const name = host === undefined ? undefined : parseHostName(host);
      if (name === undefined || !(this.#hosts.has(name) || (this.loopback && isLoopbackHost(name))))
        return { header: 'host', value: host ?? '', message: `Host "${host ?? ''}" is not served here.` };
      // Only accepted values are remembered, and only so many, so foreign hosts cannot grow it.
      if (this.#acceptedHostHeaders.size < HOST_CACHE_LIMIT) this.#acceptedHostHeaders.add(host as string);
    }
    const origin = headers.origin;
    if (origin === undefined || this.#origins.has(origin) || this.#originAllowed(origin)) return undefined;
    return { header: 'origin', value: origin, message: `Origin "${origin}" is not allowed.` };
  }

  #originAllowed(origin: string): boolean {
    const canonical = parseOrigin(origin);
    if (canonical === undefined) return false;
    if (this.#origins.has(canonical)) return true;
    if (!this.loopback || canonical === 'null') return false;
    const hostname = new URL(canonical).hostname;
    return hostname !== '' && isLoopbackHost(hostname);
  }
}

function canonicalHosts(entries: readonly string[]): string[] {
  const bad = entries.filter((entry) => namesPort(entry) || parseHostName(entry) === undefined);
  if (bad.length > 0)
    throw new EdgeSecurityError(
      'EDGE_HOST_INVALID',
      `allowedHosts ${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is not a host name' : 'are not host names'}: write names without scheme or port, e.g. "api.example".`,
      { details: { entries: bad } },
    );
  return entries.map((entry) => parseHostName(entry) as string);
}

function canonicalOrigins(entries: readonly string[]): string[] {
  const bad = entries.filter((entry) => parseOrigin(entry) === undefined);
  if (bad.length > 0)
    throw new EdgeSecurityError(
      'EDGE_ORIGIN_INVALID',
      `allowedOrigins ${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is not an origin' : 'are not origins'}: write each as browsers send it, scheme://host[:port] without a path, e.g. "https://app.example".`,
      { details: { entries: bad } },
    );
  return entries.map((entry) => parseOrigin(entry) as string);
}
