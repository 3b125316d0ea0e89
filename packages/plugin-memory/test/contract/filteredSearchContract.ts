// The filtered-search contract every store driver keeps (ADR 0034): tag and scope conditions are
// applied before the top k — no hit outside the filter, and semantic scores equal brute force's
// top k over the filter's memories — whichever strategy the store picks. Each driver's test
// builds two stores over the same memories: `scan`, whose threshold sends every filtered search
// to an exact scan of the scope, and `ann`, whose threshold 0 sends it to the vector index.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { MemoryEmbedder, MemorySearchHit, MemoryStore } from '../../src/index.js';

export const filteredVocabulary = [
  'deploy',
  'key',
  'rotate',
  'billing',
  'invoice',
  'standup',
  'backup',
  'oncall',
  'release',
  'cache',
  'latency',
  'coffee',
];
const tagPool = ['agent:a', 'agent:b', 'user:1', 'user:2', 'thread:1', 'thread:2', 'thread:3'];
const kindPool = ['fact', 'note', 'event'];

/** What each live memory holds, by id. */
export interface FilteredModelEntry {
  text: string;
  kind: string;
  tags: string[];
  vector: Float32Array;
}

/** A filtered-search query: a filter (tags, kinds) as the stores take it. */
export interface ContractFilter {
  tags?: string[];
  kinds?: string[];
}

/** The seeded memories: agent:a on half of them, each thread on about a tenth. */
function seededMemories(count: number): { text: string; kind: string; tags: string[] }[] {
  let seed = 20_261_206;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const share = [0.5, 0.2, 0.3, 0.1, 0.1, 0.08, 0.05];
  return Array.from({ length: count }, (_, i) => ({
    text: `${Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => filteredVocabulary[Math.floor(rnd() * filteredVocabulary.length)]).join(' ')} n${i}`,
    kind: kindPool[Math.floor(rnd() * kindPool.length)] as string,
    tags: tagPool.filter((_, t) => rnd() < (share[t] as number)),
  }));
}

/** The embedder's vector of `text`, unit length (cosine = dot product). */
export async function unitVector(embed: MemoryEmbedder, text: string): Promise<Float32Array> {
  const [v] = (await embed([text])).vectors;
  const vector = v as Float32Array;
  const norm = Math.hypot(...vector);
  return vector.map((x) => (norm === 0 ? 0 : x / norm));
}

/**
 * Stores `count` seeded memories in both stores, then changes tags of some and deletes others
 * through the same calls in both (so a tag index must follow). Returns the model, keyed by the
 * `scan` store's ids.
 */
export async function seedFilteredStores(
  scan: MemoryStore,
  ann: MemoryStore,
  embed: MemoryEmbedder,
  count = 400,
): Promise<Map<string, FilteredModelEntry>> {
  const inputs = seededMemories(count);
  const [scanStored, annStored] = await Promise.all([scan.storeMany(inputs), ann.storeMany(inputs)]);
  const model = new Map<string, FilteredModelEntry>();
  for (const [i, memory] of scanStored.entries()) {
    const input = inputs[i] as (typeof inputs)[number];
    model.set(memory.id, { ...input, vector: await unitVector(embed, input.text) });
  }
  const scanIds = scanStored.map((m) => m.id);
  const annIds = annStored.map((m) => m.id);
  const updates = Math.min(40, Math.floor(count / 7));
  for (let i = 0; i < updates; i++) {
    // `rare:1` on one memory: a scope that is a tiny share of the store.
    const tags = i % 2 === 0 ? ['thread:9', 'agent:b'] : i === 1 ? ['rare:1'] : [];
    await scan.update(scanIds[i * 7] as string, { tags });
    await ann.update(annIds[i * 7] as string, { tags });
    (model.get(scanIds[i * 7] as string) as FilteredModelEntry).tags = tags;
  }
  for (let i = 0; i < Math.min(20, Math.floor((count - 3) / 11)); i++) {
    await scan.delete(scanIds[i * 11 + 3] as string);
    await ann.delete(annIds[i * 11 + 3] as string);
    model.delete(scanIds[i * 11 + 3] as string);
  }
  return model;
}

