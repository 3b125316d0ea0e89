import { CortexError, type EventBus } from '@cortex-os/kernel';
import type { ModelModality, ModelProvider, PolicyRouter } from '@cortex-os/kernel/router';
import { MemoryError } from '../errors/MemoryError.js';
import type { Memory, MemoryInput, MemorySearchQuery } from '../schema/memorySchemas.js';
import { markParsedSearchQuery, parseMemorySearchQuery } from '../schema/parseMemorySearchQuery.js';
import type { MemoryEmbedder } from '../store/MemoryEmbedder.js';
import type { MemoryStore } from '../store/MemoryStore.js';
import { memoryDeletedEvent, memoryStoredEvent, memoryUpdatedEvent } from './memoryEvents.js';
import type { MemoryDegradation, MemoryService, MemorySemanticState } from './MemoryService.js';
import { defaultMemorySearchWeights, memorySearchWeightsSchema } from '../schema/memorySearchWeightsSchema.js';
import { parseInput } from '../util/parseInput.js';

/** The longest `text` a memory may have, in UTF-16 code units (as `memoryInputSchema`). */
const maxTextLength = 1_000_000;

/**
 * Embeds through the policy router, pinned to one model: the configured one, else the one the
 * store is indexed with, else whatever the router serves first (which then stays pinned).
 * @public
 */
export interface RouterMemoryEmbedder {
  /** The embedder to open the store with; its `modalities` are those of the pinned model. */
  readonly embed: MemoryEmbedder;
  /** The model requests are pinned to, once known. */
  readonly model: string | undefined;
  /**
   * The input modalities of the pinned model, as the router's providers of that model declare
   * them (`capabilities.embedding.modalities`); `['text']` when unknown. Image and audio memories
   * of these modalities are embedded from their bytes.
   */
  readonly modalities: readonly ModelModality[];
  /** Pins requests to `model` (e.g. the model the store was indexed with). */
  pin(model: string | undefined): void;
}

/**
 * Options of {@link createRouterMemoryEmbedder}.
 * @public
 */
export interface RouterMemoryEmbedderOptions {
  /**
   * The router's providers (the values of the kernel's `modelProviderToken`): the embedder reads
   * which modalities the pinned model embeds from their declared capabilities. Without them every
   * memory is embedded from its text.
   */
  readonly providers?: readonly Pick<ModelProvider, 'capabilities'>[];
}

const modalityOrder: readonly ModelModality[] = ['text', 'image', 'audio'];

/**
 * The modalities `model` embeds according to the providers serving it. With no pinned model, the
 * model is known only when every embedding provider serves the same one (the router can then
 * serve no other); otherwise text only until the first call pins one.
 */
function modalitiesOf(model: string | undefined, providers: readonly Pick<ModelProvider, 'capabilities'>[]): readonly ModelModality[] {
  const served = providers.flatMap((p) => (p.capabilities.embedding === undefined ? [] : [p.capabilities.embedding]));
  const target = model ?? (new Set(served.map((e) => e.model)).size === 1 ? served[0]?.model : undefined);
  const declared = new Set(served.filter((e) => e.model === target).flatMap((e) => e.modalities));
  const modalities = modalityOrder.filter((m) => declared.has(m));
  return modalities.length === 0 ? ['text'] : modalities;
}

/**
 * Creates a {@link RouterMemoryEmbedder} over the kernel's policy router. Give it the router's
 * providers so that image and audio memories are embedded from their bytes when the pinned model
 * embeds them (a CLIP model declares `['text', 'image']`); never mixes models.
 * @example
 * ```ts
 * const embedder = createRouterMemoryEmbedder(router, 'clip-vit-base-patch32', { providers });
 * embedder.modalities; // ['text', 'image'] when the MLX provider serves CLIP
 * ```
 * @public
 */
export function createRouterMemoryEmbedder(
  router: PolicyRouter,
  model?: string,
  options: RouterMemoryEmbedderOptions = {},
): RouterMemoryEmbedder {
  const providers = options.providers ?? [];
  let pinned = model;
  const embed = (async (inputs, callOptions) => {
    const result = await router.embed(inputs, {
      ...(pinned === undefined ? {} : { model: pinned }),
      ...(callOptions?.signal === undefined ? {} : { signal: callOptions.signal }),
    });
    pinned ??= result.model;
    return result;
  }) as MemoryEmbedder;
  Object.defineProperty(embed, 'modalities', { get: () => modalitiesOf(pinned, providers), enumerable: true });
  return {
    embed,
    get model() {
      return pinned;
    },
    get modalities() {
      return modalitiesOf(pinned, providers);
    },
    pin(next) {
      pinned = next ?? pinned;
    },
  };
}

/**
 * Options of {@link createMemoryService}.
 * @public
 */
export interface CreateMemoryServiceOptions {
  /** The store (usually the tiered store over the SQLite store). */
  readonly backend: MemoryStore;
  /** The router embedder the backend was opened with; absent when the runtime has no router (keyword-only). */
  readonly embedder?: RouterMemoryEmbedder;
  /** Default hybrid weights, used when a query gives none (default 0.6 / 0.4); checked as a query's `weights` are (`MEMORY_INPUT_INVALID`). */
  readonly weights?: { readonly semantic: number; readonly keyword: number };
  /** Where `memory.stored`, `memory.updated` and `memory.deleted` are published. */
  readonly events?: EventBus;
}

const noRouter = 'this runtime has no policy router (add routerPlugin and an embedding provider); memory is keyword-only';

/** True for the router's answers that mean "no vectors of the pinned model now". */
function isEmbeddingUnavailable(error: unknown): error is CortexError {
  return CortexError.is(error, 'ROUTER_MODEL_UNAVAILABLE') || CortexError.is(error, 'ROUTER_NO_PROVIDER');
}

