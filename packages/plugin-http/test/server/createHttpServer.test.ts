import { request as httpRequest } from 'node:http';
import type { ServiceScope } from '@cortex-os/kernel';
import { httpResponse } from '@cortex-os/http-api';
import { createHttpServer } from '@cortex-os/plugin-http';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/** A scope that only counts: how many were opened and disposed. */
function countingScopes(): { readonly createScope: () => ServiceScope; readonly created: () => number; readonly disposed: () => number } {
  let created = 0;
  let disposed = 0;
  const fail = (): never => {
    throw new Error('nothing is bound in this test scope');
  };
  return {
    created: () => created,
    disposed: () => disposed,
    createScope: () => {
      created += 1;
      const dispose = async (): Promise<void> => {
        disposed += 1;
      };
      return { get: fail, getAsync: fail, has: () => false, dispose, [Symbol.asyncDispose]: dispose };
    },
  };
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createHttpServer per-request fast paths', () => {
  it('opens a DI scope only for handlers that read `scope`, and disposes each one it opened', async () => {
    const scopes = countingScopes();
    await using server = createHttpServer({ createScope: scopes.createScope });
    server.route({ method: 'GET', path: '/plain', handler: ({ requestId }) => ({ requestId }) });
    server.route({
      method: 'GET',
      path: '/sync',
      auth: 'none',
      handler: () => httpResponse({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }),
    });
    server.route({ method: 'GET', path: '/scoped', handler: ({ scope }) => ({ has: scope.has({ id: 'x' } as never) }) });
    server.route({
      method: 'GET',
      path: '/scoped-async/:n',
      params: z.object({ n: z.coerce.number() }),
      // Reads `scope` before and after an await: one scope is opened and reused across both reads.
      handler: async (request) => {
        const first = request.scope;
        await Promise.resolve();
        return { n: request.params.n, path: request.path, reused: request.scope === first };
      },
    });
    const { url } = await server.listen();

    for (let i = 0; i < 3; i++) {
      expect((await get(`${url}/plain`)).status).toBe(200);
      expect(await get(`${url}/sync`)).toEqual({ status: 200, body: 'ok' });
    }
    expect(scopes.created()).toBe(0);
    expect(scopes.disposed()).toBe(0);

    expect(JSON.parse((await get(`${url}/scoped`)).body)).toEqual({ has: false });
    expect(JSON.parse((await get(`${url}/scoped-async/7?x=1`)).body)).toEqual({ n: 7, path: '/scoped-async/7', reused: true });
    expect(scopes.created()).toBe(2);
    expect(scopes.disposed()).toBe(2);
  });

  it('keeps rejecting foreign Host names once the allowed one has been seen (accepted-host cache)', async () => {
    await using server = createHttpServer({ allowedHosts: ['api.example'] });
    server.route({ method: 'GET', path: '/x', auth: 'none', handler: () => ({ ok: true }) });
    const { url, port } = await server.listen();
    for (let i = 0; i < 3; i++) {
      expect((await get(`${url}/x`)).status).toBe(200);
      expect((await get(`${url}/x`, { host: `api.example:${port}` })).status).toBe(200);
      const foreign = await get(`${url}/x`, { host: `evil.example:${port}` });
      expect(foreign.status).toBe(403);
      expect(JSON.parse(foreign.body)).toMatchObject({ code: 'HTTP_FORBIDDEN' });
    }
    expect((await get(`${url}/x`, { host: 'API.EXAMPLE' })).status).toBe(200);
  });
});

describe('createHttpServer REST base path', () => {
  it('exposes the base path route families mount under, /api/v1 by default', async () => {
    await using byDefault = createHttpServer();
    expect(byDefault.restBasePath).toBe('/api/v1');
    await using root = createHttpServer({ restBasePath: '' });
    expect(root.restBasePath).toBe('');
    await using custom = createHttpServer({ restBasePath: '/v2/rest' });
    expect(custom.restBasePath).toBe('/v2/rest');
  });

  it.each(['/api/v1/', 'api/v1', '/api//v1', '/api v1', '/'])('refuses the base path %j, naming the rule', (restBasePath) => {
    expect(() => createHttpServer({ restBasePath })).toThrow(
      `restBasePath "${restBasePath}" must be '' or slash-separated segments without a trailing slash, e.g. "/api/v1".`,
    );
  });
});

