import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createSqliteMemoryStore, defaultMemoryStoreLimits, type MemoryStore } from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';

const open = (limits: Parameters<typeof createSqliteMemoryStore>[0] = {}): Promise<MemoryStore> =>
  createSqliteMemoryStore({ embed: createDeterministicEmbedder(), vectorIndex: 'exact', ...limits });

async function refusal(promise: Promise<unknown>): Promise<CortexError> {
  const error = await promise.then(
    () => expect.fail('accepted'),
    (e: unknown) => e,
  );
  expect(CortexError.is(error)).toBe(true);
  return error as CortexError;
}

describe('protective limits of the store', () => {
  it('have stated defaults', () => {
    expect(defaultMemoryStoreLimits).toEqual({
      metadataBytes: 65_536,
      metadataKeys: 1000,
      batchBytes: 268_435_456,
      filterTags: 64,
      responseBytes: 16_777_216,
    });
  });

  it('refuse metadata over its size (30 MB was accepted before) or key count, naming the limit, and store nothing', async () => {
    await using store = await open();
    const big = await refusal(store.store({ text: 'huge', metadata: { blob: 'x'.repeat(30 * 1024 * 1024) } }));
    expect(big).toMatchObject({ code: 'MEMORY_LIMIT_EXCEEDED', kind: 'payload-too-large', details: { limit: 'metadataBytes' } });
    expect(big.message).toBe("the memory's metadata bytes is 31457291, over the metadataBytes limit of 65536.");
    const keys = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, { nested: i }]));
    const many = await refusal(store.storeMany([{ text: 'fine' }, { text: 'many keys', metadata: keys }]));
    expect(many.message).toBe("memory #1's metadata key count is 1200, over the metadataKeys limit of 1000.");
    expect((await store.stats()).total).toBe(0);
  });

  it('refuse a batch over its bytes', async () => {
    await using store = await open({ limits: { batchBytes: 1000 } });
    const error = await refusal(store.storeMany(Array.from({ length: 20 }, (_, i) => ({ text: `${'word '.repeat(20)}${i}` }))));
    expect(error).toMatchObject({ code: 'MEMORY_LIMIT_EXCEEDED', details: { limit: 'batchBytes', max: 1000 } });
  });

  it('refuse more filter tags than allowed with a typed error, not a raw SQLite one (999+ tags gave a 500)', async () => {
    await using store = await open();
    const tags = Array.from({ length: 1200 }, (_, i) => `t${i}`);
    for (const call of [() => store.search({ query: 'x', filter: { tags } }), () => store.list({ tags })]) {
      expect(await refusal(call())).toMatchObject({
        code: 'MEMORY_LIMIT_EXCEEDED',
        details: { limit: 'filterTags', actual: 1200, max: 64 },
      });
    }
  });

  it('end a list page at the response bytes, with a cursor to the rest, and cut search hits the same way', async () => {
    await using store = await open({ limits: { responseBytes: 3000 } });
    await store.storeMany(Array.from({ length: 12 }, (_, i) => ({ text: `page item ${i} ${'padding '.repeat(100)}` })));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.list({ limit: 100, ...(cursor === undefined ? {} : { cursor }) });
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.length).toBeLessThan(12);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(new Set(seen).size).toBe(12);
    expect(pages).toBeGreaterThan(2);
    const hits = await store.search({ query: 'page item padding', mode: 'keyword', limit: 12 });
    expect(hits.length).toBeLessThan(12);
    expect(hits.length).toBeGreaterThan(0);
  });

  it('always returns at least one memory, however large', async () => {
    await using store = await open({ limits: { responseBytes: 10 } });
    await store.store({ text: 'a memory larger than the response limit' });
    expect((await store.list()).items).toHaveLength(1);
  });

  it('reject an expiresAt in the past on store (it could never be read)', async () => {
    let now = 1_000_000;
    await using store = await createSqliteMemoryStore({ now: () => now });
    const error = await refusal(store.store({ text: 'already expired', expiresAt: now - 1 }));
    expect(error).toMatchObject({ code: 'MEMORY_INPUT_INVALID', kind: 'invalid-input', details: { issues: [{ path: 'expiresAt' }] } });
    expect(error.message).toBe('invalid memory: expiresAt 999999 is not in the future (now 1000000).');
    await refusal(store.store({ text: 'expires now', expiresAt: now }));
    expect((await store.stats()).total).toBe(0);
    const kept = await store.store({ text: 'expires later', expiresAt: now + 1 });
    now += 1;
    expect(await store.get(kept.id)).toBeUndefined();
  });

  it('yield to the event loop between the items of a batch', async () => {
    await using store = await open();
    let turns = 0;
    let running = true;
    const count = (): void => {
      turns++;
      if (running) setImmediate(count);
    };
    setImmediate(count);
    await store.storeMany(Array.from({ length: 40 }, (_, i) => ({ text: `item ${i}` })));
    running = false;
    expect(turns).toBeGreaterThanOrEqual(39);
  });
});

describe('response bytes through the short-term tier', () => {
  it('pages every memory of both tiers exactly once when the long-term page ends early', async () => {
    const { createTieredMemoryStore } = await import('@cortex-os/plugin-memory');
    let now = 1_000;
    const clock = (): number => (now += 1);
    const longTerm = await createSqliteMemoryStore({ now: clock, limits: { responseBytes: 1500 } });
    await using tiered = createTieredMemoryStore({ longTerm, now: clock });
    for (let i = 0; i < 8; i++) {
      await tiered.store({ text: `long ${i} ${'pad '.repeat(100)}` });
      await tiered.store({ text: `short ${i}`, tier: 'stm' });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await tiered.list({ limit: 100, ...(cursor === undefined ? {} : { cursor }) });
      seen.push(...page.items.map((m) => m.text.split(' ').slice(0, 2).join(' ')));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toHaveLength(16);
    expect(new Set(seen).size).toBe(16);
  });
});
