import { createToken, defineTool, definePlugin, toolResult } from '@cortex-os/kernel';
import { httpServiceToken } from '@cortex-os/http-api';
import { createHttpServer, type ProblemDetails } from '@cortex-os/plugin-http';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestRuntime } from './runtimeFixture.js';

const TOKEN = 'test-token-0123456789abcdef';
const requestScopedToken = createToken<{ readonly id: number; disposed: boolean }>('test.request-scoped');
const disposedIds: number[] = [];
let created = 0;

const notesPlugin = definePlugin({
  name: 'notes',
  version: '1.0.0',
  requires: { http: httpServiceToken },
  provides: { requestScoped: requestScopedToken },
  register({ binder }) {
    binder.bind({
      token: requestScopedToken,
      lifetime: 'scoped',
      factory: () => ({ id: ++created, disposed: false }),
      dispose: (value) => {
        value.disposed = true;
        disposedIds.push(value.id);
      },
    });
  },
  start({ deps, tools }) {
    deps.http.route({
      method: 'POST',
      path: '/notes/:id',
      params: z.object({ id: z.coerce.number().int().positive() }),
      query: z.object({ draft: z.enum(['yes', 'no']).default('no') }),
      body: z.object({ text: z.string().min(1), tags: z.array(z.string()).default([]) }),
      response: z.object({ id: z.number(), text: z.string(), draft: z.boolean(), scope: z.number() }),
      bodyLimitBytes: 256,
      handler: ({ params, query, body, scope }) => ({
        status: 201,
        body: { id: params.id, text: body.text, draft: query.draft === 'yes', scope: scope.get(requestScopedToken).id },
      }),
    });
    deps.http.route({ method: 'GET', path: '/broken', response: z.object({ ok: z.boolean() }), handler: () => ({ ok: 'yes' }) });
    deps.http.route({
      method: 'GET',
      path: '/crash',
      handler: () => {
        throw new Error('secret: /var/lib/db password=hunter2');
      },
    });
    deps.http.route({ method: 'GET', path: '/open', auth: 'none', handler: ({ principal }) => ({ principal: principal ?? null }) });
    deps.http.route({ method: 'GET', path: '/who', handler: ({ principal, requestId }) => ({ principal, requestId }) });
    tools.register(
      defineTool({
        name: 'math.add',
        description: 'Adds two numbers.',
        input: z.object({ a: z.number(), b: z.number() }),
        output: z.object({ sum: z.number() }),
        handler: ({ a, b }) => ({ sum: a + b }),
      }),
    );
    tools.register(
      defineTool({
        name: 'math.fail',
        description: 'Always fails.',
        input: z.object({}),
        handler: () => {
          throw new Error('database password=hunter2 at /srv/db');
        },
      }),
    );
    tools.register(
      defineTool({
        name: 'text.echo',
        description: 'Echoes.',
        input: z.object({ text: z.string() }),
        handler: ({ text }) => toolResult({ structured: { text }, content: [{ type: 'text', text }] }),
      }),
    );
  },
});

async function problem(response: Response): Promise<ProblemDetails> {
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const body = (await response.json()) as ProblemDetails;
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return body;
}

