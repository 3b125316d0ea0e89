import { isLoopbackHost, isLoopbackUrl } from '@cortex-os/http-api/security';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('isLoopbackHost', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    'localhost.',
    'app.localhost',
    '127.0.0.1',
    '127.255.3.9',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '[0:0:0:0:0:0:0:1]',
    '::ffff:127.0.0.1',
    '[::ffff:7f00:1]',
  ])('is true for %s', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    '0.0.0.0',
    '::',
    '[::]',
    '10.0.0.1',
    '128.0.0.1',
    '::2',
    '::ffff:10.0.0.1',
    'localhost.example',
    'notlocalhost',
    '127.0.0.1.example',
    '127.1',
    '',
    '[::1',
  ])('is false for %s', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('is true for every address in 127.0.0.0/8, with or without the IPv4-mapped prefix', () => {
    fc.assert(
      fc.property(fc.nat(255), fc.nat(255), fc.nat(255), (b, c, d) => {
        const address = `127.${b}.${c}.${d}`;
        return isLoopbackHost(address) && isLoopbackHost(`::ffff:${address}`) && isLoopbackHost(`[::ffff:${address}]`);
      }),
    );
  });

  it('is false for every IPv4 address outside 127.0.0.0/8', () => {
    fc.assert(
      fc.property(
        fc.ipV4().filter((a) => !a.startsWith('127.')),
        (address) => !isLoopbackHost(address) && !isLoopbackHost(`::ffff:${address}`),
      ),
    );
  });

  it('ignores case', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('localhost', 'a.localhost', '::ffff:7f00:1', 'example.com'),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        (host, upper) => {
          const mixed = [...host].map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch)).join('');
          return isLoopbackHost(mixed) === isLoopbackHost(host);
        },
      ),
    );
  });
});

describe('isLoopbackUrl', () => {
  it('reads the host of a URL', () => {
    expect(isLoopbackUrl('http://127.0.0.1:11434')).toBe(true);
    expect(isLoopbackUrl('http://localhost:8080/v1')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:8080/v1')).toBe(true);
    // The URL parser canonicalises 127.1 to 127.0.0.1.
    expect(isLoopbackUrl('http://127.1/v1')).toBe(true);
    expect(isLoopbackUrl('https://api.openai.com/v1')).toBe(false);
    expect(isLoopbackUrl('not a url')).toBe(false);
    expect(isLoopbackUrl('file:///tmp/x')).toBe(false);
  });
});
