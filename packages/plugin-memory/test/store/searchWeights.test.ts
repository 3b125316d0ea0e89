import { describe, expect, it } from 'vitest';
import {
  createMemoryService,
  createSqliteMemoryStore,
  createTieredMemoryStore,
  type MemoryError,
  type MemorySearchHit,
} from '@cortex-os/plugin-memory';
import { createDeterministicEmbedder } from '@cortex-os/plugin-memory/testing';

const embed = createDeterministicEmbedder();
const texts = [
  'the deploy key rotates every ninety days',
  'deploy the release on friday',
  'garden roses need water',
  'key rotation policy',
];

async function caught(run: () => unknown): Promise<MemoryError> {
  try {
    await run();
  } catch (error) {
    return error as MemoryError;
  }
  throw new Error('expected an error');
}

function expectBlend(hits: readonly MemorySearchHit[], semantic: number, keyword: number): void {
  expect(hits.length).toBeGreaterThan(1);
  for (const h of hits) expect(h.score).toBeCloseTo((semantic * h.semanticScore + keyword * h.keywordScore) / (semantic + keyword), 9);
}

describe('hybrid search weights', () => {
  it.each([
    [{ semantic: -1, keyword: 1 }, 'semantic'],
    [{ semantic: Number.NaN, keyword: 1 }, 'semantic'],
    [{ semantic: 1, keyword: Number.POSITIVE_INFINITY }, 'keyword'],
    [{ semantic: 0, keyword: 0 }, '(root)'],
    [{ semantic: 1, keyword: 1, rrf: 2 }, '(root)'],
  ])('refuses store weights %o with MEMORY_INPUT_INVALID naming %s', async (searchWeights, path) => {
    const error = await caught(() => createSqliteMemoryStore({ embed, searchWeights }));
    expect(error).toMatchObject({ code: 'MEMORY_INPUT_INVALID', kind: 'invalid-input' });
    expect(error.message).toMatch(/^invalid searchWeights option: /);
    expect((error.details['issues'] as { path: string }[]).map((i) => i.path)).toContain(path);
  });

  it("blends by the store's weights; a query's own weights win", async () => {
    const store = await createSqliteMemoryStore({ embed, vectorIndex: 'exact', searchWeights: { semantic: 1, keyword: 3 } });
    await store.storeMany(texts.map((text) => ({ text })));
    expectBlend(await store.search({ query: 'deploy key rotation' }), 1, 3);
    expectBlend(await store.search({ query: 'deploy key rotation', weights: { semantic: 2, keyword: 1 } }), 2, 1);
    await store.close();
    const plain = await createSqliteMemoryStore({ embed, vectorIndex: 'exact' });
    await plain.storeMany(texts.map((text) => ({ text })));
    expectBlend(await plain.search({ query: 'deploy key rotation' }), 0.6, 0.4);
    await plain.close();
  });

  it("applies a tiered store's weights to both tiers", async () => {
    const longTerm = await createSqliteMemoryStore({ embed, vectorIndex: 'exact', searchWeights: { semantic: 9, keyword: 1 } });
    const tiered = createTieredMemoryStore({ longTerm, embed, searchWeights: { semantic: 0.2, keyword: 0.8 } });
    await tiered.storeMany(texts.slice(0, 2).map((text) => ({ text, tier: 'ltm' as const })));
    await tiered.storeMany(texts.slice(2).map((text) => ({ text, tier: 'stm' as const })));
    const hits = await tiered.search({ query: 'deploy key rotation', limit: 10 });
    expect(new Set(hits.map((h) => h.tier))).toEqual(new Set(['ltm', 'stm']));
    expectBlend(hits, 0.2, 0.8);
    await tiered.close();
  });

  it("refuses a memory service's invalid default weights", async () => {
    const backend = await createSqliteMemoryStore({ embed });
    const error = await caught(() => createMemoryService({ backend, weights: { semantic: -0.5, keyword: 1 } }));
    expect(error).toMatchObject({ code: 'MEMORY_INPUT_INVALID' });
    expect(error.message).toMatch(/^invalid weights option: semantic: /);
    await backend.close();
  });
});
