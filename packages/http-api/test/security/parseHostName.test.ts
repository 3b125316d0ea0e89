import { parseHostName } from '@cortex-os/http-api/security';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('parseHostName', () => {
  it('drops the port and canonicalises the name', () => {
    expect(parseHostName('LocalHost:8080')).toBe('localhost');
    expect(parseHostName('localhost.')).toBe('localhost');
    expect(parseHostName('[::1]:3000')).toBe('[::1]');
    expect(parseHostName('::1')).toBe('[::1]');
    expect(parseHostName('[0:0:0:0:0:0:0:1]')).toBe('[::1]');
    expect(parseHostName('127.1')).toBe('127.0.0.1');
    expect(parseHostName('café.example')).toBe('xn--caf-dma.example');
  });

  it.each(['', 'a b', 'http://a.example', 'a.example/x', 'user@a.example', 'a.example:99999', 'a.example?x', '[::1'])(
    'refuses %j',
    (text) => {
      expect(parseHostName(text)).toBeUndefined();
    },
  );

  it('gives the same name with or without a port, in any case', () => {
    fc.assert(
      fc.property(fc.oneof(fc.domain(), fc.ipV4()), fc.integer({ min: 1, max: 65_535 }), (host, port) => {
        const name = parseHostName(host);
        return name === host.toLowerCase() && parseHostName(`${host.toUpperCase()}:${port}`) === name && parseHostName(name) === name;
      }),
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const name = parseHostName(text);
        return name === undefined || (name !== '' && !name.includes(':')) || name.startsWith('[');
      }),
    );
  });
});
