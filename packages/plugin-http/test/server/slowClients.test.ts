import { connect, type Socket } from 'node:net';
import { createHttpServer } from '@cortex-os/plugin-http';
import { JSON_SLICE_CHARS } from '../../src/server/jsonBodyParser.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';

/** A raw connection: what it received by the time the server closed it. */
function rawClient(url: string): { readonly socket: Socket; readonly closed: Promise<string>; readonly connected: Promise<void> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => undefined);
  return {
    socket,
    connected: new Promise((resolve) => socket.once('connect', () => resolve())),
    closed: new Promise((resolve) => socket.once('close', () => resolve(text))),
  };
}

describe('slow and abusive clients (issue 14 §2)', () => {
  it('answers 408 and closes a client that trickles its headers or its body, and drains without waiting for them', async () => {
    const server = createHttpServer({ timeouts: { headersMs: 150, requestMs: 300 } });
    server.route({ method: 'POST', path: '/echo', handler: ({ body }) => body });
    const { url, host, port } = await server.listen();
    const slowHeaders = rawClient(url);
    await slowHeaders.connected;
    slowHeaders.socket.write(`POST /echo HTTP/1.1\r\nHost: ${host}:${port}\r\n`);
    const slowBody = rawClient(url);
    await slowBody.connected;
    slowBody.socket.write(
      `POST /echo HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":`,
    );

    for (const answer of [await slowHeaders.closed, await slowBody.closed]) {
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer).toMatch(/content-type: application\/problem\+json/i);
      expect(answer).toContain('"code":"HTTP_REQUEST_TIMEOUT"');
    }
    expect(await server.shutdown()).toMatchObject({ outcome: 'drained', cut: 0 });
  });

  it('closes connections beyond maxConnections at once and keeps serving the others', async () => {
    await using server = createHttpServer({ maxConnections: 1 });
    server.route({ method: 'GET', path: '/ping', handler: () => ({ pong: true }) });
    const { url, host, port } = await server.listen();
    const first = rawClient(url);
    await first.connected;
    const second = rawClient(url);
    expect(await second.closed).toBe('');
    first.socket.end(`GET /ping HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: close\r\n\r\n`);
    expect(await first.closed).toMatch(/^HTTP\/1\.1 200 [\s\S]*\{"pong":true\}$/);
  });

  it('answers a JSON body nested 10,000 deep with 400 HTTP_BODY_TOO_DEEP', async () => {
    await using server = createHttpServer({ maxJsonDepth: 32 });
    server.route({ method: 'POST', path: '/echo', handler: ({ body }) => body });
    const { url } = await server.listen();
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const response = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'HTTP_BODY_TOO_DEEP',
      detail: 'Request body nests arrays and objects deeper than 32 levels.',
    });
    const fine = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[[[1]]]' });
    expect(await fine.json()).toEqual([[[1]]]);
  });
});

