import { httpServiceToken } from '@cortex-os/http-api';
import { createKernel, definePlugin } from '@cortex-os/kernel';
import { createHttpServer, httpPlugin, type OpenApiDocument } from '@cortex-os/plugin-http';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';

/** A plugin with routes of every shape: path params, query, body, response, auth policies, a raw mount. */
const notes = definePlugin({
  name: 'notes',
  version: '1.0.0',
  requires: { http: httpServiceToken },
  start({ deps }) {
    const base = deps.http.restBasePath;
    deps.http.route({
      method: 'POST',
      path: `${base}/notes`,
      description: 'Stores a note.',
      body: z.object({ text: z.string().min(1), tags: z.array(z.string()).optional() }),
      response: z.object({ id: z.string() }),
      handler: () => ({ id: 'n1' }),
    });
    deps.http.route({
      method: 'GET',
      path: `${base}/notes/:id`,
      params: z.object({ id: z.string().uuid() }),
      query: z.object({ fields: z.string().optional(), limit: z.coerce.number().int().min(1) }),
      handler: () => ({}),
    });
    deps.http.route({ method: 'GET', path: '/ping', auth: 'none', handler: () => 'pong' });
    // A transform cannot be said in JSON Schema: the document still validates.
    deps.http.route({ method: 'PUT', path: `${base}/dates`, body: z.string().transform((s) => new Date(s)), handler: () => undefined });
    // Recursive schemas: their definitions move to components (a `$defs` or `#` reference would not resolve in the document).
    const tree: z.ZodType = z.lazy(() => z.object({ name: z.string(), children: z.array(tree) }));
    deps.http.route({ method: 'POST', path: `${base}/trees`, body: tree, handler: () => undefined });
    deps.http.route({ method: 'PUT', path: `${base}/forests`, body: z.object({ trees: z.array(tree) }), handler: () => undefined });
    deps.http.mountRaw({ path: '/rpc', methods: ['GET', 'POST'], description: 'A raw endpoint.', handler: (_q, res) => void res.end() });
  },
});

/** The value at a path of keys inside parsed JSON. */
function pick(value: unknown, ...keys: string[]): unknown {
  let at = value;
  for (const key of keys) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

async function runtime(tokens: readonly string[] = []) {
  const auth = tokens.length === 0 ? {} : { auth: { tokens: tokens.map((token) => ({ token, principal: 'reader' })) } };
  const kernel = createKernel({ plugins: [httpPlugin({ port: 0, metrics: { defaultMetrics: false }, ...auth }), notes()] });
  await kernel.start();
  onTestFinished(async () => void (await kernel.stop()));
  const http = kernel.get(httpServiceToken);
  return { http, url: (http.address as { url: string }).url };
}

describe('GET /openapi.json (issue 15 §5)', () => {
  it('serves a valid OpenAPI 3.1 document with every mounted route and method', async () => {
    const { http, url } = await runtime();
    const response = await fetch(`${url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApiDocument;
    const validation = await new Validator().validate(document as unknown as Parameters<Validator['validate']>[0]);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    const routes = http.routes();
    expect(routes.length).toBeGreaterThan(6);
    for (const route of routes) {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      for (const method of route.method.split(',')) expect(document.paths[path], `${method} ${path}`).toHaveProperty(method.toLowerCase());
    }
    // The document describes itself, /describe, /metrics and the tools routes too.
    expect(document.paths).toHaveProperty(['/openapi.json', 'get']);
    expect(document.paths).toHaveProperty(['/describe', 'get']);
  });

  it('takes parameters, bodies and responses from the zod schemas, and security from the auth policy', async () => {
    const token = 'openapi-test-token';
    const { url } = await runtime([token]);
    const document = (await (
      await fetch(`${url}/openapi.json`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as OpenApiDocument;
    const post = pick(document, 'paths', '/api/v1/notes', 'post');
    expect(pick(post, 'summary')).toBe('Stores a note.');
    expect(pick(post, 'requestBody', 'content', 'application/json', 'schema')).toMatchObject({
      type: 'object',
      required: ['text'],
      properties: { text: { type: 'string', minLength: 1 }, tags: { type: 'array', items: { type: 'string' } } },
    });
    expect(pick(post, 'responses', '200', 'content', 'application/json', 'schema')).toMatchObject({
      type: 'object',
      properties: { id: { type: 'string' } },
    });
    expect(pick(post, 'responses', 'default', 'content', 'application/problem+json', 'schema')).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(pick(post, 'security')).toEqual([{ bearer: [] }]);
    expect(pick(document, 'paths', '/api/v1/notes/{id}', 'get', 'parameters')).toEqual([
      { name: 'id', in: 'path', required: true, schema: expect.objectContaining({ type: 'string', format: 'uuid' }) },
      { name: 'fields', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'limit', in: 'query', required: true, schema: expect.objectContaining({ type: 'integer', minimum: 1 }) },
    ]);
    expect(pick(document, 'paths', '/ping', 'get', 'security')).toEqual([]);
    // Without tokens the server lets `default` routes through, and the document says so.
    const open = await runtime();
    const anonymous = (await (await fetch(`${open.url}/openapi.json`)).json()) as OpenApiDocument;
    expect(pick(anonymous, 'paths', '/api/v1/notes', 'post', 'security')).toEqual([]);
    expect(pick(document, 'paths', '/api/v1/trees', 'post', 'requestBody', 'content', 'application/json', 'schema')).toEqual({
      $ref: '#/components/schemas/POST_api_v1_trees.body',
    });
    expect(pick(document, 'components', 'schemas', 'POST_api_v1_trees.body', 'properties', 'children', 'items')).toEqual({
      $ref: '#/components/schemas/POST_api_v1_trees.body',
    });
    const forest = pick(document, 'paths', '/api/v1/forests', 'put', 'requestBody', 'content', 'application/json', 'schema');
    const ref = pick(forest, 'properties', 'trees', 'items', '$ref') as string;
    expect(ref).toMatch(/^#\/components\/schemas\/PUT_api_v1_forests\.body\./);
    expect(pick(document, 'components', 'schemas', ref.split('/').at(-1) as string, 'properties', 'children', 'items', '$ref')).toBe(ref);
    expect(JSON.stringify(document)).not.toMatch(/#\/\$defs|"\$ref":"#"/);
    expect(Object.keys(document.paths['/rpc'] ?? {}).sort()).toEqual(['get', 'post']);
  });

  it('built once after listening, yet each caller gets its own info (title, version)', async () => {
    const server = createHttpServer();
    onTestFinished(async () => void (await server[Symbol.asyncDispose]()));
    server.route({ method: 'GET', path: '/ping', auth: 'none', handler: () => 'pong' });
    await server.listen();
    const first = server.openApiDocument({ title: 'First', version: '1.0.0' });
    const second = server.openApiDocument({ title: 'Second', version: '2.0.0' });
    expect([first.info, second.info]).toEqual([
      { title: 'First', version: '1.0.0' },
      { title: 'Second', version: '2.0.0' },
    ]);
    expect(second.paths).toEqual(first.paths);
    expect(server.openApiDocument({ title: 'First', version: '1.0.0' })).toBe(first);
  });

  it('is off with openapi.enabled false', async () => {
    const kernel = createKernel({ plugins: [httpPlugin({ port: 0, openapi: { enabled: false } }), notes()] });
    await kernel.start();
    onTestFinished(async () => void (await kernel.stop()));
    const { url } = kernel.get(httpServiceToken).address as { url: string };
    expect((await fetch(`${url}/openapi.json`)).status).toBe(404);
  });
});
