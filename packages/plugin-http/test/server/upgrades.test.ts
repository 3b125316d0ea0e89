import { request } from 'node:http';
import type { HttpUpgradeContext } from '@cortex-os/http-api';
import { createHttpServer } from '@cortex-os/plugin-http';
import { describe, expect, it } from 'vitest';

/** Sends a WebSocket-style upgrade request; resolves with the refusal's status and body, or 101 with the socket ended. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { connection: 'Upgrade', upgrade: 'websocket', ...headers } });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HttpService.mountUpgrade', () => {
  it('hands a matching upgrade to its handler with path parameters, the principal and the offered protocols minus the token', async () => {
    const server = createHttpServer({ auth: { tokens: [{ token: 'a'.repeat(32), principal: 'alice' }] } });
    const seen: HttpUpgradeContext[] = [];
    server.mountUpgrade({
      path: '/streams/:name',
      handler(_req, socket, _head, context) {
        seen.push(context);
        socket.end('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
      },
    });
    const { url } = await server.listen();
    const answer = await upgrade(`${url}/streams/memory.*`, { 'sec-websocket-protocol': `v1, bearer.${'a'.repeat(32)}` });
    expect(answer.status).toBe(101);
    expect(seen).toMatchObject([{ params: { name: 'memory.*' }, principal: { id: 'alice' }, protocols: ['v1'] }]);
    expect(server.routes()).toContainEqual({ method: 'GET', path: '/streams/:name', auth: 'default', raw: true });
    expect(() => server.mountUpgrade({ path: '/late', handler: () => undefined })).toThrow(/already listening/);
    await server.shutdown();
  });

  it('answers refusals as problem+json: 404 for no mount, 401 without a token, 400 for a token in the query', async () => {
    const server = createHttpServer({
      auth: { tokens: [{ token: 'b'.repeat(32), principal: 'bob' }] },
      drain: { delayMs: 0, deadlineMs: 1000 },
    });
    server.mountUpgrade({ path: '/streams/:name', handler: (_req, socket) => socket.destroy() });
    const { url } = await server.listen();
    const missing = await upgrade(`${url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ code: 'HTTP_ROUTE_NOT_FOUND' });
    expect(JSON.parse((await upgrade(`${url}/streams/x`)).body)).toMatchObject({ status: 401, code: 'HTTP_UNAUTHORIZED' });
    const query = await upgrade(`${url}/streams/x?access_token=${'b'.repeat(32)}`);
    expect(JSON.parse(query.body)).toMatchObject({ status: 400, code: 'HTTP_REQUEST_INVALID' });
    expect(query.body).not.toContain('b'.repeat(32));
    await server.shutdown();
  });
});
