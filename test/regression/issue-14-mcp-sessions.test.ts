import { request as httpRequest, type ClientRequest } from 'node:http';
import { createDisposer, createKernel } from '@cortex-os/kernel';
import { createMcpHttpHandler, type CreateMcpHttpHandlerOptions } from '@cortex-os/plugin-mcp';
import { Client, StreamableHTTPClientTransport, startPlainHttpServer } from '@cortex-os/plugin-mcp/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { httpCall, type HttpAnswer } from '../support/httpCall.js';

const PROTOCOL = '2025-11-25';
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': PROTOCOL };
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

async function endpoint(options: Omit<CreateMcpHttpHandlerOptions, 'tools'>) {
  const handler = createMcpHttpHandler({ tools: createKernel({ plugins: [] }).tools, sweepIntervalMs: 0, ...options });
  const server = await startPlainHttpServer('/mcp', (req, res) => handler.handle(req, res));
  const open: ClientRequest[] = [];
  onTestFinished(async () => {
    for (const req of open) req.destroy();
    await handler.close();
    await server.close();
  });
  const post = (body: string, session?: string): Promise<HttpAnswer> =>
    httpCall(`${server.origin}/mcp`, 'POST', { ...HEADERS, ...(session === undefined ? {} : { 'mcp-session-id': session }) }, body);
  /** Opens a GET stream on a session; resolves with its status once the head arrives (the stream stays open). */
  const stream = (session: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(
        `${server.origin}/mcp`,
        { headers: { ...HEADERS, accept: 'text/event-stream', 'mcp-session-id': session } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      open.push(req);
      req.on('error', reject);
      req.end();
    });
  const initialize = async (): Promise<{ status: number; session: string; answer: HttpAnswer }> => {
    const answer = await post(INITIALIZE);
    return { status: answer.status, session: String(answer.headers['mcp-session-id'] ?? ''), answer };
  };
  const ping = async (session: string): Promise<number> => (await post('{"jsonrpc":"2.0","id":2,"method":"ping"}', session)).status;
  return { handler, server, initialize, ping, stream };
}

describe('issue 14 §4: MCP sessions under abuse', () => {
  it('never evicts a connected client with its GET stream open, however many throwaway sessions come', async () => {
    let streamOpened: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => (streamOpened = resolve));
    const mcp = await endpoint({
      maxSessions: 5,
      initializeRate: false,
      trackStream: () => {
        streamOpened();
        return createDisposer(() => undefined);
      },
    });
    const client = new Client({ name: 'kept', version: '1' }, { versionNegotiation: { mode: 'legacy' } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${mcp.server.origin}/mcp`)));
    onTestFinished(() => client.close());
    await opened;
    for (let i = 0; i < 50; i++) expect((await mcp.initialize()).status).toBe(200);
    expect(mcp.handler.sessionCount).toBe(5);
    expect((await client.listTools()).tools).toEqual([]);
  });

  it('evicts the longest-idle session first', async () => {
    const mcp = await endpoint({ maxSessions: 2, initializeRate: false });
    const first = await mcp.initialize();
    const second = await mcp.initialize();
    // The first is seen again: the second is now the longest idle.
    expect(await mcp.ping(first.session)).toBe(200);
    expect((await mcp.initialize()).status).toBe(200);
    expect(await mcp.ping(second.session)).toBe(404);
    expect(await mcp.ping(first.session)).toBe(200);
  });

  it('answers 503 with Retry-After when every session is busy and none can be evicted', async () => {
    const mcp = await endpoint({ maxSessions: 1, initializeRate: false });
    const busy = await mcp.initialize();
    expect(await mcp.stream(busy.session)).toBe(200);
    const refused = await mcp.initialize();
    expect(refused.status).toBe(503);
    expect(refused.answer.headers['retry-after']).toBe('1');
    expect(JSON.parse(refused.answer.body).error.message).toBe(
      'Server busy: all 1 MCP sessions have a request in flight or an open stream, so none can be evicted; retry later.',
    );
    expect(await mcp.ping(busy.session)).toBe(200);
  });

  it('caps sessions and GET streams per client address', async () => {
    const mcp = await endpoint({ maxSessionsPerClient: 2, maxStreamsPerClient: 1, initializeRate: false });
    const a = await mcp.initialize();
    const b = await mcp.initialize();
    const third = await mcp.initialize();
    expect(third.status).toBe(429);
    expect(JSON.parse(third.answer.body).error.message).toBe('Too many sessions from this address (at most 2); retry later.');
    expect(await mcp.stream(a.session)).toBe(200);
    expect(await mcp.stream(b.session)).toBe(429);
  });

  it('limits the initialize rate per client address: a burst, then so many per second', async () => {
    let now = 0;
    const mcp = await endpoint({ initializeRate: { perSecond: 1, burst: 2 }, now: () => now });
    expect((await mcp.initialize()).status).toBe(200);
    expect((await mcp.initialize()).status).toBe(200);
    const limited = await mcp.initialize();
    expect(limited.status).toBe(429);
    expect(limited.answer.headers['retry-after']).toBe('1');
    now += 1_000;
    expect((await mcp.initialize()).status).toBe(200);
  });
});

describe('issue 14 §5: the standalone endpoint behind a trusted proxy', () => {
  const initializeFrom = (origin: string, forwardedFor: string): Promise<number> =>
    httpCall(`${origin}/mcp`, 'POST', { ...HEADERS, 'x-forwarded-for': forwardedFor }, INITIALIZE).then((a) => a.status);

  it('counts per-client limits by X-Forwarded-For when the peer is a trusted proxy', async () => {
    const mcp = await endpoint({ maxSessionsPerClient: 1, initializeRate: false, trustedProxies: ['127.0.0.0/8'] });
    expect(await initializeFrom(mcp.server.origin, '203.0.113.1')).toBe(200);
    expect(await initializeFrom(mcp.server.origin, '203.0.113.1')).toBe(429);
    // Another client behind the same proxy has its own allowance.
    expect(await initializeFrom(mcp.server.origin, '198.51.100.7, 203.0.113.2')).toBe(200);
  });

  it('ignores X-Forwarded-For without trusted proxies: every request counts as the peer', async () => {
    const mcp = await endpoint({ maxSessionsPerClient: 1, initializeRate: false });
    expect(await initializeFrom(mcp.server.origin, '203.0.113.1')).toBe(200);
    expect(await initializeFrom(mcp.server.origin, '203.0.113.2')).toBe(429);
  });

  it('refuses a trusted proxy that is not an address or subnet when the endpoint is created', () => {
    expect(() => createMcpHttpHandler({ tools: createKernel({ plugins: [] }).tools, trustedProxies: ['proxy.local'] })).toThrow(
      expect.objectContaining({ code: 'EDGE_TRUSTED_PROXY_INVALID' }),
    );
  });
});

describe('issue 14 §2: large bodies on the standalone endpoint, parsed in slices', () => {
  it('serves a large valid request, and answers a large malformed or deep one as a small one', async () => {
    const mcp = await endpoint({ initializeRate: false });
    const padded = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: PROTOCOL,
        capabilities: { experimental: { pad: { list: Array.from({ length: 4000 }, (_, i) => `item ${i} ${'x'.repeat(20)}`) } } },
        clientInfo: { name: 'raw', version: '1' },
      },
    });
    expect(padded.length).toBeGreaterThan(100_000);
    const initialized = await httpCall(`${mcp.server.origin}/mcp`, 'POST', HEADERS, padded);
    expect(initialized.status).toBe(200);
    // An empty array element half-way through: `"…",,"…"`.
    const at = padded.indexOf('","', 60_000) + 2;
    const malformed = await httpCall(`${mcp.server.origin}/mcp`, 'POST', HEADERS, `${padded.slice(0, at)},${padded.slice(at)}`);
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toMatchObject({ error: { code: -32700 } });
    const deep = `{"jsonrpc":"2.0","id":2,"method":"ping","params":{"pad":"${'x'.repeat(100_000)}","deep":${'['.repeat(200)}${']'.repeat(200)}}}`;
    const refused = await httpCall(`${mcp.server.origin}/mcp`, 'POST', HEADERS, deep);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: -32600 } });
  });
});

describe('issue 14 §1: the 2026-07-28 listen stream at shutdown', () => {
  it('is tracked, and ending it closes the subscription and the response without waiting for the drain deadline', async () => {
    const tracked: { description: string; end(): void | Promise<void> }[] = [];
    let untracked = 0;
    let streamTracked: () => void = () => undefined;
    const registered = new Promise<void>((resolve) => (streamTracked = resolve));
    const mcp = await endpoint({
      trackStream: (stream) => {
        tracked.push(stream);
        streamTracked();
        return createDisposer(() => void (untracked += 1));
      },
    });
    const client = new Client({ name: 'listener', version: '1' }, { versionNegotiation: { mode: 'auto' } });
    onTestFinished(() => client.close());
    await client.connect(new StreamableHTTPClientTransport(new URL(`${mcp.server.origin}/mcp`)));
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');

    const listening = await client.listen({ toolsListChanged: true });
    await registered;
    expect(tracked.map((s) => s.description)).toEqual(['MCP subscriptions/listen stream']);

    await tracked[0]?.end();
    // The stream ended under the subscription: the client sees it end and may listen again elsewhere.
    expect(await listening.closed).toBe('remote');
    expect(untracked).toBe(1);
  });
});