function checkTextLength(inputs: readonly { readonly text?: unknown }[]): void {
  inputs.forEach((input, i) => {
    if (typeof input.text === 'string' && input.text.length > maxTextLength) {
      throw new MemoryError(
        'MEMORY_CONTENT_TOO_LARGE',
        `the text of memory${inputs.length === 1 ? '' : ` #${i}`} has ${input.text.length} characters; the limit is ${maxTextLength}.`,
        {
          details: { field: inputs.length === 1 ? 'text' : `${i}.text`, length: input.text.length, limit: maxTextLength },
        },
      );
    }
  });
}

/**
 * Creates the memory service over a store: router embeddings pinned to one model, keyword-only
 * answers flagged as `degraded` when that model is unavailable, default weights, and events.
 * @example
 * ```ts
 * const embedder = createRouterMemoryEmbedder(router, 'cortex-hashing-v1-384');
 * const backend = await createSqliteMemoryStore({ dataDir: '.data/memory', embed: embedder.embed });
 * const memory = createMemoryService({ backend, embedder });
 * const { hits, degraded } = await memory.search({ query: 'deploy key' });
 * ```
 * @public
 */
export function createMemoryService(options: CreateMemoryServiceOptions): MemoryService {
  const { backend, embedder, events } = options;
  const weights =
    options.weights === undefined
      ? defaultMemorySearchWeights
      : Object.freeze(parseInput(memorySearchWeightsSchema, options.weights, 'weights option'));
  let lastFailure: string | undefined;

  function degradedBy(error: unknown): MemoryDegradation {
    lastFailure = error instanceof Error ? error.message : String(error);
    return { reason: lastFailure, mode: 'keyword' };
  }

  function publishStored(memories: readonly Memory[]): void {
    if (events === undefined) return;
    for (const m of memories) {
      events.publish(memoryStoredEvent, {
        id: m.id,
        kind: m.kind,
        modality: m.modality,
        tier: m.tier,
        tags: [...m.tags],
        embedded: m.embeddingModel !== undefined,
      });
    }
  }

  async function write<T>(run: (skipEmbedding: boolean) => Promise<T>): Promise<{ value: T; degraded?: MemoryDegradation }> {
    if (embedder === undefined) return { value: await run(true), degraded: { reason: noRouter, mode: 'keyword' } };
    try {
      const value = await run(false);
      lastFailure = undefined;
      return { value };
    } catch (error) {
      if (!isEmbeddingUnavailable(error)) throw error;
      return { value: await run(true), degraded: degradedBy(error) };
    }
  }

  const service: MemoryService = {
    backend,
    async store(input, opts) {
      checkTextLength([input]);
      const { value, degraded } = await write((skipEmbedding) => backend.store(input, { ...opts, skipEmbedding }));
      publishStored([value]);
      return degraded === undefined ? { memory: value } : { memory: value, degraded };
    },
    async storeMany(inputs: readonly MemoryInput[], opts) {
      checkTextLength(inputs);
      const { value, degraded } = await write((skipEmbedding) => backend.storeMany(inputs, { ...opts, skipEmbedding }));
      publishStored(value);
      return degraded === undefined ? { memories: value } : { memories: value, degraded };
    },
    get: (id) => backend.get(id),
    async search(query: MemorySearchQuery, opts) {
      const given = parseMemorySearchQuery(query);
      // The service's default weights (checked with its options) fill in a query that gives none.
      const parsed = given.weights === undefined ? markParsedSearchQuery({ ...given, weights }) : given;
      const keywordOnly = () => markParsedSearchQuery({ ...parsed, mode: 'keyword' });
      if (parsed.mode === 'keyword') return { hits: await backend.search(parsed, opts), mode: 'keyword' };
      if (embedder === undefined) {
        return {
          hits: await backend.search(keywordOnly(), opts),
          mode: 'keyword',
          degraded: { reason: noRouter, mode: 'keyword' },
        };
      }
      try {
        const hits = await backend.search(parsed, opts);
        lastFailure = undefined;
        const model = embedder.model;
        return model === undefined ? { hits, mode: parsed.mode } : { hits, mode: parsed.mode, embeddingModel: model };
      } catch (error) {
        if (!isEmbeddingUnavailable(error)) throw error;
        const degraded = degradedBy(error);
        return { hits: await backend.search(keywordOnly(), opts), mode: 'keyword', degraded };
      }
    },
    async update(id, patch, opts) {
      checkTextLength([patch]);
      const { value, degraded } = await write((skipEmbedding) => backend.update(id, patch, { ...opts, skipEmbedding }));
      events?.publish(memoryUpdatedEvent, { id: value.id, version: value.version, textChanged: patch.text !== undefined });
      return degraded === undefined ? { memory: value } : { memory: value, degraded };
    },
    async delete(id) {
      const deleted = await backend.delete(id);
      if (deleted) events?.publish(memoryDeletedEvent, { id });
      return deleted;
    },
    list: (listOptions) => backend.list(listOptions),
    history: (id) => backend.history(id),
    async stats() {
      const stats = await backend.stats();
      const model = embedder?.model ?? stats.embedding?.model;
      let semantic: MemorySemanticState;
      if (embedder === undefined) semantic = { available: false, reason: noRouter };
      else if (lastFailure !== undefined) semantic = { available: false, ...(model === undefined ? {} : { model }), reason: lastFailure };
      else semantic = { available: true, ...(model === undefined ? {} : { model }) };
      return { ...stats, semantic };
    },
  };
  return service;
}
