import { expectCortexError } from '@cortex-os/kernel/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PushTargetGuard } from '../../src/push/PushTargetGuard.js';

const octet = fc.integer({ min: 0, max: 255 });

describe('PushTargetGuard', () => {
  it('calls every address of the private, loopback and link-local IPv4 ranges non-public (property)', () => {
    const privateAddress = fc.oneof(
      fc.tuple(octet, octet, octet).map(([b, c, d]) => `10.${b}.${c}.${d}`),
      fc.tuple(octet, octet, octet).map(([b, c, d]) => `127.${b}.${c}.${d}`),
      fc.tuple(fc.integer({ min: 16, max: 31 }), octet, octet).map(([b, c, d]) => `172.${b}.${c}.${d}`),
      fc.tuple(octet, octet).map(([c, d]) => `192.168.${c}.${d}`),
      fc.tuple(octet, octet).map(([c, d]) => `169.254.${c}.${d}`),
      fc.tuple(octet, octet).map(([c, d]) => `::ffff:192.168.${c}.${d}`),
    );
    fc.assert(
      fc.property(privateAddress, (address) => PushTargetGuard.isNonPublic(address)),
      { seed: 2131, numRuns: 500 },
    );
  });

  it('calls public addresses public, IPv4 and IPv6', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '2001:4860:4860::8888']) {
      expect(PushTargetGuard.isNonPublic(address), address).toBe(false);
    }
    for (const address of ['::1', 'fe80::1', 'fd00::5', '0.0.0.0', 'not-an-ip']) {
      expect(PushTargetGuard.isNonPublic(address), address).toBe(true);
    }
  });

  it('checks a URL before it is stored: scheme, credentials, literal non-public hosts, localhost names', async () => {
    const guard = new PushTargetGuard();
    expect(guard.check('https://hooks.example.org/a2a').host).toBe('hooks.example.org');
    for (const [url, reason] of [
      ['ftp://example.org/x', 'is not http(s)'],
      ['http://user:pw@example.org/x', 'credentials'],
      ['http://127.0.0.1:8080/x', 'loopback'],
      ['http://[fe80::1]/x', 'link-local'],
      ['http://api.localhost/x', 'names this machine'],
      ['not a url', 'not an absolute URL'],
    ] as const) {
      const error = await expectCortexError(() => guard.check(url), 'A2A_PUSH_TARGET_REFUSED');
      expect(error.message, url).toContain(reason);
      expect(error.kind).toBe('forbidden');
    }
  });

  it('allows listed hosts, by name or address', () => {
    const guard = new PushTargetGuard({ allowedHosts: ['127.0.0.1', '[::1]'] });
    expect(guard.check('http://127.0.0.1:9/x').hostname).toBe('127.0.0.1');
    expect(guard.check('http://[::1]:9/x').port).toBe('9');
  });

  it('refuses at connection time a name that resolves to a non-public address', async () => {
    const guard = new PushTargetGuard();
    const url = new URL('http://localhost:9/x');
    const error = await new Promise<unknown>((resolve) => guard.lookup(url)('localhost', {}, (err) => resolve(err)));
    await expectCortexError(Promise.reject(error), 'A2A_PUSH_TARGET_REFUSED');
    const allowed = new PushTargetGuard({ allowedHosts: ['localhost'] });
    const address = await new Promise<unknown>((resolve) => allowed.lookup(url)('localhost', { family: 4 }, (_err, a) => resolve(a)));
    expect(address).toBe('127.0.0.1');
    const all = await new Promise<unknown>((resolve) =>
      allowed.lookup(url)('localhost', { family: 4, all: true }, (_err, a) => resolve(a)),
    );
    expect(all).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });
});
