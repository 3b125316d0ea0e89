import type { HttpBodyParseFailure } from '@cortex-os/http-api';
import { createHttpServer } from '@cortex-os/plugin-http';
import { describe, expect, it, onTestFinished } from 'vitest';

const PARSE_ERROR = { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } };

/** A dummy JSON-RPC route that answers unparsable bodies in its own envelope (issue 14: the A2A route will). */
async function jsonRpcServer(options: { bodyLimitBytes?: number; tokens?: string[] } = {}) {
  const failures: HttpBodyParseFailure[] = [];
  const server = createHttpServer({
    maxJsonDepth: 8,
    ...(options.tokens === undefined ? {} : { auth: { tokens: options.tokens } }),
  });
  onTestFinished(() => server.shutdown().then(() => undefined));
  server.route({
    method: 'POST',
    path: '/rpc',
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
    onParseError: (failure) => {
      failures.push(failure);
      return { ...PARSE_ERROR, error: { ...PARSE_ERROR.error, data: failure.reason } };
    },
    handler: ({ body }) => ({ jsonrpc: '2.0', id: (body as { id?: unknown }).id ?? null, result: 'ok' }),
  });
  server.route({ method: 'POST', path: '/rest', handler: () => ({ ok: true }) });
  const { url } = await server.listen();
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { failures, post };
}

describe('a route answering unparsable JSON itself (onParseError, issue 14)', () => {
  it('answers malformed JSON with the route envelope: HTTP 200, -32700, the request id echoed', async () => {
    const { failures, post } = await jsonRpcServer();
    const response = await post('/rpc', '{"jsonrpc":"2.0", "id": 1,', { 'x-request-id': 'rpc-1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-request-id')).toBe('rpc-1');
    expect(await response.json()).toEqual({ ...PARSE_ERROR, error: { ...PARSE_ERROR.error, data: 'malformed' } });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ reason: 'malformed', code: 'HTTP_BODY_MALFORMED', requestId: 'rpc-1' });
    expect(failures[0]?.message).toMatch(/^Request body is not valid JSON: /);
  });

  it('hands it a body nested beyond the depth limit as too-deep, and a forbidden __proto__ key as malformed', async () => {
    const { failures, post } = await jsonRpcServer();
    const deep = await post('/rpc', `${'['.repeat(20)}${']'.repeat(20)}`);
    expect(deep.status).toBe(200);
    expect(((await deep.json()) as { error: { data: string } }).error.data).toBe('too-deep');
    const poisoned = await post('/rpc', '{"__proto__":{"x":1}}');
    expect(((await poisoned.json()) as { error: { data: string } }).error.data).toBe('malformed');
    expect(failures.map((f) => f.code)).toEqual(['HTTP_BODY_TOO_DEEP', 'HTTP_BODY_MALFORMED']);
  });

  it('also for a large body checked in slices (beyond 64 KiB)', async () => {
    const { failures, post } = await jsonRpcServer();
    const large = `{"jsonrpc":"2.0","id":2,"params":"${'x'.repeat(100_000)}"`;
    const response = await post('/rpc', large);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ error: { code: -32700 } });
    expect(failures).toHaveLength(1);
  });

  it('leaves valid requests to the handler, oversized bodies to 413, other routes to problem+json 400', async () => {
    const { failures, post } = await jsonRpcServer({ bodyLimitBytes: 1024 });
    const ok = await post('/rpc', '{"jsonrpc":"2.0","id":3,"method":"x"}');
    expect(await ok.json()).toEqual({ jsonrpc: '2.0', id: 3, result: 'ok' });
    const big = await post('/rpc', `{"a":"${'x'.repeat(2048)}"}`);
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const rest = await post('/rest', '{nope');
    expect(rest.status).toBe(400);
    expect(await rest.json()).toMatchObject({ code: 'HTTP_BODY_MALFORMED' });
    expect(failures).toHaveLength(0);
  });

  it('still authenticates first: no token is 401 problem+json, not the route envelope', async () => {
    const { failures, post } = await jsonRpcServer({ tokens: ['t0ken-for-the-rpc-route'] });
    const refused = await post('/rpc', '{nope');
    expect(refused.status).toBe(401);
    const answered = await post('/rpc', '{nope', { authorization: 'Bearer t0ken-for-the-rpc-route' });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ error: { code: -32700 } });
    expect(failures).toHaveLength(1);
  });

  it('answers 500 problem+json when the hook itself throws, and a status the hook returns', async () => {
    const server = createHttpServer();
    onTestFinished(() => server.shutdown().then(() => undefined));
    server.route({
      method: 'POST',
      path: '/throws',
      onParseError: () => {
        throw new Error('hook bug');
      },
      handler: () => ({}),
    });
    server.route({
      method: 'POST',
      path: '/status',
      onParseError: async () => ({ status: 400, body: PARSE_ERROR }),
      handler: () => ({}),
    });
    const { url } = await server.listen();
    const post = (path: string) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    const thrown = await post('/throws');
    expect(thrown.status).toBe(500);
    const text = await thrown.text();
    expect(text).not.toContain('hook bug');
    expect(JSON.parse(text)).toMatchObject({ code: 'HTTP_INTERNAL_ERROR' });
    const status = await post('/status');
    expect(status.status).toBe(400);
    expect(await status.json()).toEqual(PARSE_ERROR);
  });

  it('lets a raw mount answer unparsable bodies too, and still hands it parsed ones', async () => {
    const server = createHttpServer();
    onTestFinished(() => server.shutdown().then(() => undefined));
    server.mountRaw({
      path: '/raw-rpc',
      methods: ['POST'],
      onParseError: (failure) => ({ status: 400, body: { ...PARSE_ERROR, error: { ...PARSE_ERROR.error, data: failure.reason } } }),
      handler: (_req, res, body) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ got: body }));
      },
    });
    const { url } = await server.listen();
    const post = (body: string) => fetch(`${url}/raw-rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const refused = await post('{"a":');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-request-id')).toBeTruthy();
    expect(await refused.json()).toEqual({ ...PARSE_ERROR, error: { ...PARSE_ERROR.error, data: 'malformed' } });
    const served = await post('{"a":1}');
    expect(await served.json()).toEqual({ got: { a: 1 } });
  });
});
