import { request as httpRequest } from 'node:http';
import type { ServiceScope } from '@cortex-os/kernel';
import { createHttpServer, httpResponse } from '@cortex-os/plugin-http';
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
