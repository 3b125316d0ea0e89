import type { EmbedInput, ModelModality } from '@cortex-os/kernel/router';
import {
  memoryPatchSchema,
  type Memory,
  type MemoryInput,
  type MemoryListOptions,
  type MemoryPage,
  type MemoryPatch,
  type MemoryRevision,
  type MemorySearchHit,
  type MemorySearchQuery,
  type MemoryStats,
} from '../schema/memorySchemas.js';
import { assertMemoryStoreOpen } from '../store/assertMemoryStoreOpen.js';
import { buildLongTermStats } from '../store/buildLongTermStats.js';
import { buildMemory } from '../store/buildMemory.js';
import { checkEmbedResult } from '../store/checkEmbedResult.js';
import { checkMemoryFilterLimits } from '../store/checkMemoryInputLimits.js';
import { collectMemoryEmbedInputs } from '../store/collectMemoryEmbedInputs.js';
import { createMemoryNotFoundError } from '../store/createMemoryNotFoundError.js';
import { decodeMemoryCursor } from '../store/decodeMemoryCursor.js';
import { embedMemoryInputs } from '../store/embedMemoryInputs.js';
import { embedSearchQuery } from '../store/embedSearchQuery.js';
import { encodeMemoryCursor } from '../store/encodeMemoryCursor.js';
import { fitResponseBytes } from '../store/fitResponseBytes.js';
import type { MemoryEmbedder } from '../store/MemoryEmbedder.js';
import type { MemoryIntegrityReport, MemoryStore, MemoryStoreReindexOptions, MemoryStoreWriteOptions } from '../store/MemoryStore.js';
import { parseLongTermInputs } from '../store/parseLongTermInputs.js';
import type { MemoryStoreDefaults } from '../store/resolveMemoryStoreDefaults.js';
import { resolveEmbedModalities } from '../store/resolveEmbedModalities.js';
import { resolvePatchText } from '../store/resolvePatchText.js';
import { vectorsByInput } from '../store/vectorsByInput.js';
import { parseInput } from '../util/parseInput.js';
import { listOptionsFilter, parseMemoryListOptions } from '../schema/parseMemoryListOptions.js';
import { parseMemorySearchQuery } from '../schema/parseMemorySearchQuery.js';
import type { MemoryEmbeddedVectors, MemoryStoreDriver } from './MemoryStoreDriver.js';
import { reindexMemories } from './reindexMemories.js';
import { searchMemories } from './searchMemories.js';

/** Options of {@link MemoryEngine}: its driver, its embedder and the shared store defaults. */
export interface MemoryEngineOptions extends Omit<MemoryStoreDefaults, 'stopWords'> {
  readonly driver: MemoryStoreDriver;
  readonly embed: MemoryEmbedder | undefined;
  readonly embedModalities: readonly ModelModality[] | undefined;
}

/**
 * The one memory store engine over a storage driver: it validates input, embeds, fuses the
 * signals of a search, pages with cursors, applies the limits, re-indexes and guards against
 * use after close. Drivers (SQLite, PostgreSQL) only store rows, postings and vectors.
 */
export class MemoryEngine implements MemoryStore {
  readonly #driver: MemoryStoreDriver;
  readonly #options: MemoryEngineOptions;
  #embed: MemoryEmbedder | undefined;
  #closed = false;

  constructor(options: MemoryEngineOptions) {
    this.#options = options;
    this.#driver = options.driver;
    this.#embed = options.embed;
  }

  /** The modalities the current embedder's model embeds. */
  #modalities(embed = this.#embed): readonly ModelModality[] {
    return resolveEmbedModalities(embed, this.#options.embedModalities);
  }

  #assertOpen(): void {
    assertMemoryStoreOpen(this.#closed);
  }

