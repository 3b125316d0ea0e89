import { MemoryError } from '../errors/MemoryError.js';
import {
  memoryFilterSchema,
  memoryInputSchema,
  memoryListOptionsSchema,
  memoryPatchSchema,
  type Memory,
  type MemoryFilter,
  type MemoryModality,
  type MemoryRevision,
  type MemorySearchHit,
} from '../schema/memorySchemas.js';
import { toFtsTerms, toIndexTokens } from '../search/toFtsQuery.js';
import type { SearchCandidate } from '../search/fuseScores.js';
import type { MemoryStore } from '../store/MemoryStore.js';
import type { EmbedInput } from '@cortex-os/kernel/router';
import { buildMemory } from '../store/buildMemory.js';
import { embedMemoryInputs } from '../store/embedMemoryInputs.js';
import { resolveEmbedModalities } from '../store/resolveEmbedModalities.js';
import { toMemoryEmbedInput } from '../store/toMemoryEmbedInput.js';
import { createSearchCandidate } from '../store/createSearchCandidate.js';
import { resolvePatchText } from '../store/resolvePatchText.js';
import { decodeMemoryCursor } from '../store/decodeMemoryCursor.js';
import { encodeMemoryCursor } from '../store/encodeMemoryCursor.js';
import { fuseMemoryHits } from '../store/fuseMemoryHits.js';
import { resolveMemoryStoreDefaults } from '../store/resolveMemoryStoreDefaults.js';
import { toMemoryRevision } from '../store/toMemoryRevision.js';
import { validateInputContent } from '../store/validateInputContent.js';
import { parseInput } from '../util/parseInput.js';
import { parseMemorySearchQuery } from '../schema/parseMemorySearchQuery.js';
import { dot, normalise } from '../vector/VectorIndex.js';
import type { MemoryStoreCommonOptions } from '../store/MemoryStoreCommonOptions.js';

/**
 * Options of {@link createTieredMemoryStore}.
 * @public
 */
export interface CreateTieredMemoryStoreOptions extends MemoryStoreCommonOptions {
  /** The long-term store memories are promoted into (e.g. {@link createSqliteMemoryStore}). */
  readonly longTerm: MemoryStore;
  /** Most short-term memories kept; the least recently used is evicted beyond it (default 1,000). */
  readonly capacity?: number;
  /** Lifetime of a short-term memory since its last access, in ms (default 1 hour). */
  readonly ttlMs?: number;
  /** Promote a short-term memory to the long-term store when it has been read this many times (get or search hit); default 3, 0 disables. */
  readonly promoteAfterAccesses?: number;
}

/**
 * A memory store with a bounded in-process short-term tier in front of a long-term store.
 * `store({ tier: 'stm' })` goes to the short-term tier; search and list cover both tiers and
 * every hit says its tier.
 * @public
 */
export interface TieredMemoryStore extends MemoryStore {
  /**
   * Moves a short-term memory into the long-term store, keeping its id; returns it as stored there.
   * @throws {@link MemoryError} `MEMORY_NOT_FOUND` when no short-term memory has the id.
   */
  promote(id: string): Promise<Memory>;
  /** Short-term memories currently held (after expiring stale ones). */
  shortTermSize(): number;
}

interface ShortTermEntry {
  memory: Memory;
  vector: Float32Array | undefined;
  accesses: number;
  lastAccess: number;
  history: MemoryRevision[];
}

