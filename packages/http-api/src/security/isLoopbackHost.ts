import { BlockList, isIP } from 'node:net';

// 127.0.0.0/8 and ::1; BlockList also matches IPv4-mapped IPv6 (::ffff:127.0.0.1) against the IPv4 rule.
const loopbackAddresses = new BlockList();
loopbackAddresses.addSubnet('127.0.0.0', 8, 'ipv4');
loopbackAddresses.addAddress('::1', 'ipv6');

/**
 * True when a host name or address is this machine: `localhost` and `*.localhost` (RFC 6761),
 * 127.0.0.0/8, `::1` and IPv4-mapped loopback (`::ffff:127.0.0.1`); IPv6 with or without
 * brackets, any case, with or without a trailing dot. `0.0.0.0` and `::` (every interface) are
 * not loopback.
 *
 * @remarks
 * The one loopback test of the runtime: the HTTP server (is auth required to listen here? may
 * loopback origins call?), the MCP endpoint and the model providers' locality all use it.
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('[::1]');     // true
 * isLoopbackHost('0.0.0.0');   // false
 * ```
 * @public
 */
export function isLoopbackHost(host: string): boolean {
  let name = host.toLowerCase();
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name.startsWith('[') && name.endsWith(']')) name = name.slice(1, -1);
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const version = isIP(name);
  if (version === 0) return false;
  return loopbackAddresses.check(name, version === 4 ? 'ipv4' : 'ipv6');
}

/**
 * True when a URL's host is this machine ({@link isLoopbackHost}); false for a string that is not a URL.
 * Model providers use it for their default `locality`: a local model never sends data off the host.
 * @example
 * ```ts
 * const locality = isLoopbackUrl(baseUrl) ? 'local' : 'remote';
 * ```
 * @public
 */
export function isLoopbackUrl(url: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return false;
  }
  return hostname !== '' && isLoopbackHost(hostname);
}