describe('createHttpServer stream bodies', () => {
  it('sends an async iterable chunk by chunk with its content type', async () => {
    await using server = createHttpServer();
    server.route({
      method: 'GET',
      path: '/ticks',
      handler: () => ({
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
        body: (async function* () {
          for (let i = 1; i <= 3; i++) yield `data: ${i}\n\n`;
          yield Buffer.from('data: end\n\n');
        })(),
      }),
    });
    const { url } = await server.listen();
    const response = await fetch(`${url}/ticks`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe('data: 1\n\ndata: 2\n\ndata: 3\n\ndata: end\n\n');
  });

  it('ends the iteration when the client disconnects', async () => {
    await using server = createHttpServer();
    let finished: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => {
      finished = resolve;
    });
    let first: () => void = () => undefined;
    const firstSent = new Promise<void>((resolve) => {
      first = resolve;
    });
    server.route({
      method: 'GET',
      path: '/forever',
      handler: () => ({
        status: 200,
        body: (async function* () {
          try {
            yield 'first\n';
            first();
            // Endless: only the client going away ends it (the stream stops pulling when its buffer is full).
            for (;;) {
              yield 'x'.repeat(1024);
              await new Promise((resolve) => setImmediate(resolve));
            }
          } finally {
            finished();
          }
        })(),
      }),
    });
    const { url } = await server.listen();
    // The client reads the first chunk, then goes away.
    const req = httpRequest(`${url}/forever`);
    const head = new Promise<{ type: string | undefined; chunk: string }>((resolve) =>
      req.once('response', (res) =>
        res.once('data', (chunk: Buffer) => resolve({ type: res.headers['content-type'], chunk: chunk.toString() })),
      ),
    );
    req.end();
    expect(await head).toEqual({ type: 'application/octet-stream', chunk: 'first\n' });
    await firstSent;
    req.destroy();
    await ended;
  });
});

describe('createHttpServer bearer verifiers', () => {
  const verifier = { verify: async (token: string) => (token === 'signed-by-idp' ? { id: 'alice', scopes: ['read'] } : undefined) };

  it('asks the verifier for tokens that are no static one, on routes, raw mounts and unmatched paths', async () => {
    await using server = createHttpServer({
      auth: {
        tokens: ['static-token-0123456789', { token: 'admin-token-0123456789', principal: 'root', scopes: ['tasks:admin'] }],
        verifiers: [verifier],
      },
    });
    server.route({ method: 'GET', path: '/who', auth: 'optional', handler: ({ principal, scopes }) => ({ principal, scopes }) });
    const seen: unknown[] = [];
    server.mountRaw({
      path: '/raw',
      methods: ['GET'],
      handler: (_req, res, _body, context) => {
        seen.push(context.principal);
        res.writeHead(204).end();
      },
    });
    const { url } = await server.listen();
    // Handlers see what the token grants: a verifier's scopes, a static token's, none without one.
    expect(JSON.parse((await get(`${url}/who`, { authorization: 'Bearer signed-by-idp' })).body)).toEqual({
      principal: 'alice',
      scopes: ['read'],
    });
    expect(JSON.parse((await get(`${url}/who`, { authorization: 'Bearer static-token-0123456789' })).body)).toEqual({
      principal: 'bearer',
      scopes: [],
    });
    expect(JSON.parse((await get(`${url}/who`, { authorization: 'Bearer admin-token-0123456789' })).body)).toEqual({
      principal: 'root',
      scopes: ['tasks:admin'],
    });
    expect(JSON.parse((await get(`${url}/who`)).body)).toEqual({ scopes: [] });
    const refused = await get(`${url}/who`, { authorization: 'Bearer forged' });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({
      code: 'HTTP_UNAUTHORIZED',
      detail: 'Authentication is required, or the credentials given are not valid.',
    });
    expect((await get(`${url}/raw`, { authorization: 'Bearer signed-by-idp' })).status).toBe(204);
    expect(seen).toEqual([{ id: 'alice', scopes: ['read'] }]);
    // An unmatched path is authenticated first, so it does not reveal which paths exist.
    expect((await get(`${url}/nowhere`, { authorization: 'Bearer forged' })).status).toBe(401);
    expect((await get(`${url}/nowhere`, { authorization: 'Bearer signed-by-idp' })).status).toBe(404);
  });

  it('counts a verifier alone as authentication configured', async () => {
    await using bare = createHttpServer();
    bare.route({ method: 'GET', path: '/admin', auth: 'required', handler: () => 'x' });
    await expect(bare.listen()).rejects.toMatchObject({ code: 'HTTP_AUTH_REQUIRED' });
    await using verified = createHttpServer({ auth: { verifiers: [verifier] } });
    verified.route({ method: 'GET', path: '/admin', auth: 'required', handler: () => 'x' });
    const { url } = await verified.listen();
    expect((await get(`${url}/admin`)).status).toBe(401);
    expect(await get(`${url}/admin`, { authorization: 'Bearer signed-by-idp' })).toEqual({ status: 200, body: 'x' });
  });
});
