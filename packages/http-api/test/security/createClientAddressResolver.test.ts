import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createClientAddressResolver, EdgeSecurityError } from '@cortex-os/http-api/security';

function req(peer: string | undefined, forwarded?: string | string[]): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  } as unknown as IncomingMessage;
}

describe('createClientAddressResolver', () => {
  it('is the peer without trusted proxies, whatever X-Forwarded-For says', () => {
    expect(createClientAddressResolver([]).resolve(req('::ffff:127.0.0.1', '203.0.113.9'))).toBe('127.0.0.1');
  });

  it('reads X-Forwarded-For from the right, past every trusted hop, subnets and IPv6 included', () => {
    const resolver = createClientAddressResolver(['10.0.0.0/8', '::1']);
    expect(resolver.resolve(req('::1', '198.51.100.1, 203.0.113.9, 10.1.2.3'))).toBe('203.0.113.9');
    expect(resolver.resolve(req('10.0.0.5', ['198.51.100.1', '203.0.113.9']))).toBe('203.0.113.9');
    // Only trusted hops, or a hop that is not an address: the peer.
    expect(resolver.resolve(req('10.0.0.5', '10.0.0.6'))).toBe('10.0.0.5');
    expect(resolver.resolve(req('10.0.0.5', 'unknown'))).toBe('10.0.0.5');
    // An untrusted peer's header is not believed.
    expect(resolver.resolve(req('203.0.113.9', '127.0.0.1'))).toBe('203.0.113.9');
    expect(resolver.resolve(req(undefined))).toBe('');
  });

  it('refuses entries that are not addresses or subnets, naming each', () => {
    const thrown = (() => {
      try {
        createClientAddressResolver(['10.0.0.0/8', 'proxy.local', '10.0.0.1/x']);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(EdgeSecurityError);
    expect(thrown).toMatchObject({
      code: 'EDGE_TRUSTED_PROXY_INVALID',
      message: 'Invalid trusted proxies (IP addresses or subnets such as 10.0.0.0/8): proxy.local, 10.0.0.1/x.',
      details: { problems: ['proxy.local', '10.0.0.1/x'] },
    });
  });
});
