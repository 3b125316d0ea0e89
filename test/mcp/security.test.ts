import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createMcpHttpHandler, type McpHttpHandler } from '@cortex-os/plugin-mcp';
import { startPlainHttpServer, type PlainHttpServer } from '@cortex-os/plugin-mcp/testing';
import { createTestTools } from './fixtures.js';

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

function post(
  port: number,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/mcp',
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('MCP HTTP security', () => {
  let open: McpHttpHandler;
  let guarded: McpHttpHandler;
  let openServer: PlainHttpServer;
  let guardedServer: PlainHttpServer;
  const token = 'a-long-static-token-0123456789';
  beforeAll(async () => {
    open = createMcpHttpHandler({ tools: createTestTools().tools, maxBodyBytes: 1024 });
    guarded = createMcpHttpHandler({ tools: createTestTools().tools, auth: { tokens: [{ token, principal: 'ops' }] } });
    openServer = await startPlainHttpServer('/mcp', (req, res) => open.handle(req, res));
    guardedServer = await startPlainHttpServer('/mcp', (req, res) => guarded.handle(req, res));
  });
  afterAll(async () => {
    await Promise.all([open.close(), guarded.close(), openServer.close(), guardedServer.close()]);
  });

  it('accepts a loopback request without Origin', async () => {
    const res = await post(openServer.port, {}, initialize);
    expect(res.status).toBe(200);
    expect(res.headers['mcp-session-id']).toEqual(expect.any(String));
  });

  it('accepts a loopback Origin', async () => {
    expect((await post(openServer.port, { origin: 'http://localhost:5173' }, initialize)).status).toBe(200);
  });

  it('answers a foreign Origin with 403', async () => {
    const res = await post(openServer.port, { origin: 'https://evil.example' }, initialize);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({
      jsonrpc: '2.0',
      error: { message: 'Forbidden: Origin "https://evil.example" is not allowed.' },
    });
  });

  it('answers a foreign Host (DNS rebinding) with 403', async () => {
    const res = await post(openServer.port, { host: 'evil.example:80' }, initialize);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ error: { message: 'Forbidden: Host "evil.example:80" is not served here.' } });
  });

  it('answers a body over the limit with 413 before parsing it', async () => {
    const res = await post(
      openServer.port,
      {},
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(2000) } }),
    );
    expect(res.status).toBe(413);
    expect(res.body).toContain('limit is 1024 bytes');
  });

  it('answers a body that is not JSON with a parse error', async () => {
    const res = await post(openServer.port, {}, '{"jsonrpc":');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: -32700 } });
  });

  it('requires the bearer token when authentication is configured', async () => {
    const missing = await post(guardedServer.port, {}, initialize);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="cortex-os"');
    const wrong = await post(guardedServer.port, { authorization: 'Bearer not-the-token-at-all' }, initialize);
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe('Bearer realm="cortex-os", error="invalid_token"');
    const right = await post(guardedServer.port, { authorization: `Bearer ${token}` }, initialize);
    expect(right.status).toBe(200);
  });

  it('answers an opaque Origin (null) with 403 unless it is listed', async () => {
    expect((await post(openServer.port, { origin: 'null' }, initialize)).status).toBe(403);
  });

  it('reads allowedOrigins as browsers send origins, and refuses a host name written in their place', async () => {
    const handler = createMcpHttpHandler({ tools: createTestTools().tools, allowedOrigins: ['https://app.example'] });
    const server = await startPlainHttpServer('/mcp', (req, res) => handler.handle(req, res));
    try {
      expect((await post(server.port, { origin: 'https://app.example' }, initialize)).status).toBe(200);
      expect((await post(server.port, { origin: 'http://app.example' }, initialize)).status).toBe(403);
    } finally {
      await handler.close();
      await server.close();
    }
    let thrown: unknown;
    try {
      createMcpHttpHandler({ tools: createTestTools().tools, allowedOrigins: ['app.example'] });
    } catch (error) {
      thrown = error;
    }
    expect(CortexError.is(thrown, 'EDGE_ORIGIN_INVALID')).toBe(true);
  });

  it('refuses to listen beyond loopback without authentication', () => {
    let thrown: unknown;
    try {
      createMcpHttpHandler({ tools: createTestTools().tools, listenHost: '0.0.0.0' });
    } catch (error) {
      thrown = error;
    }
    expect(CortexError.is(thrown, 'MCP_HTTP_OPTIONS_INVALID')).toBe(true);
    expect((thrown as Error).message).toBe(
      'The MCP endpoint listens on 0.0.0.0, beyond loopback, without authentication: give an `auth` option (bearer tokens or a verifier).',
    );
  });

  it('accepts a verifier function and passes the principal to the tool caller', async () => {
    const seen: (string | undefined)[] = [];
    const { tools } = createTestTools();
    tools.intercept({
      name: 'record-caller',
      intercept: (call, next) => {
        seen.push(call.context.caller.id);
        return next();
      },
    });
    const handler = createMcpHttpHandler({
      tools,
      listenHost: '0.0.0.0',
      allowedHosts: ['127.0.0.1'],
      auth: { verifiers: [{ verify: (t) => (t === 'good' ? { id: 'alice' } : undefined) }] },
    });
    const server = await startPlainHttpServer('/mcp', (req, res) => handler.handle(req, res));
    try {
      expect((await post(server.port, { authorization: 'Bearer bad' }, initialize)).status).toBe(401);
      const init = await post(server.port, { authorization: 'Bearer good' }, initialize);
      expect(init.status).toBe(200);
      const session = String(init.headers['mcp-session-id']);
      const headers = { authorization: 'Bearer good', 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' };
      await post(server.port, headers, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
      const call = await post(
        server.port,
        headers,
        JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'x' } } }),
      );
      expect(call.status).toBe(200);
      expect(call.body).toContain('"structuredContent":{"text":"x","length":1}');
      expect(seen).toEqual(['alice']);
    } finally {
      await handler.close();
      await server.close();
    }
  });
});
