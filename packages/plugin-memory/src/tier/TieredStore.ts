import type { EmbedInput } from '@cortex-os/kernel/router';
import { MemoryError } from '../errors/MemoryError.js';
import {
  memoryInputSchema,
  memoryPatchSchema,
  type Memory,
  type MemoryInput,
  type MemoryListOptions,
  type MemoryModality,
} from '../schema/memorySchemas.js';
import type { MemoryPage, MemoryPatch, MemoryRevision, MemorySearchHit, MemorySearchQuery, MemoryStats } from '../schema/memorySchemas.js';
import { listOptionsFilter, parseMemoryListOptions } from '../schema/parseMemoryListOptions.js';
import { markParsedSearchQuery, parseMemorySearchQuery } from '../schema/parseMemorySearchQuery.js';
import type { SearchCandidate } from '../search/fuseScores.js';
import { toFtsTerms } from '../search/toFtsQuery.js';
import { buildMemory } from '../store/buildMemory.js';
import { createSearchCandidate } from '../store/createSearchCandidate.js';
import { decodeMemoryCursor } from '../store/decodeMemoryCursor.js';
import { embedMemoryInputs } from '../store/embedMemoryInputs.js';
import { encodeMemoryCursor } from '../store/encodeMemoryCursor.js';
import { fuseMemoryHits } from '../store/fuseMemoryHits.js';
import type { MemoryIntegrityReport, MemoryStore, MemoryStoreReindexOptions, MemoryStoreWriteOptions } from '../store/MemoryStore.js';
import { type MemoryStoreDefaults, resolveMemoryStoreDefaults } from '../store/resolveMemoryStoreDefaults.js';
import { resolveEmbedModalities } from '../store/resolveEmbedModalities.js';
import { resolvePatchText } from '../store/resolvePatchText.js';
import { toMemoryEmbedInput } from '../store/toMemoryEmbedInput.js';
import { toMemoryRevision } from '../store/toMemoryRevision.js';
import { validateInputContent } from '../store/validateInputContent.js';
import { parseInput } from '../util/parseInput.js';
import { dot, normalise } from '../vector/VectorIndex.js';
import type { CreateTieredMemoryStoreOptions, TieredMemoryStore } from './createTieredMemoryStore.js';
import { matchesShortTerm } from './matchesShortTerm.js';
import type { ShortTermEntry } from './ShortTermEntry.js';
import { shortTermBm25 } from './shortTermBm25.js';

/** The short-term tier in front of a long-term store (see {@link createTieredMemoryStore}). */
export class TieredStore implements TieredMemoryStore {
  readonly #options: CreateTieredMemoryStoreOptions;
  readonly #longTerm: MemoryStore;
  readonly #defaults: MemoryStoreDefaults;
  readonly #capacity: number;
  readonly #ttlMs: number;
  readonly #promoteAfter: number;
  /** Map order is recency order: the first entry is the least recently used. */
  readonly #entries = new Map<string, ShortTermEntry>();

  constructor(options: CreateTieredMemoryStoreOptions) {
    this.#options = options;
    this.#longTerm = options.longTerm;
    this.#defaults = resolveMemoryStoreDefaults(options);
    this.#capacity = options.capacity ?? 1000;
    this.#ttlMs = options.ttlMs ?? 3_600_000;
    this.#promoteAfter = options.promoteAfterAccesses ?? 3;
  }

  #expire(): void {
    const at = this.#defaults.now();
    for (const [id, e] of this.#entries) {
      if (at - e.lastAccess >= this.#ttlMs || (e.memory.expiresAt !== undefined && e.memory.expiresAt <= at)) this.#entries.delete(id);
    }
  }

