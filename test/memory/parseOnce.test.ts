// Issue 13 §2, parse once: a search query is parsed where it enters (the REST body, the tool's
// input, a direct call) and never again below (service, short-term tier, engine). Counted on the
// schema itself, on each path, through the real kernel, HTTP server and SQLite store.
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { memoryFilterSchema, memoryListOptionsSchema, memorySearchQuerySchema } from '@cortex-os/plugin-memory';
import { createSqliteMemoryStore, createTieredMemoryStore } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';
import { useMemoryRestServer } from './memoryRestServer.js';

const server = useMemoryRestServer();
const query = { query: 'when does the deploy key rotate?', limit: 3 };
let parses: MockInstance[] = [];
const counted = (): number => parses.reduce((n, spy) => n + spy.mock.calls.length, 0);

beforeEach(() => {
  parses = (['safeParse', 'parse', 'safeParseAsync', 'parseAsync'] as const).map((method) => vi.spyOn(memorySearchQuerySchema, method));
});
afterEach(() => {
  for (const spy of parses) spy.mockRestore();
});

describe('a search query is parsed once per request', () => {
  it('over REST: by the server, not again by the service, the tier or the store', async () => {
    await server.send('POST', '/api/v1/memories', { text: 'The deploy key rotates every 90 days' });
    const before = counted();
    const answer = await server.send('POST', '/api/v1/memories/search', query);
    expect(answer.status).toBe(200);
    expect(answer.body.hits).toHaveLength(1);
    expect(counted() - before).toBe(1);
  });

  it('as the memory.search tool: by the kernel, not again below', async () => {
    const before = counted();
    const result = await server.kernel().tools.call<{ hits: unknown[] }>('memory.search', query);
    expect(result.structured?.hits).toHaveLength(1);
    expect(counted() - before).toBe(1);
  });

  it('called on the service, the tiered store or the SQLite store directly: once, at that door', async () => {
    let before = counted();
    expect((await server.memory.search(query)).mode).toBe('hybrid');
    expect(counted() - before).toBe(1);
    const embed = createDeterministicEmbedder();
    await using tiered = createTieredMemoryStore({ longTerm: await createSqliteMemoryStore({ embed }), embed });
    await tiered.store({ text: 'The deploy key rotates every 90 days' });
    await tiered.store({ text: 'User is looking at the billing page', tier: 'stm' });
    before = counted();
    expect(await tiered.search(query)).toHaveLength(2);
    expect(counted() - before).toBe(1);
  });

  it('still refuses a bad query at the door with MEMORY_INPUT_INVALID', async () => {
    await expect(server.memory.search({ query: 'x', limit: -1 })).rejects.toMatchObject({ code: 'MEMORY_INPUT_INVALID' });
  });
});

describe('list options are parsed once per request', () => {
  let listParses: MockInstance[] = [];
  const listCounted = (): number => listParses.reduce((n, spy) => n + spy.mock.calls.length, 0);
  beforeEach(() => {
    listParses = [memoryListOptionsSchema, memoryFilterSchema].flatMap((schema) =>
      (['safeParse', 'parse', 'safeParseAsync', 'parseAsync'] as const).map((method) => vi.spyOn(schema, method)),
    );
  });
  afterEach(() => {
    for (const spy of listParses) spy.mockRestore();
  });

  it('over REST: once where the query string becomes options, not again by the service, the tier or the store', async () => {
    await server.send('POST', '/api/v1/memories', { text: 'listed once', tags: ['once'] });
    const before = listCounted();
    const answer = await server.send('GET', '/api/v1/memories?tags=once&limit=5');
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((m: { text: string }) => m.text)).toEqual(['listed once']);
    expect(listCounted() - before).toBe(1);
  });

  it('as the memory.list tool: by the kernel, not again below', async () => {
    const before = listCounted();
    const result = await server.kernel().tools.call<{ items: unknown[] }>('memory.list', { tags: ['once'], limit: 5 });
    expect(result.structured?.items).toHaveLength(1);
    expect(listCounted() - before).toBe(1);
  });

  it('called on the tiered store directly: once, at that door; bad options still refused there', async () => {
    await using tiered = createTieredMemoryStore({ longTerm: await createSqliteMemoryStore({}) });
    await tiered.store({ text: 'long-term' });
    await tiered.store({ text: 'short-term', tier: 'stm' });
    const before = listCounted();
    expect((await tiered.list({ limit: 10 })).items).toHaveLength(2);
    expect(listCounted() - before).toBe(1);
    await expect(tiered.list({ limit: 0 })).rejects.toMatchObject({ code: 'MEMORY_INPUT_INVALID' });
  });
});
