import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel, routerPlugin, type Kernel } from '@cortex-os/kernel';
import { httpPlugin, httpServiceToken } from '@cortex-os/plugin-http';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin, memoryServiceToken, type MemoryService } from '@cortex-os/plugin-memory';

// One real server for every test in this file (real SQLite file, real HTTP on 127.0.0.1).
const dir = mkdtempSync(join(tmpdir(), 'memory-rest-'));
let kernel: Kernel;
let base: string;
let memory: MemoryService;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  kernel = createKernel({
    plugins: [
      httpPlugin({ port: 0, metrics: { enabled: false, path: '/metrics', defaultMetrics: false }, tracing: { enabled: false } }),
      routerPlugin(),
      localEmbeddersPlugin(),
      memoryPlugin({
        dataDir: dir,
        store: { kind: 'sqlite', vectorIndex: 'hnsw', synchronous: 'normal' },
        rest: { enabled: true, prefix: '/memories', bodyLimitBytes: 2 * 1024 * 1024 },
      }),
    ],
  });
  await kernel.start();
  base = (await kernel.get(httpServiceToken).listen()).url;
  memory = kernel.get(memoryServiceToken);
});
afterAll(async () => {
  await kernel?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of every route, read field by field in assertions
  body: any;
}
async function send(method: string, path: string, body?: unknown, raw?: string): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined && raw === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

describe('memory REST API', () => {
  it('creates, reads, searches, updates, lists, reports and deletes', async () => {
    const one = await send('POST', '/memories', { text: 'The deploy key rotates every 90 days', kind: 'fact', tags: ['ops'] });
    expect(one.status).toBe(201);
    const id = one.body.memory.id as string;
    const batch = await send('POST', '/memories', {
      memories: [
        {
          text: 'a red square on the login page',
          modality: 'image',
          mediaType: 'image/png',
          content: PNG.toString('base64'),
          tags: ['ui'],
        },
        { text: '\'; DROP TABLE memories; -- NEAR("deploy" key) * ^ AND OR', tags: ['sql'] },
      ],
    });
    expect(batch.status).toBe(201);
    expect(batch.body.memories).toHaveLength(2);
    const image = await send('GET', `/memories/${batch.body.memories[0].id}`);
    expect(image.status).toBe(200);
    expect(Buffer.from(image.body.content, 'base64').equals(PNG)).toBe(true);
    const search = await send('POST', '/memories/search', { query: 'when does the deploy key rotate?', limit: 3 });
    expect(search.status).toBe(200);
    expect(search.body.mode).toBe('hybrid');
    expect(search.body.hits[0].memory.id).toBe(id);
    expect(search.body.hits[0]).toMatchObject({ score: expect.any(Number), semanticScore: expect.any(Number), keywordScore: 1 });
    const sql = await send('POST', '/memories/search', { query: "'; DROP TABLE memories; --", mode: 'keyword' });
    expect(sql.body.hits.map((h: { memory: { id: string } }) => h.memory.id)).toEqual([batch.body.memories[1].id]);
    const patched = await send('PATCH', `/memories/${id}`, { text: 'The deploy key rotates every 30 days' });
    expect(patched.status).toBe(200);
    expect(patched.body.memory.version).toBe(2);
    const history = await send('GET', `/memories/${id}/history`);
    expect(history.body.revisions.map((r: { text: string }) => r.text)).toEqual(['The deploy key rotates every 90 days']);
    const listed = await send('GET', '/memories?tags=ui&modalities=image');
    expect(listed.body.items.map((m: { id: string }) => m.id)).toEqual([batch.body.memories[0].id]);
    const stats = await send('GET', '/memories/stats');
    expect(stats.body).toMatchObject({ total: 3, semantic: { available: true, model: 'cortex-hashing-v1-384' } });
    expect((await send('DELETE', `/memories/${id}`)).status).toBe(204);
    expect((await send('DELETE', `/memories/${id}`)).status).toBe(404);
    const gone = await send('GET', `/memories/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'MEMORY_NOT_FOUND', status: 404 });
    expect((await send('GET', `/memories/${id}/history`)).status).toBe(404);
  });

  it('answers 400 naming the bad field, and 413 for oversize content', async () => {
    const badId = await send('GET', '/memories/not-an-id');
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([expect.objectContaining({ location: 'params', path: 'id' })]);
    const badTag = await send('POST', '/memories', { text: 'x', tags: ['ok', 'bad\u0007tag'] });
    expect(badTag.status).toBe(400);
    expect(badTag.body.code).toBe('MEMORY_INPUT_INVALID');
    expect(badTag.body.errors).toEqual([expect.objectContaining({ path: 'tags.1' })]);
    const badBatch = await send('POST', '/memories', { memories: [{ text: 'ok' }, { text: 5 }] });
    expect(badBatch.body.errors).toEqual([expect.objectContaining({ path: 'memories.1.text' })]);
    const badLimit = await send('POST', '/memories/search', { query: 'x', limit: 0 });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors).toEqual([expect.objectContaining({ location: 'body', path: 'limit' })]);
    const badQuery = await send('GET', '/memories?modalities=smell');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors[0]).toMatchObject({ location: 'query', path: expect.stringMatching(/^modalities/) });
    const badPatch = await send('PATCH', '/memories/0190d1c2-3b4a-7c5d-8e6f-0123456789ab', { colour: 'red' });
    expect(badPatch.status).toBe(400);
    const longText = await send('POST', '/memories', { text: 'x'.repeat(1_000_001) });
    expect(longText.status).toBe(413);
    expect(longText.body.code).toBe('MEMORY_CONTENT_TOO_LARGE');
    const hugeBody = await send('POST', '/memories', { text: 'y'.repeat(3 * 1024 * 1024) });
    expect(hugeBody.status).toBe(413);
    const notPng = await send('POST', '/memories', {
      text: 'fake',
      modality: 'image',
      mediaType: 'image/png',
      content: Buffer.from('MZ not a png at all').toString('base64'),
    });
    expect(notPng.status).toBe(415);
    expect((await send('POST', '/memories', undefined, '{"text": "unterminated')).status).toBe(400);
  });

  it('survives 10,000 generated requests across every route: no 5xx, the store consistent after (fast-check)', async () => {
    const known: string[] = [];
    const fragment = fc.constantFrom(
      "'; DROP TABLE memories; --",
      "' OR 1=1 --",
      'NEAR(a b)',
      '"',
      '*',
      '^',
      'text:',
      'AND',
      'OR NOT',
      '(',
      ')',
      '\u0000',
      '\u0007',
      '\u001b[2J',
      '\ud800',
      '😀',
      'café',
      'deploy',
      'key',
      ' ',
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.array(fragment, { maxLength: 8 }).map((p) => p.join('')),
    );
    const tag = fc.oneof(text, fc.constantFrom('ops', 'ui'));
    const memoryBody = fc.record(
      {
        text,
        kind: fc.oneof(fc.constantFrom('note', 'fact', 'x.y-z'), text),
        tags: fc.array(tag, { maxLength: 4 }),
        metadata: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
        modality: fc.constantFrom('text', 'image', 'audio', 'smell'),
        mediaType: fc.constantFrom('image/png', 'audio/wav', 'text/plain', 'IMAGE/PNG'),
        content: fc.oneof(fc.constant(PNG.toString('base64')), fc.base64String({ maxLength: 40 }), text),
        tier: fc.constantFrom('ltm', 'stm', 'mid'),
        expiresAt: fc.oneof(fc.integer(), fc.double()),
      },
      { requiredKeys: [] },
    );
    const anyJson = fc.jsonValue({ maxDepth: 3 });
    const id = fc.oneof(
      fc.constantFrom(...['0190d1c2-3b4a-7c5d-8e6f-0123456789ab', 'x', '%00', "1'--", '..%2F..%2Fetc']),
      fc.nat().map((i) => known[i % Math.max(1, known.length)] ?? '0190d1c2-3b4a-7c5d-8e6f-0123456789ab'),
      fc.uuid(),
    );
    const searchBody = fc.oneof(
      fc.record(
        {
          query: text,
          mode: fc.constantFrom('hybrid', 'rrf', 'semantic', 'keyword', 'magic'),
          limit: fc.oneof(fc.integer({ min: -2, max: 1002 }), fc.constant('10')),
          weights: fc.record({ semantic: fc.double(), keyword: fc.double() }),
          filter: fc.record({ tags: fc.array(tag, { maxLength: 2 }), kinds: fc.array(text, { maxLength: 2 }) }, { requiredKeys: [] }),
        },
        { requiredKeys: ['query'] },
      ),
      anyJson,
    );
    const query = fc.dictionary(
      fc.constantFrom('kinds', 'tags', 'modalities', 'tiers', 'createdFrom', 'createdTo', 'limit', 'cursor', 'x'),
      fc.oneof(text, fc.integer().map(String)),
      { maxKeys: 4 },
    );
    type Request = { method: string; path: string; body?: unknown };
    const request: fc.Arbitrary<Request> = fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .oneof(memoryBody, fc.record({ memories: fc.array(memoryBody, { minLength: 0, maxLength: 3 }) }), anyJson)
          .map((body) => ({ method: 'POST', path: '/memories', body })),
      },
      { weight: 3, arbitrary: searchBody.map((body) => ({ method: 'POST', path: '/memories/search', body })) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(id, fc.oneof(memoryBody, anyJson))
          .map(([i, body]) => ({ method: 'PATCH', path: `/memories/${encodeURIComponent(i)}`, body })),
      },
      { weight: 1, arbitrary: query.map((q) => ({ method: 'GET', path: `/memories?${new URLSearchParams(q).toString()}` })) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom('GET', 'DELETE', 'GET /history'), id)
          .map(([m, i]) =>
            m === 'GET /history'
              ? { method: 'GET', path: `/memories/${encodeURIComponent(i)}/history` }
              : { method: m, path: `/memories/${encodeURIComponent(i)}` },
          ),
      },
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const answer = await send(r.method, r.path, r.body);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 201) known.push(...(answer.body.memories ?? [answer.body.memory]).map((m: { id: string }) => m.id));
        if (answer.status >= 500) throw new Error(`${r.method} ${r.path} → ${answer.status}: ${JSON.stringify(answer.body)}`);
        if (answer.status >= 400) expect(answer.body).toMatchObject({ code: expect.any(String), status: answer.status });
      }),
      { numRuns: 10_000, seed: 20_261_122, endOnFailure: true },
    );
    // Every status class seen, so the generators reached the handlers and not only the validators.
    expect([...statuses.keys()].filter((s) => s >= 200 && s < 300).length).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    const integrity = await memory.backend.checkIntegrity();
    expect(integrity).toMatchObject({ ok: true, database: 'ok', missingFromIndex: [], extraInIndex: 0 });
    const stats = await send('GET', '/memories/stats');
    let listed = 0;
    let cursor: string | undefined;
    do {
      const page = await send('GET', `/memories?limit=1000${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
      listed += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor !== undefined);
    expect(listed).toBe(stats.body.total);
  }, 120_000);
});