  #touch(e: ShortTermEntry): void {
    e.accesses += 1;
    e.lastAccess = this.#defaults.now();
    this.#entries.delete(e.memory.id);
    this.#entries.set(e.memory.id, e);
  }

  /** The modalities the embedder's model embeds now (see `toMemoryEmbedInput`). */
  #modalities(embed = this.#options.embed) {
    return resolveEmbedModalities(embed, this.#options.embedModalities);
  }

  /** Embeds one input (a query, a memory's text, or the bytes of an image or audio memory); nothing for blank text. */
  async #embedOne(input: EmbedInput | undefined, signal?: AbortSignal): Promise<{ vector: Float32Array; model: string } | undefined> {
    const embed = this.#options.embed;
    if (embed === undefined || input === undefined || (typeof input === 'string' && input.trim() === '')) return undefined;
    const result = await embed([input], signal === undefined ? undefined : { signal });
    const stats = await this.#longTerm.stats();
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

  async promote(id: string): Promise<Memory> {
    this.#expire();
    const e = this.#entries.get(id);
    if (e === undefined) throw new MemoryError('MEMORY_NOT_FOUND', `no short-term memory with id ${id}.`, { details: { id } });
    const m = e.memory;
    const stored = await this.#longTerm.store({
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
    this.#entries.delete(id);
    return stored;
  }

  async #access(e: ShortTermEntry): Promise<Memory> {
    this.#touch(e);
    if (this.#promoteAfter > 0 && e.accesses >= this.#promoteAfter) return this.promote(e.memory.id);
    return e.memory;
  }

  shortTermSize(): number {
    this.#expire();
    return this.#entries.size;
  }

  async store(input: MemoryInput, opts?: MemoryStoreWriteOptions): Promise<Memory> {
    const parsed = parseInput(memoryInputSchema, input, 'memory');
    if (parsed.tier === 'ltm') return this.#longTerm.store(input, opts);
    this.#expire();
    await validateInputContent(parsed, this.#defaults.contentPolicy);
    const embedded =
      opts?.skipEmbedding === true ? undefined : await this.#embedOne(toMemoryEmbedInput(parsed, this.#modalities()), opts?.signal);
    const at = this.#defaults.now();
    const memory = buildMemory(parsed, {
      id: parsed.id ?? this.#defaults.nextId(),
      tier: 'stm',
      at,
      embedding: embedded === undefined ? undefined : { model: embedded.model, dimensions: embedded.vector.length },
    });
    this.#entries.set(memory.id, { memory, vector: embedded?.vector, accesses: 0, lastAccess: at, history: [] });
    while (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value as string);
    return memory;
  }

  async storeMany(inputs: readonly MemoryInput[], opts?: MemoryStoreWriteOptions): Promise<Memory[]> {
    const out: Memory[] = [];
    const ltm = inputs.filter((i) => (i.tier ?? 'ltm') === 'ltm');
    const stored = ltm.length > 0 ? await this.#longTerm.storeMany(ltm, opts) : [];
    let next = 0;
    for (const input of inputs) out.push((input.tier ?? 'ltm') === 'ltm' ? (stored[next++] as Memory) : await this.store(input, opts));
    return out;
  }

  async get(id: string): Promise<Memory | undefined> {
    this.#expire();
    const e = this.#entries.get(id);
    if (e !== undefined) return this.#access(e);
    return this.#longTerm.get(id);
  }

  async search(query: MemorySearchQuery, opts?: { readonly signal?: AbortSignal }): Promise<MemorySearchHit[]> {
    const parsed = parseMemorySearchQuery(query);
    this.#expire();
    const wantsStm = parsed.filter?.tiers === undefined || parsed.filter.tiers.includes('stm');
    const wantsLtm = parsed.filter?.tiers === undefined || parsed.filter.tiers.includes('ltm');
    // Weights configured on the tier apply to both tiers; otherwise the long-term store uses its own.
    const weights = parsed.weights ?? (this.#options.searchWeights === undefined ? undefined : this.#defaults.searchWeights);
    const ltmQuery = weights === parsed.weights ? parsed : markParsedSearchQuery({ ...parsed, weights });
    const ltmHits = wantsLtm ? await this.#longTerm.search(ltmQuery, opts) : [];
    if (!wantsStm || this.#entries.size === 0) return [...ltmHits];
    const list = [...this.#entries.values()].filter((e) => matchesShortTerm(e.memory, parsed.filter));
    let qv: Float32Array | undefined;
    if (parsed.mode !== 'keyword' && parsed.query.trim() !== '') {
      if (this.#options.embed === undefined)
        throw new MemoryError(
          'MEMORY_EMBEDDER_MISSING',
          `a ${parsed.mode} search needs an embedder; pass \`embed\` or search with mode "keyword".`,
        );
      qv = (await this.#embedOne(parsed.query, opts?.signal))?.vector;
    }
    const bm25 =
      parsed.mode === 'semantic'
        ? new Map<string, number>()
        : shortTermBm25(toFtsTerms(parsed.query, this.#defaults.stopWords), list, this.#defaults.stopWords);
    const byKey = new Map<number, ShortTermEntry>();
    const candidates: SearchCandidate[] = [];
    list.forEach((e, key) => {
      const cosine = qv !== undefined && e.vector !== undefined ? dot(qv, e.vector) : undefined;
      const keyword = bm25.get(e.memory.id);
      if (parsed.mode === 'keyword' && keyword === undefined) return;
      byKey.set(key, e);
      candidates.push(createSearchCandidate(key, e.memory.modality as MemoryModality, cosine, keyword));
    });
    const stmHits = fuseMemoryHits(candidates, parsed, (key) => (byKey.get(key) as ShortTermEntry).memory, this.#defaults.searchWeights);
    const merged = [...ltmHits, ...stmHits]
      .sort((a, b) => b.score - a.score || (a.memory.id < b.memory.id ? 1 : -1))
      .slice(0, parsed.limit);
    const out: MemorySearchHit[] = [];
    for (const hit of merged) {
      const e = hit.tier === 'stm' ? this.#entries.get(hit.memory.id) : undefined;
      const memory = e === undefined ? hit.memory : await this.#access(e);
      out.push(hit.tier === 'stm' ? { ...hit, memory, tier: memory.tier } : hit);
    }
    return out;
  }

  async update(id: string, patch: MemoryPatch, opts?: MemoryStoreWriteOptions): Promise<Memory> {
    this.#expire();
    const e = this.#entries.get(id);
    if (e === undefined) return this.#longTerm.update(id, patch, opts);
    const parsed = parseInput(memoryPatchSchema, patch, 'memory patch');
    const { textChanged, embedInput } = resolvePatchText(parsed, e.memory, opts?.skipEmbedding === true, this.#modalities());
    const embedded = embedInput === undefined ? undefined : await this.#embedOne(embedInput, opts?.signal);
    const at = Math.max(this.#defaults.now(), e.memory.updatedAt);
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
  }

  async history(id: string): Promise<readonly MemoryRevision[]> {
    const e = this.#entries.get(id);
    return e === undefined ? this.#longTerm.history(id) : [...e.history];
  }

  async delete(id: string): Promise<boolean> {
    if (this.#entries.delete(id)) return true;
    return this.#longTerm.delete(id);
  }

  async list(listOptions: MemoryListOptions = {}): Promise<MemoryPage> {
    this.#expire();
    const parsed = parseMemoryListOptions(listOptions);
    const { limit, cursor } = parsed;
    const filter = listOptionsFilter(parsed);
    // Passed on parsed: the long-term store does not parse the options again.
    const ltmPage = filter.tiers === undefined || filter.tiers.includes('ltm') ? await this.#longTerm.list(parsed) : { items: [] };
    const before = cursor === undefined ? undefined : decodeMemoryCursor(cursor);
    // A long-term page that ended early (at its response bytes) has a cursor: older short-term memories wait for the next page.
    const after = ltmPage.nextCursor === undefined ? undefined : ltmPage.items[ltmPage.items.length - 1]?.id;
    const stm = [...this.#entries.values()]
      .map((e) => e.memory)
      .filter((m) => matchesShortTerm(m, filter) && (before === undefined || m.id < before) && (after === undefined || m.id > after));
    const merged = [...ltmPage.items, ...stm].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    const items = merged.slice(0, limit);
    const more = merged.length > limit || ltmPage.nextCursor !== undefined;
    const last = items[items.length - 1];
    return more && last !== undefined ? { items, nextCursor: encodeMemoryCursor(last.id) } : { items };
  }

  async stats(): Promise<MemoryStats> {
    this.#expire();
    const base = await this.#longTerm.stats();
    const byKind: Record<string, number> = { ...base.byKind };
    const byModality = { ...base.byModality };
    let size = 0;
    for (const e of this.#entries.values()) {
      byKind[e.memory.kind] = (byKind[e.memory.kind] ?? 0) + 1;
      byModality[e.memory.modality] += 1;
      size += e.memory.text.length * 2 + (e.memory.content?.byteLength ?? 0) + (e.vector?.byteLength ?? 0);
    }
    const stm = this.#entries.size;
    return {
      ...base,
      total: base.total + stm,
      byKind,
      byModality,
      byTier: { stm, ltm: base.byTier.ltm },
      sizeBytes: base.sizeBytes + size,
    };
  }

  async reindex(reindexOptions: MemoryStoreReindexOptions = {}): Promise<{ count: number; model: string; dimensions: number }> {
    const result = await this.#longTerm.reindex(reindexOptions);
    const embed = reindexOptions.embed ?? this.#options.embed;
    const modalities = this.#modalities(embed);
    for (const e of this.#entries.values()) {
      const input = toMemoryEmbedInput(e.memory, modalities);
      if (embed === undefined || input === undefined) continue;
      const r = await embedMemoryInputs(embed, [input], reindexOptions.signal);
      e.vector = normalise(Float32Array.from(r.vectors[0] ?? []));
      e.memory = { ...e.memory, embeddingModel: r.model, embeddingDimensions: r.dimensions };
    }
    return result;
  }

  checkIntegrity(): Promise<MemoryIntegrityReport> {
    return this.#longTerm.checkIntegrity();
  }

  async close(): Promise<void> {
    this.#entries.clear();
    await this.#longTerm.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