export const filteredQueries = fc.record({
  words: fc.array(fc.constantFrom(...filteredVocabulary), { minLength: 1, maxLength: 3 }),
  tags: fc.subarray([...tagPool, 'thread:9', 'rare:1', 'nobody'], { maxLength: 2 }),
  kinds: fc.option(fc.subarray(kindPool, { minLength: 1 }), { nil: undefined }),
  limit: fc.integer({ min: 1, max: 25 }),
});

export const toContractFilter = (q: { tags: string[]; kinds: string[] | undefined }): ContractFilter => ({
  ...(q.tags.length === 0 ? {} : { tags: q.tags }),
  ...(q.kinds === undefined ? {} : { kinds: q.kinds }),
});

export const inContractFilter = (m: { tags: readonly string[]; kind: string }, f: ContractFilter): boolean =>
  (f.tags ?? []).every((t) => m.tags.includes(t)) && (f.kinds === undefined || f.kinds.includes(m.kind));

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

export const roundedScores = (hits: readonly MemorySearchHit[], score: (h: MemorySearchHit) => number): number[] =>
  hits.map((h) => Math.round(score(h) * 1e5) / 1e5);

/** Property: no hit outside the filter and no hit twice, in any mode, on both stores. */
export async function assertNoHitOutsideFilter(stores: readonly MemoryStore[], options: { seed: number; numRuns: number }): Promise<void> {
  const modes = fc.constantFrom('semantic', 'keyword', 'hybrid', 'rrf') as fc.Arbitrary<'semantic'>;
  await fc.assert(
    fc.asyncProperty(filteredQueries, modes, async (q, mode) => {
      const filter = toContractFilter(q);
      for (const store of stores) {
        const hits = await store.search({ query: q.words.join(' '), mode, limit: q.limit, filter });
        for (const hit of hits) expect(inContractFilter(hit.memory, filter)).toBe(true);
        expect(new Set(hits.map((h) => h.memory.id)).size).toBe(hits.length);
      }
    }),
    options,
  );
}

/** Property: semantic search in a scope returns brute force's top k scores, on both stores. */
export async function assertSemanticEqualsBruteForce(
  stores: readonly MemoryStore[],
  model: ReadonlyMap<string, FilteredModelEntry>,
  embed: MemoryEmbedder,
  options: { seed: number; numRuns: number },
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(filteredQueries, async (q) => {
      const filter = toContractFilter(q);
      const query = q.words.join(' ');
      const vector = await unitVector(embed, query);
      const expected = [...model.values()]
        .filter((m) => inContractFilter(m, filter))
        .map((m) => Math.min(1, Math.max(0, dot(vector, m.vector))))
        .sort((a, b) => b - a)
        .slice(0, q.limit)
        .map((s) => Math.round(s * 1e5) / 1e5);
      for (const store of stores) {
        const hits = await store.search({ query, mode: 'semantic', limit: q.limit, filter });
        expect(roundedScores(hits, (h) => h.semanticScore)).toEqual(expected);
      }
    }),
    options,
  );
}

/** Property: keyword search in a scope gives the same scores in the same order on both stores. */
export async function assertKeywordStrategiesAgree(
  scan: MemoryStore,
  ann: MemoryStore,
  options: { seed: number; numRuns: number },
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(filteredQueries, async (q) => {
      const filter = toContractFilter(q);
      const search = { query: q.words.join(' '), mode: 'keyword' as const, limit: q.limit, filter };
      const [a, b] = [await scan.search(search), await ann.search(search)];
      expect(roundedScores(b, (h) => h.keywordScore)).toEqual(roundedScores(a, (h) => h.keywordScore));
      for (const hit of a) expect(inContractFilter(hit.memory, filter)).toBe(true);
    }),
    options,
  );
}