describe('HTTP service: routes, validation, problem+json', () => {
  it('validates params, query, body and response with zod and runs each request in its own DI scope', async () => {
    await using runtime = await startTestRuntime([notesPlugin()]);
    const ok = await fetch(runtime.url('/notes/7?draft=yes'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(ok.status).toBe(201);
    const first = (await ok.json()) as { scope: number };
    expect(first).toMatchObject({ id: 7, text: 'hi', draft: true });
    const again = (await (
      await fetch(runtime.url('/notes/8'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' })
    ).json()) as { scope: number };
    expect(again.scope).not.toBe(first.scope);
    expect(disposedIds).toContain(first.scope);

    const bad = await fetch(runtime.url('/notes/0?draft=maybe'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '', tags: [1] }),
    });
    expect(bad.status).toBe(400);
    const p = await problem(bad);
    expect(p.code).toBe('HTTP_REQUEST_INVALID');
    expect(p.errors?.map((e) => `${e.location}:${e.path}`).sort()).toEqual(['body:tags[0]', 'body:text', 'params:id', 'query:draft']);
    expect(p.requestId).toBe(bad.headers.get('x-request-id'));
  });

  it('answers malformed JSON with 400 naming the problem, and oversized bodies with 413', async () => {
    await using runtime = await startTestRuntime([notesPlugin()]);
    const malformed = await fetch(runtime.url('/notes/1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text": "a",}',
    });
    expect(malformed.status).toBe(400);
    const p = await problem(malformed);
    expect(p.code).toBe('HTTP_BODY_MALFORMED');
    expect(p.detail).toMatch(/^Request body is not valid JSON: .*position 13/);

    const big = await fetch(runtime.url('/notes/1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(1000) }),
    });
    expect(big.status).toBe(413);
    expect((await problem(big)).code).toBe('HTTP_BODY_TOO_LARGE');

    const media = await fetch(runtime.url('/notes/1'), { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' });
    expect(media.status).toBe(415);
    expect((await problem(media)).code).toBe('HTTP_MEDIA_TYPE_UNSUPPORTED');
  });

  it('gives every request an x-request-id, taking the caller’s when well-formed', async () => {
    await using runtime = await startTestRuntime([notesPlugin()]);
    const given = await fetch(runtime.url('/who'), { headers: { 'x-request-id': 'req-42.a:b' } });
    expect(given.headers.get('x-request-id')).toBe('req-42.a:b');
    expect(((await given.json()) as { requestId: string }).requestId).toBe('req-42.a:b');
    const forged = await fetch(runtime.url('/nowhere'), { headers: { 'x-request-id': 'bad id with spaces' } });
    const id = forged.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const p = await problem(forged);
    expect(p).toMatchObject({
      status: 404,
      code: 'HTTP_ROUTE_NOT_FOUND',
      requestId: id,
      instance: '/nowhere',
      type: 'urn:cortex-os:problem:HTTP_ROUTE_NOT_FOUND',
    });
  });

  it('hides handler internals: 500 problem+json without message or stack', async () => {
    await using runtime = await startTestRuntime([notesPlugin()]);
    const crash = await fetch(runtime.url('/crash'));
    expect(crash.status).toBe(500);
    const p = await problem(crash);
    expect(p.code).toBe('HTTP_INTERNAL_ERROR');
    expect(JSON.stringify(p)).not.toContain('hunter2');
    const broken = await fetch(runtime.url('/broken'));
    expect(broken.status).toBe(500);
    expect((await problem(broken)).code).toBe('HTTP_RESPONSE_INVALID');
  });

  it('rejects a foreign Origin with 403 but allows loopback origins', async () => {
    await using runtime = await startTestRuntime([notesPlugin()]);
    const foreign = await fetch(runtime.url('/open'), { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect((await problem(foreign)).code).toBe('HTTP_FORBIDDEN');
    expect((await fetch(runtime.url('/open'), { headers: { origin: 'http://localhost:5173' } })).status).toBe(200);
    // An opaque origin (sandboxed frame, file: page) is foreign unless listed.
    expect((await fetch(runtime.url('/open'), { headers: { origin: 'null' } })).status).toBe(403);
  });

  it('allows listed origins as browsers send them, and refuses a listed origin written as a host name at assembly', async () => {
    await using runtime = await startTestRuntime([notesPlugin()], { allowedOrigins: ['https://app.example'] });
    expect((await fetch(runtime.url('/open'), { headers: { origin: 'https://app.example' } })).status).toBe(200);
    expect((await fetch(runtime.url('/open'), { headers: { origin: 'https://APP.example:443' } })).status).toBe(200);
    expect((await fetch(runtime.url('/open'), { headers: { origin: 'http://app.example' } })).status).toBe(403);
    await expect(startTestRuntime([], { allowedOrigins: ['app.example'] })).rejects.toThrow(
      'Plugin "http" options are invalid: allowedOrigins[0]: not an origin as browsers send it: scheme://host[:port] without a path, e.g. https://app.example.',
    );
  });
});

describe('HTTP service: REST base path', () => {
  it('mounts route families under /api/v1 and keeps probes, /metrics and /describe at the root', async () => {
    await using runtime = await startTestRuntime([notesPlugin()]);
    expect(runtime.http?.restBasePath).toBe('/api/v1');
    expect((await fetch(runtime.url('/api/v1/tools'))).status).toBe(200);
    expect((await problem(await fetch(runtime.url('/tools')))).code).toBe('HTTP_ROUTE_NOT_FOUND');
    expect((await fetch(runtime.url('/metrics'))).status).toBe(200);
    expect((await fetch(runtime.url('/describe'))).status).toBe(200);
  });

  it('mounts them where restBasePath says, the tools prefix relative to it', async () => {
    await using root = await startTestRuntime([], { restBasePath: '', tools: { enabled: true, prefix: '/tools' } });
    expect((await fetch(root.url('/tools'))).status).toBe(200);
    await using custom = await startTestRuntime([], { restBasePath: '/rest/v2', tools: { enabled: true, prefix: '/fns' } });
    expect((await fetch(custom.url('/rest/v2/fns'))).status).toBe(200);
    expect((await fetch(custom.url('/api/v1/tools'))).status).toBe(404);
  });
});

describe('HTTP service: bearer authentication', () => {
  it('requires a configured bearer token on default routes, not on auth: none routes', async () => {
    await using runtime = await startTestRuntime([notesPlugin()], { auth: { tokens: [{ token: TOKEN, principal: 'ci' }] } });
    const none = await fetch(runtime.url('/who'));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="cortex-os"');
    expect((await problem(none)).code).toBe('HTTP_UNAUTHORIZED');
    expect((await fetch(runtime.url('/who'), { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const ok = await fetch(runtime.url('/who'), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(((await ok.json()) as { principal: string }).principal).toBe('ci');
    expect((await fetch(runtime.url('/open'))).status).toBe(200);
    expect((await fetch(runtime.url('/api/v1/tools'))).status).toBe(401);
  });

  it('refuses to listen beyond loopback without a token, with a clear error', async () => {
    const server = createHttpServer({ host: '0.0.0.0', port: 0 });
    await expect(server.listen()).rejects.toMatchObject({
      code: 'HTTP_AUTH_REQUIRED',
      message: expect.stringContaining('listening beyond loopback requires bearer authentication'),
    });
    await server.shutdown();
  });

  it('refuses routes that require auth when no token is configured', async () => {
    const server = createHttpServer();
    server.route({ method: 'GET', path: '/admin', auth: 'required', handler: () => 'x' });
    await expect(server.listen()).rejects.toMatchObject({ code: 'HTTP_AUTH_REQUIRED', message: expect.stringContaining('GET /admin') });
    await server.shutdown();
  });

  it('rejects routes added after listening and duplicate routes', async () => {
    await using server = createHttpServer();
    server.route({ method: 'GET', path: '/a', handler: () => 'a' });
    expect(() => server.route({ method: 'GET', path: '/a', handler: () => 'b' })).toThrow(
      expect.objectContaining({ code: 'HTTP_ROUTE_INVALID' }),
    );
    await server.listen();
    expect(() => server.route({ method: 'GET', path: '/b', handler: () => 'b' })).toThrow(/already listening/);
  });
});

describe('tools over REST', () => {
  it('lists tools with JSON Schemas and calls them with the registry’s validation and errors', async () => {
    await using runtime = await startTestRuntime([notesPlugin()]);
    const list = (await (await fetch(runtime.url('/api/v1/tools'))).json()) as {
      tools: { name: string; inputSchema: { properties: object } }[];
    };
    expect(list.tools.map((t) => t.name)).toEqual(['math.add', 'math.fail', 'text.echo']);
    expect(list.tools[0]?.inputSchema.properties).toHaveProperty('a');

    const call = await fetch(runtime.url('/api/v1/tools/math.add'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 2, b: 3 }),
    });
    expect(call.status).toBe(200);
    expect(await call.json()).toMatchObject({ tool: 'math.add', structured: { sum: 5 }, content: [] });
    const echo = await fetch(runtime.url('/api/v1/tools/text.echo'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text":"hi"}',
    });
    expect(await echo.json()).toMatchObject({ structured: { text: 'hi' }, content: [{ type: 'text', text: 'hi' }] });

    const unknown = await fetch(runtime.url('/api/v1/tools/math.ad'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unknown.status).toBe(404);
    expect(await problem(unknown)).toMatchObject({ code: 'TOOL_UNKNOWN', detail: 'Unknown tool "math.ad". Did you mean "math.add"?' });

    const invalid = await fetch(runtime.url('/api/v1/tools/math.add'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 'two' }),
    });
    expect(invalid.status).toBe(400);
    const p = await problem(invalid);
    expect(p.code).toBe('TOOL_INPUT_INVALID');
    expect(p.errors?.map((e) => e.path).sort()).toEqual(['a', 'b']);
    expect(p.errors?.[0]?.location).toBe('input');

    const failed = await fetch(runtime.url('/api/v1/tools/math.fail'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(failed.status).toBe(500);
    const f = await problem(failed);
    expect(f.code).toBe('TOOL_EXECUTION_FAILED');
    expect(f.detail).toBe(`A tool handler threw or rejected. Request id: ${f.requestId}.`);
    expect(JSON.stringify(f)).not.toContain('hunter2');
  });
});

describe('/describe and /metrics', () => {
  it('describes the plugin graph as JSON and Mermaid', async () => {
    await using runtime = await startTestRuntime([notesPlugin()]);
    const json = (await (await fetch(runtime.url('/describe'))).json()) as {
      state: string;
      plugins: {
        name: string;
        version: string;
        dependsOn: string[];
        provides: string[];
        requires: { token: string; optional: boolean }[];
      }[];
      tools: { name: string }[];
      routes: { path: string }[];
      events: string[];
    };
    expect(json.state).toBe('started');
    expect(json.plugins.map(({ name, version, dependsOn }) => ({ name, version, dependsOn }))).toEqual([
      { name: 'http', version: '0.1.0', dependsOn: [] },
      { name: 'notes', version: '1.0.0', dependsOn: ['http'] },
    ]);
    expect(json.plugins[0]?.provides).toContain('http.service');
    expect(json.plugins[1]?.requires).toContainEqual({ token: 'http.service', optional: false });
    expect(json.tools.map((t) => t.name)).toContain('math.add');
    expect(json.routes.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/api/v1/tools', '/api/v1/tools/:name', '/metrics', '/notes/:id', '/describe']),
    );
    expect(json.events).toContain('tool.execution.completed');
    const mermaid = await fetch(runtime.url('/describe?format=mermaid'));
    expect(mermaid.headers.get('content-type')).toMatch(/^text\/vnd\.mermaid/);
    expect(await mermaid.text()).toContain('t_http_service -- requires --> p_notes');
  });

  it('exports RED per route, tool calls and event bus counters in Prometheus text format', async () => {
    await using runtime = await startTestRuntime([notesPlugin()]);
    const post = (name: string, body: unknown) =>
      fetch(runtime.url(`/api/v1/tools/${name}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await post('math.add', { a: 1, b: 2 });
    await post('math.add', { a: 1, b: 2 });
    await post('math.fail', {});
    const metrics = await fetch(runtime.url('/metrics'));
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await metrics.text();
    expect(text).toContain('http_server_request_duration_seconds_count{method="POST",route="/api/v1/tools/:name",status="200"} 2');
    expect(text).toContain('http_server_request_duration_seconds_count{method="POST",route="/api/v1/tools/:name",status="500"} 1');
    expect(text).toContain('cortex_tool_calls_total{tool="math.add",outcome="ok"} 2');
    expect(text).toContain('cortex_tool_call_errors_total{tool="math.fail",code="TOOL_EXECUTION_FAILED"} 1');
    expect(text).toMatch(/cortex_tool_call_duration_seconds_count\{tool="math.add"\} 2/);
    expect(text).toMatch(/cortex_event_bus_published_total \d+/);
  });
});
