import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CortexError } from '@cortex-os/kernel';
import { createHostOriginGuard, type CreateHostOriginGuardOptions } from '@cortex-os/http-api/security';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** A real server on 127.0.0.1 that answers 403 with the guard's message, or 200. */
async function guardedServer(options: CreateHostOriginGuardOptions): Promise<Server & AsyncDisposable & { port: number }> {
  const guard = createHostOriginGuard(options);
  const server = createServer((req, res) => {
    const refused = guard.check(req.headers);
    res.writeHead(refused === undefined ? 200 : 403, { 'content-type': 'text/plain' });
    res.end(refused?.message ?? 'ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(server, { port: (server.address() as AddressInfo).port });
}

function get(port: number, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createHostOriginGuard over real HTTP on 127.0.0.1', () => {
  it('bound to loopback: serves loopback Host names and origins, refuses foreign ones with their value', async () => {
    await using server = await guardedServer({ listenHost: '127.0.0.1', allowedOrigins: ['https://app.example'] });
    const { port } = server;
    expect(await get(port, {})).toEqual({ status: 200, body: 'ok' });
    expect((await get(port, { host: `localhost:${port}` })).status).toBe(200);
    expect((await get(port, { host: `[::1]:${port}` })).status).toBe(200);
    expect((await get(port, { origin: 'http://localhost:5173' })).status).toBe(200);
    expect((await get(port, { origin: 'http://127.0.0.1:3000' })).status).toBe(200);
    expect((await get(port, { origin: 'https://app.example' })).status).toBe(200);
    expect((await get(port, { origin: 'HTTPS://APP.EXAMPLE:443' })).status).toBe(200);
    expect(await get(port, { host: `evil.example:${port}` })).toEqual({
      status: 403,
      body: `Host "evil.example:${port}" is not served here.`,
    });
    expect(await get(port, { origin: 'https://evil.example' })).toEqual({
      status: 403,
      body: 'Origin "https://evil.example" is not allowed.',
    });
    expect(await get(port, { origin: 'null' })).toEqual({ status: 403, body: 'Origin "null" is not allowed.' });
    expect((await get(port, { origin: 'https://app.example.evil.example' })).status).toBe(403);
  });

  it('bound beyond loopback: any Host unless hosts are listed, and only the listed origins', async () => {
    await using open = await guardedServer({ listenHost: '0.0.0.0', allowedOrigins: ['https://app.example', 'null'] });
    expect((await get(open.port, { host: 'anything.example' })).status).toBe(200);
    expect((await get(open.port, { origin: 'http://localhost:5173' })).status).toBe(403);
    expect((await get(open.port, { origin: 'https://app.example' })).status).toBe(200);
    expect((await get(open.port, { origin: 'null' })).status).toBe(200);

    await using listed = await guardedServer({ listenHost: '0.0.0.0', allowedHosts: ['API.example'] });
    expect((await get(listed.port, { host: 'api.example:8443' })).status).toBe(200);
    expect((await get(listed.port, { host: 'localhost' })).status).toBe(403);
  });
});

describe('createHostOriginGuard allow-lists', () => {
  it('keeps refusing foreign Host names once an allowed one was remembered', () => {
    const guard = createHostOriginGuard({ listenHost: 'localhost' });
    for (let i = 0; i < 3; i++) {
      expect(guard.check({ host: 'localhost:1' })).toBeUndefined();
      expect(guard.check({ host: 'evil.example:1' })?.header).toBe('host');
      expect(guard.check({})).toEqual({ header: 'host', value: '', message: 'Host "" is not served here.' });
    }
  });

  it('names every bad entry at once', () => {
    const thrown = (() => {
      try {
        createHostOriginGuard({ listenHost: '127.0.0.1', allowedOrigins: ['app.example', 'https://ok.example', 'https://app.example/'] });
      } catch (error) {
        return error;
      }
    })();
    expect(CortexError.is(thrown, 'EDGE_ORIGIN_INVALID')).toBe(true);
    expect((thrown as Error).message).toBe(
      'allowedOrigins "app.example", "https://app.example/" are not origins: write each as browsers send it, scheme://host[:port] without a path, e.g. "https://app.example".',
    );
    expect(() => createHostOriginGuard({ listenHost: '127.0.0.1', allowedHosts: ['api.example:8080'] })).toThrow(
      'allowedHosts "api.example:8080" is not a host name: write names without scheme or port, e.g. "api.example".',
    );
    expect(() => createHostOriginGuard({ listenHost: 'http://0.0.0.0' })).toThrow(
      'The listen host "http://0.0.0.0" is not a host name or address.',
    );
  });

  it('accepts a listed origin in any spelling the browser could send, and nothing that only looks like it', () => {
    const guard = createHostOriginGuard({ listenHost: '0.0.0.0', allowedOrigins: ['https://app.example'] });
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }), fc.boolean(), (upper, withPort) => {
        const text = [...`https://app.example${withPort ? ':443' : ''}`].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join('');
        return guard.check({ origin: text }) === undefined;
      }),
    );
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        const refused = guard.check({ origin: `https://${domain}` });
        return domain === 'app.example' ? refused === undefined : refused?.header === 'origin';
      }),
    );
  });
});
