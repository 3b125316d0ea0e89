import { describe, expect, it } from 'vitest';
import { createSqliteMemoryStore, createTieredMemoryStore } from '@cortex-os/plugin-memory';
import { createFakeClock } from '@cortex-os/kernel/testing';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';
import { describeMemoryStoreBehaviour } from '@cortex-os/plugin-memory/testing/vitest';

describeMemoryStoreBehaviour('tiered (sqlite long-term)', async ({ embed, now }) =>
  createTieredMemoryStore({ longTerm: await createSqliteMemoryStore({ embed, now, vectorIndex: 'exact' }), embed, now }),
);

async function open(options: { capacity?: number; ttlMs?: number; promoteAfterAccesses?: number } = {}) {
  const { now, advance } = createFakeClock(Date.UTC(2026, 0, 1));
  const embed = createDeterministicEmbedder();
  const store = createTieredMemoryStore({
    longTerm: await createSqliteMemoryStore({ embed, now, vectorIndex: 'exact' }),
    embed,
    now,
    ...options,
  });
  return { store, advance, [Symbol.asyncDispose]: () => store.close() };
}

describe('createTieredMemoryStore', () => {
  it('keeps short-term memories apart and searches both tiers, each hit saying its tier', async () => {
    await using s = await open({ promoteAfterAccesses: 0 });
    const stm = await s.store.store({ text: 'the user prefers dark mode', tier: 'stm' });
    // The tiers have their own id generators: within one millisecond their order is random.
    s.advance(1);
    const ltm = await s.store.store({ text: 'the user prefers tea over coffee' });
    expect(stm.tier).toBe('stm');
    const hits = await s.store.search({ query: 'user prefers', limit: 10 });
    expect(new Map(hits.map((h) => [h.memory.id, h.tier]))).toEqual(
      new Map([
        [stm.id, 'stm'],
        [ltm.id, 'ltm'],
      ]),
    );
    expect((await s.store.stats()).byTier).toEqual({ stm: 1, ltm: 1 });
    expect((await s.store.list()).items.map((m) => m.id)).toEqual([ltm.id, stm.id]);
    expect((await s.store.search({ query: 'dark mode', filter: { tiers: ['ltm'] } })).map((h) => h.memory.id)).toEqual([ltm.id]);
  });

  it('expires short-term memories after the TTL since their last access', async () => {
    await using s = await open({ ttlMs: 1000, promoteAfterAccesses: 0 });
    const m = await s.store.store({ text: 'parked on level 3', tier: 'stm' });
    s.advance(900);
    expect(await s.store.get(m.id)).toBeDefined(); // refreshes last access
    s.advance(900);
    expect(await s.store.get(m.id)).toBeDefined();
    s.advance(1000);
    expect(await s.store.get(m.id)).toBeUndefined();
    expect(s.store.shortTermSize()).toBe(0);
  });

  it('evicts the least recently used memory beyond capacity', async () => {
    await using s = await open({ capacity: 2, promoteAfterAccesses: 0 });
    const a = await s.store.store({ text: 'a', tier: 'stm' });
    const b = await s.store.store({ text: 'b', tier: 'stm' });
    await s.store.get(a.id);
    const c = await s.store.store({ text: 'c', tier: 'stm' });
    expect(await s.store.get(b.id)).toBeUndefined();
    expect((await s.store.get(a.id))?.id).toBe(a.id);
    expect((await s.store.get(c.id))?.id).toBe(c.id);
  });

  it('promotes by access count, keeping the id, and explicitly', async () => {
    await using s = await open({ promoteAfterAccesses: 2 });
    const m = await s.store.store({ text: 'remember the anniversary', tier: 'stm', tags: ['family'] });
    expect((await s.store.get(m.id))?.tier).toBe('stm');
    const promoted = await s.store.get(m.id);
    expect(promoted).toMatchObject({ id: m.id, tier: 'ltm', tags: ['family'] });
    expect(s.store.shortTermSize()).toBe(0);
    const other = await s.store.store({ text: 'explicit promotion', tier: 'stm' });
    expect((await s.store.promote(other.id)).tier).toBe('ltm');
    await expect(s.store.promote(other.id)).rejects.toMatchObject({ code: 'MEMORY_NOT_FOUND' });
    expect((await s.store.stats()).byTier).toEqual({ stm: 0, ltm: 2 });
  });

  it('keeps a history for short-term updates', async () => {
    await using s = await open({ promoteAfterAccesses: 0 });
    const m = await s.store.store({ text: 'draft', tier: 'stm' });
    const u = await s.store.update(m.id, { text: 'final' });
    expect(u).toMatchObject({ version: 2, text: 'final', tier: 'stm' });
    expect((await s.store.history(m.id)).map((r) => r.text)).toEqual(['draft']);
  });
});
