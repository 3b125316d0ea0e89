import { httpServiceToken } from '@cortex-os/http-api';
import { createKernel, type Kernel } from '@cortex-os/kernel';
import { createTestLogger } from '@cortex-os/kernel/testing';
import { httpPlugin } from '@cortex-os/plugin-http';
import { createMcpHttpHandler, type McpHttpEndpointOptions, mcpPlugin } from '@cortex-os/plugin-mcp';
import { startPlainHttpServer } from '@cortex-os/plugin-mcp/testing';
import { describe, expect, it } from 'vitest';
import { httpCall, type HttpAnswer } from '../support/httpCall.js';

// Issue 14 §2 and §4 on the MCP endpoint mounted on the runtime's HTTP service: the plugin's own
// options (beside sessionTtlMs) reach it, and a refused request's cause is logged above debug.
const PROTOCOL = '2025-11-25';
/** One JSON-RPC request as the client sends it. */
const rpc = (id: number, method: string, params?: object): string => JSON.stringify({ jsonrpc: '2.0', id, method, params });
const HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': PROTOCOL,
};
const INITIALIZE = rpc(1, 'initialize', { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'mounted', version: '1' } });
const PING = rpc(2, 'ping');

/** A runtime with HTTP and MCP mounted at /mcp; `post` sends one JSON-RPC body, on a session when given. */
async function mounted(http: Omit<McpHttpEndpointOptions, 'path'>, logs = createTestLogger()) {
  const kernel: Kernel = createKernel({
    plugins: [httpPlugin({ port: 0, metrics: { enabled: false } }), mcpPlugin({ http: { path: '/mcp', ...http } })],
    logger: logs.logger,
  });
  await kernel.start();
  const { url } = await kernel.get(httpServiceToken).listen();
  const post = (body: string, session?: string): Promise<HttpAnswer> =>
    httpCall(`${url}/mcp`, 'POST', { ...HEADERS, ...(session === undefined ? {} : { 'mcp-session-id': session }) }, body);
  const initialize = async (): Promise<{ status: number; session: string; answer: HttpAnswer }> => {
    const answer = await post(INITIALIZE);
    return { status: answer.status, session: String(answer.headers['mcp-session-id'] ?? ''), answer };
  };
  return {
    kernel,
    post,
    initialize,
    [Symbol.asyncDispose]: async (): Promise<void> => {
      await kernel.stop();
    },
  };
}

describe('the MCP plugin mounted on the HTTP service: session limits are plugin options (issue 14 §4)', () => {
  it('takes http.maxSessions: beyond it the longest-idle session is evicted', async () => {
    await using mcp = await mounted({ maxSessions: 1, initializeRate: false });
    const first = await mcp.initialize();
    const second = await mcp.initialize();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await mcp.post(PING, first.session)).status).toBe(404);
    expect((await mcp.post(PING, second.session)).status).toBe(200);
  });

  it('takes http.maxSessionsPerClient and http.initializeRate', async () => {
    await using perClient = await mounted({ maxSessionsPerClient: 1, initializeRate: false });
    expect((await perClient.initialize()).status).toBe(200);
    const beyond = await perClient.initialize();
    expect(beyond.status).toBe(429);
    expect(JSON.parse(beyond.answer.body).error.message).toBe('Too many sessions from this address (at most 1); retry later.');

    await using rated = await mounted({ initializeRate: { perSecond: 0.001, burst: 1 } });
    expect((await rated.initialize()).status).toBe(200);
    const limited = await rated.initialize();
    expect(limited.status).toBe(429);
    expect(limited.answer.headers['retry-after']).toBeDefined();
  });
});

describe('a refused MCP request: its cause is logged above debug (issue 14 §2)', () => {
  const refusals = (logs: ReturnType<typeof createTestLogger>): string[] =>
    logs
      .entries()
      .filter((e) => (e.msg ?? '').startsWith('MCP HTTP request refused') && e.level === 'info')
      .map((e) => `${String(e['status'] ?? '')} ${e.msg}`.trim());

  it('on the mount: a body nested too deep, a call before initialize, a request on an unknown session', async () => {
    const logs = createTestLogger({ level: 'info' });
    await using mcp = await mounted({ initializeRate: false }, logs);
    const deep = `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    expect((await mcp.post(deep)).status).toBe(400);
    expect((await mcp.post(PING)).status).toBe(400);
    expect((await mcp.post(PING, 'no-such-session')).status).toBe(404);
    expect(refusals(logs)).toEqual([
      'MCP HTTP request refused',
      '400 MCP HTTP request refused: Bad Request: send initialize first, or the Mcp-Session-Id header of an open session',
      '404 MCP HTTP request refused: Session not found: it expired or was closed; initialize a new one',
    ]);
    expect(logs.entries().find((e) => e.msg === 'MCP HTTP request refused')).toMatchObject({ reason: 'too-deep' });
  });

  it('on the standalone endpoint: a foreign Origin, a missing token and an unknown session', async () => {
    const logs = createTestLogger({ level: 'info' });
    const token = 'a-token-of-sixteen-chars';
    const handler = createMcpHttpHandler({ tools: createKernel({ plugins: [] }).tools, auth: { tokens: [token] }, logger: logs.logger });
    const server = await startPlainHttpServer('/mcp', (req, res) => handler.handle(req, res));
    try {
      const url = `${server.origin}/mcp`;
      const authorized = { ...HEADERS, authorization: `Bearer ${token}` };
      expect((await httpCall(url, 'POST', { ...authorized, origin: 'https://evil.example' }, PING)).status).toBe(403);
      expect((await httpCall(url, 'POST', HEADERS, PING)).status).toBe(401);
      expect((await httpCall(url, 'POST', { ...authorized, 'mcp-session-id': 'gone' }, PING)).status).toBe(404);
      const seen = refusals(logs);
      expect(seen).toHaveLength(3);
      expect(seen[0]).toMatch(/^403 MCP HTTP request refused: Forbidden: /);
      expect(seen.slice(1)).toEqual([
        '401 MCP HTTP request refused: Unauthorized: a bearer token is required.',
        '404 MCP HTTP request refused: Session not found: it expired or was closed; initialize a new one',
      ]);
    } finally {
      await handler.close();
      await server.close();
    }
  });
});
