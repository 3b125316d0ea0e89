import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { A2aError } from '../errors/A2aError.js';

/**
 * Options of {@link PushTargetGuard}.
 * @public
 */
export interface PushTargetGuardOptions {
  /**
   * Hosts (names or IP addresses, as written in URLs) allowed even though they are loopback,
   * private or link-local, e.g. `['127.0.0.1']` for a receiver on the same machine in tests.
   */
  readonly allowedHosts?: readonly string[] | undefined;
}

/** Ranges no push notification may reach unless allowed: this host, private networks, link-local, and the unroutable. */
function nonPublicRanges(): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const) {
    list.addSubnet(net, prefix, 'ipv4');
  }
  for (const [net, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
    ['64:ff9b::', 96],
  ] as const) {
    list.addSubnet(net, prefix, 'ipv6');
  }
  return list;
}

const ranges = nonPublicRanges();

/** An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is the IPv4 address it maps. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match?.[1] ?? address;
}

/** The host of a URL without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * The SSRF guard of push notifications: a receiver URL must be http(s) and its host must be
 * public — neither a loopback, private, link-local, multicast nor unroutable address — unless
 * the host is listed in `allowedHosts`.
 *
 * @remarks
 * Checked twice: when a config is stored ({@link PushTargetGuard.check}: the scheme, and the host
 * when it is an IP address or `localhost`), and at every connection ({@link PushTargetGuard.lookup},
 * a `dns.lookup` replacement for `http.request`), so a name that resolves — or re-resolves — to a
 * non-public address is refused at the moment the socket would connect.
 * @public
 */
export class PushTargetGuard {
  readonly #allowed: ReadonlySet<string>;

  /** Creates a guard allowing the given non-public hosts. */
  constructor(options: PushTargetGuardOptions = {}) {
    this.#allowed = new Set((options.allowedHosts ?? []).map((host) => host.toLowerCase().replace(/^\[(.*)\]$/, '$1')));
  }

  /** True when `address` (an IP address) is loopback, private, link-local or unroutable. */
  static isNonPublic(address: string): boolean {
    const ip = unmapped(address);
    const family = isIP(ip);
    if (family === 0) return true;
    return ranges.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  }

  /**
   * Checks a receiver URL before it is stored.
   * @throws {@link A2aError} `A2A_PUSH_TARGET_REFUSED` for a URL that is not http(s) or names a non-public host.
   */
  check(target: string): URL {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw this.#refused('a URL', 'it is not an absolute URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw this.#refused(`${url.protocol}//${url.host}`, `the scheme ${url.protocol} is not http(s)`);
    if (url.username !== '' || url.password !== '') throw this.#refused(url.host, 'credentials in the URL are not accepted');
    const host = bareHost(url).toLowerCase();
    if (this.#allowed.has(host)) return url;
    if (host === 'localhost' || host.endsWith('.localhost')) throw this.#refused(url.host, 'it names this machine');
    if (isIP(host) !== 0 && PushTargetGuard.isNonPublic(host))
      throw this.#refused(url.host, 'it is a loopback, private or link-local address');
    return url;
  }

  /**
   * A `lookup` for `http.request` to `url`'s host: resolves the name and fails the connection
   * with `A2A_PUSH_TARGET_REFUSED` when any address is non-public and the host is not allowed.
   */
  lookup(url: URL): LookupFunction {
    const allowedHost = this.#allowed.has(bareHost(url).toLowerCase());
    return (hostname, options, callback) => {
      dnsLookup(hostname, { family: options.family ?? 0, hints: options.hints ?? 0, all: true }, (error, addresses) => {
        if (error !== null) return callback(error, []);
        const refused = addresses.find((a) => !allowedHost && !this.#allowed.has(a.address) && PushTargetGuard.isNonPublic(a.address));
        if (refused !== undefined) {
          return callback(this.#refused(url.host, 'it resolves to a loopback, private or link-local address') as NodeJS.ErrnoException, []);
        }
        const [first] = addresses;
        if (options.all === true) return callback(null, addresses);
        return first === undefined
          ? callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), [])
          : callback(null, first.address, first.family);
      });
    };
  }

  #refused(target: string, reason: string): A2aError {
    return A2aError.create('A2A_PUSH_TARGET_REFUSED', { target, reason });
  }
}