  /** Embeds memory inputs (texts, or image/audio bytes the model embeds) and checks them against the store's model. */
  async #embedInputs(inputs: readonly EmbedInput[], signal?: AbortSignal): Promise<MemoryEmbeddedVectors | undefined> {
    if (this.#embed === undefined || inputs.length === 0) return undefined;
    const result = await embedMemoryInputs(this.#embed, inputs, signal);
    signal?.throwIfAborted();
    const vectors = checkEmbedResult(result, inputs.length, this.#driver.embedding(), this.#maxDimensions());
    return { model: result.model, dimensions: result.dimensions, vectors };
  }

  #maxDimensions(): Parameters<typeof checkEmbedResult>[3] {
    return this.#driver.maxDimensions === undefined ? {} : { maxDimensions: this.#driver.maxDimensions };
  }

  async store(input: MemoryInput, options?: MemoryStoreWriteOptions): Promise<Memory> {
    const [memory] = await this.storeMany([input], options);
    return memory as Memory;
  }

  async storeMany(inputs: readonly MemoryInput[], options?: MemoryStoreWriteOptions): Promise<Memory[]> {
    this.#assertOpen();
    if (inputs.length === 0) return [];
    const { now, nextId, contentPolicy, limits } = this.#options;
    // Announced while validated and embedded, so a group commit can wait for it (ended before its insert).
    const stored = this.#driver.storing?.() ?? (() => {});
    let insert: Promise<void>;
    let memories: Memory[];
    try {
      const parsed = await parseLongTermInputs(inputs, contentPolicy, limits, now());
      const { embedIndexes, inputs: toEmbed } = collectMemoryEmbedInputs(parsed, this.#modalities(), options?.skipEmbedding === true);
      const embedded = await this.#embedInputs(toEmbed, options?.signal);
      this.#assertOpen();
      const vectors = vectorsByInput(embedIndexes, embedded);
      memories = parsed.map((p, i): Memory => {
        const vector = vectors.get(i);
        const embedding = vector === undefined || embedded === undefined ? undefined : { model: embedded.model, dimensions: vector.length };
        return buildMemory(p, { id: p.id ?? nextId(), tier: 'ltm', at: now(), embedding });
      });
      stored();
      insert = this.#driver.insert({ memories, vectors, embedded });
    } finally {
      stored();
    }
    await insert;
    return memories;
  }

  async get(id: string): Promise<Memory | undefined> {
    this.#assertOpen();
    return this.#driver.get(id, this.#options.now());
  }

  async search(query: MemorySearchQuery, options?: { readonly signal?: AbortSignal }): Promise<MemorySearchHit[]> {
    this.#assertOpen();
    const parsed = parseMemorySearchQuery(query);
    checkMemoryFilterLimits(parsed.filter, this.#options.limits);
    const at = this.#options.now();
    const embed =
      this.#embed === undefined ? undefined : (texts: readonly string[], signal?: AbortSignal) => this.#embedInputs(texts, signal);
    const embedded = await embedSearchQuery(parsed, embed, options?.signal);
    this.#assertOpen();
    const hits = await searchMemories(this.#driver, parsed, embedded, at, this.#options.searchWeights);
    return hits.slice(
      0,
      fitResponseBytes(hits, this.#options.limits.responseBytes, (hit) => hit.memory),
    );
  }

  async update(id: string, patch: MemoryPatch, options?: MemoryStoreWriteOptions): Promise<Memory> {
    this.#assertOpen();
    const parsed = parseInput(memoryPatchSchema, patch, 'memory patch');
    const before = await this.#driver.get(id, this.#options.now());
    if (before === undefined) throw createMemoryNotFoundError(id);
    const { textChanged, embedInput } = resolvePatchText(parsed, before, options?.skipEmbedding === true, this.#modalities());
    const embedded = embedInput === undefined ? undefined : await this.#embedInputs([embedInput], options?.signal);
    this.#assertOpen();
    return this.#driver.update({
      id,
      patch: parsed,
      textChanged,
      vector: embedded?.vectors[0],
      embedded,
      at: this.#options.now(),
    });
  }

  async history(id: string): Promise<readonly MemoryRevision[]> {
    this.#assertOpen();
    return this.#driver.history(id);
  }

  async delete(id: string): Promise<boolean> {
    this.#assertOpen();
    return this.#driver.delete(id);
  }

  async list(options: MemoryListOptions = {}): Promise<MemoryPage> {
    this.#assertOpen();
    const parsed = parseMemoryListOptions(options);
    const { limit, cursor } = parsed;
    const filter = listOptionsFilter(parsed);
    checkMemoryFilterLimits(filter, this.#options.limits);
    const before = cursor === undefined ? undefined : decodeMemoryCursor(cursor);
    const rows = await this.#driver.list(filter, before, limit + 1, this.#options.now());
    const page = rows.slice(0, limit);
    const items = page.slice(
      0,
      fitResponseBytes(page, this.#options.limits.responseBytes, (m) => m),
    );
    const last = items.at(-1);
    return rows.length > items.length && last !== undefined ? { items, nextCursor: encodeMemoryCursor(last.id) } : { items };
  }

  async stats(): Promise<MemoryStats> {
    this.#assertOpen();
    return buildLongTermStats(await this.#driver.stats(this.#options.now()));
  }

  async reindex(options: MemoryStoreReindexOptions = {}): Promise<{ count: number; model: string; dimensions: number }> {
    this.#assertOpen();
    const result = await reindexMemories(this.#driver, {
      ...options,
      current: this.#embed,
      modalitiesOf: (embed) => this.#modalities(embed),
      checkOpen: () => this.#assertOpen(),
    });
    this.#embed = result.embed;
    return { count: result.count, model: result.model, dimensions: result.dimensions };
  }

  async checkIntegrity(): Promise<MemoryIntegrityReport> {
    this.#assertOpen();
    return this.#driver.checkIntegrity();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#driver.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