describe('a maximum-size body does not hold the event loop (issue 14 §2)', () => {
  it('answers /live, sent while a 1 MiB body is checked, before that body is answered', async () => {
    const order: string[] = [];
    let url = '';
    let live: Promise<void> | undefined;
    const server = createHttpServer({
      // The first time the parser lets the loop run, a probe goes out; the body waits for its answer.
      yieldToLoop: async () => {
        live ??= fetch(`${url}/live`)
          .then((r) => r.text())
          .then(() => void order.push('live answered'));
        await live;
      },
    });
    onTestFinished(() => server.shutdown().then(() => undefined));
    server.route({ method: 'GET', path: '/live', auth: 'none', handler: () => ({ status: 'pass' }) });
    server.route({ method: 'POST', path: '/batch', handler: ({ body }) => ({ items: (body as unknown[]).length }) });
    url = (await server.listen()).url;
    const items = Array.from({ length: 18_000 }, (_, i) => ({ id: i, text: 'x'.repeat(30) }));
    const body = JSON.stringify(items);
    expect(body.length).toBeGreaterThan(900_000);
    expect(body.length).toBeLessThan(1_048_576);
    const response = await fetch(`${url}/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    order.push('batch answered');
    expect(await response.json()).toEqual({ items: 18_000 });
    expect(order).toEqual(['live answered', 'batch answered']);
  });
});

describe('the request timeout on a kept-alive connection (issue 14 §2)', () => {
  it('restarts for every request: an old connection still gets a full requestMs, and a trickled later body gets 408', async () => {
    const requestMs = 300;
    await using server = createHttpServer({ timeouts: { headersMs: 150, requestMs, keepAliveMs: 10_000 } });
    // The handler's own time is not limited: holding longer than requestMs ages the connection past it.
    server.route({
      method: 'GET',
      path: '/hold',
      handler: () => new Promise((resolve) => setTimeout(() => resolve({ held: true }), 2 * requestMs)),
    });
    server.route({ method: 'POST', path: '/echo', handler: ({ body }) => body });
    const { url, host, port } = await server.listen();
    const client = rawClient(url);
    await client.connected;
    const responses: string[] = [];
    let pending = '';
    const nextResponse = (): Promise<string> =>
      new Promise((resolve) => {
        const onData = (chunk: string): void => {
          pending += chunk;
          // Each answer here is small JSON with a content-length: complete once its body arrived.
          const match = /content-length: (\d+)\r\n[\s\S]*?\r\n\r\n/i.exec(pending);
          if (match === null) return;
          const end = match.index + match[0].length + Number(match[1]);
          if (pending.length < end) return;
          client.socket.off('data', onData);
          responses.push(pending.slice(0, end));
          pending = pending.slice(end);
          resolve(responses.at(-1) as string);
        };
        client.socket.on('data', onData);
      });
    const head = `Host: ${host}:${port}\r\nConnection: keep-alive`;
    client.socket.write(`GET /hold HTTP/1.1\r\n${head}\r\n\r\n`);
    expect(await nextResponse()).toMatch(/^HTTP\/1\.1 200 [\s\S]*\{"held":true\}$/);
    // The connection is now older than requestMs; a request sent whole is served.
    client.socket.write(`POST /echo HTTP/1.1\r\n${head}\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}`);
    expect(await nextResponse()).toMatch(/^HTTP\/1\.1 200 [\s\S]*\{"a":1\}$/);
    // A later request that trickles its body is timed from its own start and closed with 408.
    client.socket.write(`POST /echo HTTP/1.1\r\n${head}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":`);
    const rest = await client.closed;
    expect(rest.slice(rest.indexOf('HTTP/1.1 408'))).toMatch(/^HTTP\/1\.1 408 [\s\S]*"code":"HTTP_REQUEST_TIMEOUT"/);
  });
});

