import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PNG, useMemoryRestServer } from './memoryRestServer.js';

const server = useMemoryRestServer();
const { send } = server;

describe('memory REST API under generated requests', () => {
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
          .map((body) => ({ method: 'POST', path: '/api/v1/memories', body })),
      },
      { weight: 3, arbitrary: searchBody.map((body) => ({ method: 'POST', path: '/api/v1/memories/search', body })) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(id, fc.oneof(memoryBody, anyJson))
          .map(([i, body]) => ({ method: 'PATCH', path: `/api/v1/memories/${encodeURIComponent(i)}`, body })),
      },
      { weight: 1, arbitrary: query.map((q) => ({ method: 'GET', path: `/api/v1/memories?${new URLSearchParams(q).toString()}` })) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom('GET', 'DELETE', 'GET /history'), id)
          .map(([m, i]) =>
            m === 'GET /history'
              ? { method: 'GET', path: `/api/v1/memories/${encodeURIComponent(i)}/history` }
              : { method: m, path: `/api/v1/memories/${encodeURIComponent(i)}` },
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
    const integrity = await server.memory.backend.checkIntegrity();
    expect(integrity).toMatchObject({ ok: true, database: 'ok', missingFromIndex: [], extraInIndex: 0 });
    const stats = await send('GET', '/api/v1/memories/stats');
    let listed = 0;
    let cursor: string | undefined;
    do {
      const page = await send('GET', `/api/v1/memories?limit=1000${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
      listed += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor !== undefined);
    expect(listed).toBe(stats.body.total);
  }, 120_000);
});