/**
 * Puts a bounded short-term tier (TTL since last access, LRU eviction, promotion by access
 * count or explicitly) in front of a long-term {@link MemoryStore}.
 *
 * @remarks
 * Short-term memories live only in this process and are lost on restart unless promoted.
 * Keyword scores of short-term hits are BM25 over the short-term memories (same tokens as FTS5),
 * normalised within that tier; semantic scores are cosine as in the long-term store.
 * @public
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: #13 (memory) splits one store engine from its drivers
export function createTieredMemoryStore(options: CreateTieredMemoryStoreOptions): TieredMemoryStore {
  const { longTerm } = options;
  const { now, nextId, stopWords, contentPolicy } = resolveMemoryStoreDefaults(options);
  const capacity = options.capacity ?? 1000;
  const ttlMs = options.ttlMs ?? 3_600_000;
  const promoteAfter = options.promoteAfterAccesses ?? 3;
  // Map order is recency order: the first entry is the least recently used.
  const entries = new Map<string, ShortTermEntry>();

  function expire(): void {
    const at = now();
    for (const [id, e] of entries) {
      if (at - e.lastAccess >= ttlMs || (e.memory.expiresAt !== undefined && e.memory.expiresAt <= at)) entries.delete(id);
    }
  }

  function touch(e: ShortTermEntry): void {
    e.accesses += 1;
    e.lastAccess = now();
    entries.delete(e.memory.id);
    entries.set(e.memory.id, e);
  }

  /** The modalities the embedder's model embeds now (see `toMemoryEmbedInput`). */
  const modalities = () => resolveEmbedModalities(options.embed, options.embedModalities);

  /** Embeds one input (a query, a memory's text, or the bytes of an image or audio memory); nothing for blank text. */
  async function embedOne(
    input: EmbedInput | undefined,
    signal?: AbortSignal,
  ): Promise<{ vector: Float32Array; model: string } | undefined> {
    if (options.embed === undefined || input === undefined || (typeof input === 'string' && input.trim() === '')) return undefined;
    const result = await options.embed([input], signal === undefined ? undefined : { signal });
    const stats = await longTerm.stats();
    if (stats.embedding !== undefined && (stats.embedding.model !== result.model || stats.embedding.dimensions !== result.dimensions)) {
      throw new MemoryError(
        'MEMORY_EMBEDDING_MODEL_MISMATCH',
        `the long-term store is indexed with ${stats.embedding.model} (${stats.embedding.dimensions} dimensions) but the embedder returned ${result.model} (${result.dimensions}); reindex the store first.`,
        { details: { indexedModel: stats.embedding.model, model: result.model } },
      );
    }
    const vector = result.vectors[0];
    if (vector === undefined || vector.length !== result.dimensions) {
      throw new MemoryError('MEMORY_EMBEDDING_INVALID', `the embedder returned no vector of ${result.dimensions} dimensions.`, {
        details: { dimensions: result.dimensions },
      });
    }
    return { vector: normalise(Float32Array.from(vector)), model: result.model };
  }

  function matches(m: Memory, filter: MemoryFilter | undefined): boolean {
    if (filter === undefined) return true;
    if (filter.kinds !== undefined && !filter.kinds.includes(m.kind)) return false;
    if (filter.modalities !== undefined && !filter.modalities.includes(m.modality)) return false;
    if (filter.tiers !== undefined && !filter.tiers.includes('stm')) return false;
    if (filter.tags !== undefined && !filter.tags.every((t) => m.tags.includes(t))) return false;
    if (filter.createdFrom !== undefined && m.createdAt < filter.createdFrom) return false;
    if (filter.createdTo !== undefined && m.createdAt >= filter.createdTo) return false;
    return true;
  }

  async function promote(id: string): Promise<Memory> {
    expire();
    const e = entries.get(id);
    if (e === undefined) throw new MemoryError('MEMORY_NOT_FOUND', `no short-term memory with id ${id}.`, { details: { id } });
    const m = e.memory;
    const stored = await longTerm.store({
      id: m.id,
      kind: m.kind,
      text: m.text,
      modality: m.modality,
      ...(m.content === undefined ? {} : { content: m.content }),
      ...(m.mediaType === undefined ? {} : { mediaType: m.mediaType }),
      tags: m.tags,
      metadata: m.metadata,
      ...(m.expiresAt === undefined ? {} : { expiresAt: m.expiresAt }),
    });
    entries.delete(id);
    return stored;
  }

  async function access(e: ShortTermEntry): Promise<Memory> {
    touch(e);
    if (promoteAfter > 0 && e.accesses >= promoteAfter) return promote(e.memory.id);
    return e.memory;
  }

  /** BM25 (k1 1.2, b 0.75, as FTS5) of each short-term memory for the query terms. */
  function shortTermBm25(terms: readonly string[], list: readonly ShortTermEntry[]): Map<string, number> {
    const out = new Map<string, number>();
    if (terms.length === 0 || list.length === 0) return out;
    const docs = list.map((e) => toIndexTokens(e.memory.text, stopWords));
    const avg = docs.reduce((a, d) => a + d.length, 0) / docs.length || 1;
    for (const term of terms) {
      const df = docs.filter((d) => d.includes(term)).length;
      if (df === 0) continue;
      const idf = Math.log((docs.length - df + 0.5) / (df + 0.5) + 1);
      docs.forEach((d, i) => {
        const tf = d.filter((t) => t === term).length;
        if (tf === 0) return;
        const id = (list[i] as ShortTermEntry).memory.id;
        out.set(id, (out.get(id) ?? 0) + (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.length) / avg)));
      });
    }
    return out;
  }

  const tiered: TieredMemoryStore = {
    promote,
    shortTermSize() {
      expire();
      return entries.size;
    },
    async store(input, opts) {
      const parsed = parseInput(memoryInputSchema, input, 'memory');
      if (parsed.tier === 'ltm') return longTerm.store(input, opts);
      expire();
      await validateInputContent(parsed, contentPolicy);
      const embedded = opts?.skipEmbedding === true ? undefined : await embedOne(toMemoryEmbedInput(parsed, modalities()), opts?.signal);
      const at = now();
      const memory = buildMemory(parsed, {
        id: parsed.id ?? nextId(),
        tier: 'stm',
        at,
        embedding: embedded === undefined ? undefined : { model: embedded.model, dimensions: embedded.vector.length },
      });
      entries.set(memory.id, { memory, vector: embedded?.vector, accesses: 0, lastAccess: at, history: [] });
      while (entries.size > capacity) entries.delete(entries.keys().next().value as string);
      return memory;
    },
    async storeMany(inputs, opts) {
      const out: Memory[] = [];
      const ltm = inputs.filter((i) => (i.tier ?? 'ltm') === 'ltm');
      const stored = ltm.length > 0 ? await longTerm.storeMany(ltm, opts) : [];
      let next = 0;
      for (const input of inputs) out.push((input.tier ?? 'ltm') === 'ltm' ? (stored[next++] as Memory) : await tiered.store(input, opts));
      return out;
    },
    async get(id) {
      expire();
      const e = entries.get(id);
      if (e !== undefined) return access(e);
      return longTerm.get(id);
    },
    async search(query, opts) {
      const parsed = parseMemorySearchQuery(query);
      expire();
      const wantsStm = parsed.filter?.tiers === undefined || parsed.filter.tiers.includes('stm');
      const wantsLtm = parsed.filter?.tiers === undefined || parsed.filter.tiers.includes('ltm');
      const ltmHits = wantsLtm ? await longTerm.search(parsed, opts) : [];
      if (!wantsStm || entries.size === 0) return ltmHits;
      const list = [...entries.values()].filter((e) => matches(e.memory, parsed.filter));
      let qv: Float32Array | undefined;
      if (parsed.mode !== 'keyword' && parsed.query.trim() !== '') {
        if (options.embed === undefined)
          throw new MemoryError(
            'MEMORY_EMBEDDER_MISSING',
            `a ${parsed.mode} search needs an embedder; pass \`embed\` or search with mode "keyword".`,
          );
        qv = (await embedOne(parsed.query, opts?.signal))?.vector;
      }
      const bm25 = parsed.mode === 'semantic' ? new Map<string, number>() : shortTermBm25(toFtsTerms(parsed.query, stopWords), list);
      const byKey = new Map<number, ShortTermEntry>();
      const candidates: SearchCandidate[] = [];
      list.forEach((e, key) => {
        const cosine = qv !== undefined && e.vector !== undefined ? dot(qv, e.vector) : undefined;
        const keyword = bm25.get(e.memory.id);
        if (parsed.mode === 'keyword' && keyword === undefined) return;
        byKey.set(key, e);
        candidates.push(createSearchCandidate(key, e.memory.modality as MemoryModality, cosine, keyword));
      });
      const stmHits = fuseMemoryHits(candidates, parsed, (key) => (byKey.get(key) as ShortTermEntry).memory);
      const merged = [...ltmHits, ...stmHits]
        .sort((a, b) => b.score - a.score || (a.memory.id < b.memory.id ? 1 : -1))
        .slice(0, parsed.limit);
      const out: MemorySearchHit[] = [];
      for (const hit of merged) {
        if (hit.tier !== 'stm') {
          out.push(hit);
          continue;
        }
        const e = entries.get(hit.memory.id);
        const memory = e === undefined ? hit.memory : await access(e);
        out.push({ ...hit, memory, tier: memory.tier });
      }
      return out;
    },
    async update(id, patch, opts) {
      expire();
      const e = entries.get(id);
      if (e === undefined) return longTerm.update(id, patch, opts);
      const parsed = parseInput(memoryPatchSchema, patch, 'memory patch');
      const { textChanged, embedInput } = resolvePatchText(parsed, e.memory, opts?.skipEmbedding === true, modalities());
      const embedded = embedInput === undefined ? undefined : await embedOne(embedInput, opts?.signal);
      const at = Math.max(now(), e.memory.updatedAt);
      const old = e.memory;
      e.history.push(toMemoryRevision({ ...old, replacedAt: at }));
      const expiresAt = parsed.expiresAt === undefined ? old.expiresAt : (parsed.expiresAt ?? undefined);
      const { expiresAt: _dropped, embeddingModel: _m, embeddingDimensions: _d, ...rest } = old;
      const vectorFields = textChanged
        ? embedded === undefined
          ? {}
          : { embeddingModel: embedded.model, embeddingDimensions: embedded.vector.length }
        : {
            ...(old.embeddingModel === undefined ? {} : { embeddingModel: old.embeddingModel }),
            ...(old.embeddingDimensions === undefined ? {} : { embeddingDimensions: old.embeddingDimensions }),
          };
      e.memory = {
        ...rest,
        kind: parsed.kind ?? old.kind,
        text: parsed.text ?? old.text,
        tags: parsed.tags ?? old.tags,
        metadata: parsed.metadata ?? old.metadata,
        ...(expiresAt === undefined ? {} : { expiresAt }),
        ...vectorFields,
        updatedAt: at,
        version: old.version + 1,
      };
      if (textChanged) e.vector = embedded?.vector;
      return e.memory;
    },
    async history(id) {
      const e = entries.get(id);
      return e === undefined ? longTerm.history(id) : [...e.history];
    },
    async delete(id) {
      if (entries.delete(id)) return true;
      return longTerm.delete(id);
    },
    async list(listOptions = {}) {
      expire();
      const parsed = parseInput(memoryListOptionsSchema, listOptions, 'list options');
      const { limit, cursor, ...filterFields } = parsed;
      const filter = parseInput(memoryFilterSchema, filterFields, 'list filter');
      const ltmPage = filter.tiers === undefined || filter.tiers.includes('ltm') ? await longTerm.list(listOptions) : { items: [] };
      const before = cursor === undefined ? undefined : decodeMemoryCursor(cursor);
      // A long-term page that ended early (at its response bytes) has a cursor: older short-term memories wait for the next page.
      const after = ltmPage.nextCursor === undefined ? undefined : ltmPage.items[ltmPage.items.length - 1]?.id;
      const stm = [...entries.values()]
        .map((e) => e.memory)
        .filter((m) => matches(m, filter) && (before === undefined || m.id < before) && (after === undefined || m.id > after));
      const merged = [...ltmPage.items, ...stm].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      const items = merged.slice(0, limit);
      const more = merged.length > limit || ltmPage.nextCursor !== undefined;
      const last = items[items.length - 1];
      return more && last !== undefined ? { items, nextCursor: encodeMemoryCursor(last.id) } : { items };
    },
    async stats() {
      expire();
      const base = await longTerm.stats();
      const byKind: Record<string, number> = { ...base.byKind };
      const byModality = { ...base.byModality };
      let size = 0;
      for (const e of entries.values()) {
        byKind[e.memory.kind] = (byKind[e.memory.kind] ?? 0) + 1;
        byModality[e.memory.modality] += 1;
        size += e.memory.text.length * 2 + (e.memory.content?.byteLength ?? 0) + (e.vector?.byteLength ?? 0);
      }
      return {
        ...base,
        total: base.total + entries.size,
        byKind,
        byModality,
        byTier: { stm: entries.size, ltm: base.byTier.ltm },
        sizeBytes: base.sizeBytes + size,
      };
    },
    async reindex(reindexOptions = {}) {
      const result = await longTerm.reindex(reindexOptions);
      const embed = reindexOptions.embed ?? options.embed;
      const reindexModalities = resolveEmbedModalities(embed, options.embedModalities);
      for (const e of entries.values()) {
        const input = toMemoryEmbedInput(e.memory, reindexModalities);
        if (embed === undefined || input === undefined) continue;
        const r = await embedMemoryInputs(embed, [input], reindexOptions.signal);
        e.vector = normalise(Float32Array.from(r.vectors[0] ?? []));
        e.memory = { ...e.memory, embeddingModel: r.model, embeddingDimensions: r.dimensions };
      }
      return result;
    },
    checkIntegrity: () => longTerm.checkIntegrity(),
    async close() {
      entries.clear();
      await longTerm.close();
    },
    async [Symbol.asyncDispose]() {
      await tiered.close();
    },
  };
  return tiered;
}