describe('a maximum-size body is parsed in slices too (issue 14 §2)', () => {
  const items = Array.from({ length: 18_000 }, (_, i) => ({ id: i, text: 'x'.repeat(30) }));
  const body = JSON.stringify(items);
  // The depth check lets the loop run once per 64 KiB slice and once after; later yields are the parse's.
  const depthCheckYields = Math.ceil(body.length / JSON_SLICE_CHARS) + 1;

  it('answers /live, sent while the checked body is being parsed, before that body is answered', async () => {
    const order: string[] = [];
    let url = '';
    let yields = 0;
    let live: Promise<void> | undefined;
    const server = createHttpServer({
      yieldToLoop: async () => {
        yields += 1;
        if (yields === depthCheckYields + 2) {
          live = fetch(`${url}/live`)
            .then((r) => r.text())
            .then(() => void order.push('live answered'));
          await live;
        }
      },
    });
    onTestFinished(() => server.shutdown().then(() => undefined));
    server.route({ method: 'GET', path: '/live', auth: 'none', handler: () => ({ status: 'pass' }) });
    server.route({ method: 'POST', path: '/echo', handler: ({ body: b }) => b });
    url = (await server.listen()).url;
    const response = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    order.push('echo answered');
    expect(await response.json()).toEqual(items);
    expect(order).toEqual(['live answered', 'echo answered']);
  });

  it('answers a large malformed body with JSON.parse’s own words, and a large deep one with HTTP_BODY_TOO_DEEP', async () => {
    await using server = createHttpServer({ maxJsonDepth: 16 });
    server.route({ method: 'POST', path: '/echo', handler: ({ body: b }) => b });
    const { url } = await server.listen();
    const post = (text: string) => fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    // An empty element between two objects, half-way through.
    const at = body.indexOf('},{', 500_000) + 1;
    const broken = `${body.slice(0, at)},${body.slice(at)}`;
    let parseError = '';
    try {
      JSON.parse(broken);
    } catch (error) {
      parseError = (error as Error).message;
    }
    const malformed = await post(broken);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      code: 'HTTP_BODY_MALFORMED',
      detail: expect.stringContaining(`Request body is not valid JSON: ${parseError}.`),
    });
    const deep = `[${body.slice(1, -1)},${'['.repeat(40)}${']'.repeat(40)}]`;
    const tooDeep = await post(deep);
    expect(tooDeep.status).toBe(400);
    expect(await tooDeep.json()).toMatchObject({ code: 'HTTP_BODY_TOO_DEEP' });
  });
});

/** A body shape a route may declare, its schema built around the counted element schema, and a body of `count` elements. */
interface SlicedShape {
  readonly name: string;
  readonly schema: (element: z.ZodType) => z.ZodType;
  readonly body: (elements: { id: number; text: string }[]) => unknown;
  /** Where the failing element's issue is reported. */
  readonly failingPath: (index: number) => string;
}

const SLICED_SHAPES: readonly SlicedShape[] = [
  {
    name: 'an object with a top-level array',
    schema: (element) => z.object({ label: z.string(), items: z.array(element).min(1) }),
    body: (items) => ({ label: 'batch', items }),
    failingPath: (i) => `items[${i}]`,
  },
  {
    name: 'a top-level array',
    schema: (element) => z.array(element).max(20_000),
    body: (items) => items,
    failingPath: (i) => `[${i}]`,
  },
  {
    name: 'arrays inside objects inside an array',
    schema: (element) => z.array(z.object({ group: z.number(), items: z.array(element) })),
    body: (items) => Array.from({ length: 6 }, (_, group) => ({ group, items: items.slice(group * 3000, (group + 1) * 3000) })),
    failingPath: (i) => `[${Math.floor(i / 3000)}].items[${i % 3000}]`,
  },
  {
    name: 'a record with many keys',
    schema: (element) => z.object({ byId: z.record(z.string(), element) }),
    body: (items) => ({ byId: Object.fromEntries(items.map((item) => [`k${item.id}`, item])) }),
    failingPath: (i) => `byId.k${i}`,
  },
];

