import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { EdgeSecurityError } from './EdgeSecurityError.js';

/**
 * Decides which address a request came from: what per-client limits count and who counts as a
 * loopback caller.
 * @public
 */
export interface ClientAddressResolver {
  /** The client's address (IPv4-mapped addresses unmapped; '' once the socket is gone). */
  resolve(req: IncomingMessage): string;
}

/**
 * Creates the resolver for a list of trusted reverse proxies (addresses or subnets,
 * `10.0.0.0/8`). Without trusted proxies the client is the connection's peer. When the peer is a
 * trusted proxy, `X-Forwarded-For` is read from the right: the first address that is not itself
 * a trusted proxy is the client — entries further left were written by the client and can be
 * forged. The runtime HTTP server (`trustedProxies`) and the standalone MCP endpoint use it.
 * @throws {@link EdgeSecurityError} `EDGE_TRUSTED_PROXY_INVALID` naming every entry that is not an address or a subnet.
 * @public
 */
export function createClientAddressResolver(trustedProxies: readonly string[]): ClientAddressResolver {
  if (trustedProxies.length === 0) return { resolve: (req) => unmapped(req.socket?.remoteAddress ?? '') };
  const list = new BlockList();
  const problems: string[] = [];
  for (const entry of trustedProxies) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) problems.push(entry);
    else if (prefix === undefined) list.addAddress(address, family === 6 ? 'ipv6' : 'ipv4');
    else list.addSubnet(address, Number(prefix), family === 6 ? 'ipv6' : 'ipv4');
  }
  if (problems.length > 0) {
    throw new EdgeSecurityError(
      'EDGE_TRUSTED_PROXY_INVALID',
      `Invalid trusted proxies (IP addresses or subnets such as 10.0.0.0/8): ${problems.join(', ')}.`,
      { details: { problems } },
    );
  }
  return { resolve: (req) => resolveBehind(list, req) };
}

function resolveBehind(trusted: BlockList, req: IncomingMessage): string {
  const peer = unmapped(req.socket?.remoteAddress ?? '');
  if (!isTrusted(trusted, peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((hop) => unmapped(hop.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (isIP(hop) === 0) return peer;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return peer;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
