import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { HttpError } from '../errors/HttpError.js';

/**
 * Decides which address a request came from (internal). Without trusted proxies it is the
 * connection's peer. When the peer is a trusted proxy, `X-Forwarded-For` is read from the right:
 * the first address that is not itself a trusted proxy is the client — entries further left were
 * written by the client and can be forged.
 */
export class ClientAddressResolver {
  readonly #trusted: BlockList | undefined;

  /** @throws {@link HttpError} `HTTP_ROUTE_INVALID` naming every entry that is not an address or a subnet. */
  constructor(trustedProxies: readonly string[]) {
    if (trustedProxies.length === 0) return;
    const list = new BlockList();
    const bad: string[] = [];
    for (const entry of trustedProxies) {
      const [address = '', prefix] = entry.split('/');
      const family = isIP(address);
      if (family === 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) bad.push(entry);
      else if (prefix === undefined) list.addAddress(address, family === 6 ? 'ipv6' : 'ipv4');
      else list.addSubnet(address, Number(prefix), family === 6 ? 'ipv6' : 'ipv4');
    }
    if (bad.length > 0) {
      throw new HttpError('HTTP_ROUTE_INVALID', `trustedProxies entries must be IP addresses or subnets (10.0.0.0/8): ${bad.join(', ')}.`, {
        details: { bad },
      });
    }
    this.#trusted = list;
  }

  /** The client's address ('' once the socket is gone). */
  resolve(req: IncomingMessage): string {
    const peer = unmapped(req.socket?.remoteAddress ?? '');
    const trusted = this.#trusted;
    if (trusted === undefined || !isTrusted(trusted, peer)) return peer;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((hop) => unmapped(hop.trim()));
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i] as string;
      if (isIP(hop) === 0) return peer;
      if (!isTrusted(trusted, hop)) return hop;
    }
    return peer;
  }
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