describe('a maximum-size body is validated in slices too, valid or not, whatever its shape (issue 14 §2)', () => {
  const count = 18_000;
  const failing = 17_001;
  for (const shape of SLICED_SHAPES) {
    for (const valid of [true, false]) {
      it(`answers /live, sent while ${valid ? 'a valid' : 'an invalid'} body (${shape.name}) is validated, before that validation completes`, async () => {
        const order: string[] = [];
        let checked = 0;
        let url = '';
        let live: Promise<void> | undefined;
        const server = createHttpServer({
          // Once the body's validation has begun, the next yield sends a probe and waits for its answer.
          yieldToLoop: async () => {
            if (checked === 0 || live !== undefined) return;
            live = fetch(`${url}/live`)
              .then((r) => r.text())
              .then(() => void order.push('live answered'));
            await live;
          },
        });
        onTestFinished(() => server.shutdown().then(() => undefined));
        const element = z.object({ id: z.number().int(), text: z.string() }).refine((value) => {
          checked += 1;
          if (checked === 1) order.push('validation started');
          if (checked === count) order.push('validation completed');
          return valid || value.id !== failing;
        }, 'not this one');
        server.route({ method: 'GET', path: '/live', auth: 'none', handler: () => ({ status: 'pass' }) });
        server.route({ method: 'POST', path: '/batch', body: shape.schema(element), handler: () => ({ ok: true }) });
        url = (await server.listen()).url;
        const text = JSON.stringify(shape.body(Array.from({ length: count }, (_, id) => ({ id, text: 'x'.repeat(16) }))));
        expect(text.length).toBeLessThan(1_048_576);
        const response = await fetch(`${url}/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
        order.push('batch answered');
        expect(order).toEqual(['validation started', 'live answered', 'validation completed', 'batch answered']);
        // Each element was validated once: the final step took the sliced elements' results as they were.
        expect(checked).toBe(count);
        if (valid) {
          expect(await response.json()).toEqual({ ok: true });
          return;
        }
        expect(response.status).toBe(400);
        const problem = (await response.json()) as { code: string; errors: { path: string; code: string; message: string }[] };
        expect(problem.code).toBe('HTTP_REQUEST_INVALID');
        expect(problem.errors).toEqual([{ location: 'body', path: shape.failingPath(failing), code: 'custom', message: 'not this one' }]);
      });
    }
  }

  it('answers a large body that fails in every element with its first 100 issues and the count of the others', async () => {
    await using server = createHttpServer();
    server.route({ method: 'POST', path: '/batch', body: z.array(z.object({ id: z.number() })), handler: () => ({ ok: true }) });
    const { url } = await server.listen();
    const body = JSON.stringify(Array.from({ length: 18_000 }, (_, i) => ({ id: `n${i}`, pad: 'x'.repeat(20) })));
    const response = await fetch(`${url}/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; detail: string; errors: { path: string }[] };
    expect(problem.code).toBe('HTTP_REQUEST_INVALID');
    expect(problem.errors.map((e) => e.path)).toEqual(Array.from({ length: 100 }, (_, i) => `[${i}].id`));
    expect(problem.detail).toMatch(/^Invalid request: body\[0\]\.id: .*; body\[99\]\.id: [^;]*\(and 17900 more issues\)\.$/);
  });

  it('answers a large body that fails its schema with the same issues as a small one', async () => {
    await using server = createHttpServer();
    server.route({
      method: 'POST',
      path: '/batch',
      body: z.object({ items: z.array(z.object({ id: z.number() })).max(20_000), label: z.string() }),
      handler: () => ({ ok: true }),
    });
    const { url } = await server.listen();
    const items: unknown[] = Array.from({ length: 18_000 }, (_, i) => ({ id: i, pad: 'x'.repeat(30) }));
    items[17_001] = { id: 'seventeen' };
    const response = await fetch(`${url}/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; errors: { location: string; path: string; code: string }[] };
    expect(problem.code).toBe('HTTP_REQUEST_INVALID');
    expect(problem.errors.map(({ location, path, code }) => ({ location, path, code }))).toEqual([
      { location: 'body', path: 'items[17001].id', code: 'invalid_type' },
      { location: 'body', path: 'label', code: 'invalid_type' },
    ]);
  });
});

describe('the keep-alive timeout (issue 14 §2)', () => {
  it('closes a kept-alive connection that stays idle beyond keepAliveMs, after answering its request', async () => {
    // The default (72 s) is far beyond this test's time limit: the close must come from the option.
    await using server = createHttpServer({ timeouts: { keepAliveMs: 100 } });
    server.route({ method: 'GET', path: '/ping', handler: () => ({ pong: true }) });
    const { url, host, port } = await server.listen();
    const client = rawClient(url);
    await client.connected;
    client.socket.write(`GET /ping HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: keep-alive\r\n\r\n`);
    const received = await client.closed;
    expect(received).toMatch(/^HTTP\/1\.1 200 [\s\S]*keep-alive[\s\S]*\{"pong":true\}$/i);
  });
});
