import { createRequire } from 'node:module';
import { join } from 'node:path';
import { httpServiceToken } from '@cortex-os/http-api';
import {
  CortexError,
  definePlugin,
  healthIndicatorToken,
  kernelExtensionPoints,
  optional,
  type PluginFactory,
  resolveRuntimeHome,
  type SchemaFits,
} from '@cortex-os/kernel';
import { modelProviderToken, policyRouterToken } from '@cortex-os/kernel/router';
import { z } from 'zod';
import { MemoryError } from '../errors/MemoryError.js';
import { createMemoryHealthIndicator } from './createMemoryHealthIndicator.js';
import { createMemoryResources } from '../resources/createMemoryResources.js';
import { mountMemoryRoutes } from '../rest/mountMemoryRoutes.js';
import { createMemoryService, createRouterMemoryEmbedder, type RouterMemoryEmbedder } from '../service/createMemoryService.js';
import { memoryDeletedEvent, memoryStoredEvent, memoryUpdatedEvent } from '../service/memoryEvents.js';
import { memoryServiceToken } from '../service/MemoryService.js';
import type { GroupCommitOptions } from '../sqlite/createGroupCommit.js';
import type { HnswOptions } from '../vector/HnswOptions.js';
import type { IndexCatchUpOptions } from '../vector/DeferredVectorIndex.js';
import { createSqliteMemoryStore } from '../sqlite/createSqliteMemoryStore.js';
import type { MemoryStore } from '../store/MemoryStore.js';
import { defaultMemoryStoreLimits, type MemoryStoreLimits } from '../store/MemoryStoreLimits.js';
import { createTieredMemoryStore } from '../tier/createTieredMemoryStore.js';
import { createMemoryTools } from '../tools/createMemoryTools.js';
import { defaultMemorySearchWeights, memorySearchWeightsSchema } from '../schema/memorySearchWeightsSchema.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * Options of {@link memoryPlugin}, after defaults are applied.
 * @public
 */
export interface MemoryPluginOptions {
  /** Folder of the embedded store; default `memory` under the runtime home (`resolveRuntimeHome`: `$CORTEX_HOME`, else the platform's data folder). */
  readonly dataDir?: string | undefined;
  /** The store: embedded SQLite (default) or PostgreSQL + pgvector. */
  readonly store:
    | {
        readonly kind: 'sqlite';
        readonly vectorIndex: 'hnsw' | 'exact';
        readonly synchronous: 'full' | 'normal';
        /** Open a data folder another process owns, for reading (writes fail with `MEMORY_STORE_READ_ONLY`). */
        readonly readOnly: boolean;
        /** How often the store checks its data folder and retries a failed index save, in ms. */
        readonly checkEveryMs: number;
        /** How concurrent stores share commits (see `CreateSqliteMemoryStoreOptions.groupCommit`). */
        readonly groupCommit?: GroupCommitOptions | false | undefined;
        /** How committed vectors reach the HNSW graph (see `CreateSqliteMemoryStoreOptions.indexCatchUp`). */
        readonly indexCatchUp?: IndexCatchUpOptions | false | undefined;
        /** Tuning of the HNSW graph (see `CreateSqliteMemoryStoreOptions.hnsw`). */
        readonly hnsw?: HnswOptions | undefined;
      }
    | { readonly kind: 'postgres'; readonly connectionString: string };
  /** Protective limits of the store (each defaults as `defaultMemoryStoreLimits` says). */
  readonly limits: MemoryStoreLimits;
  /** The embedding model requests are pinned to. */
  readonly embedding: { readonly model?: string | undefined };
  /** Default hybrid weights. */
  readonly search: { readonly weights: { readonly semantic: number; readonly keyword: number } };
  /** The short-term tier: size, lifetime since last access, promotion rule. */
  readonly shortTerm: { readonly capacity: number; readonly ttlMs: number; readonly promoteAfterAccesses: number };
  /** The REST API on the runtime's HTTP server. */
  readonly rest: {
    readonly enabled: boolean;
    readonly prefix: string;
    readonly bodyLimitBytes: number;
    readonly searchBodyLimitBytes: number;
  };
  /** The read-only resources (`memory://memories`, `memory://memories/{id}`) contributed on `kernelExtensionPoints.resources`. */
  readonly resources: { readonly enabled: boolean; readonly recentLimit: number };
}

/**
 * Options a host passes to {@link memoryPlugin}: every field optional, defaults filled in.
 * @public
 */
export interface MemoryPluginOptionsInput {
  /** See {@link MemoryPluginOptions.dataDir}. */
  readonly dataDir?: string | undefined;
  /** See {@link MemoryPluginOptions.store}; default embedded SQLite with an HNSW index and `synchronous: 'full'`. */
  readonly store?:
    | {
        readonly kind: 'sqlite';
        readonly vectorIndex?: 'hnsw' | 'exact' | undefined;
        readonly synchronous?: 'full' | 'normal' | undefined;
        readonly readOnly?: boolean | undefined;
        readonly checkEveryMs?: number | undefined;
        readonly groupCommit?: GroupCommitOptions | false | undefined;
        readonly indexCatchUp?: IndexCatchUpOptions | false | undefined;
        readonly hnsw?: HnswOptions | undefined;
      }
    | { readonly kind: 'postgres'; readonly connectionString: string }
    | undefined;
  /** See {@link MemoryPluginOptions.limits}; default `defaultMemoryStoreLimits`. */
  readonly limits?: { readonly [K in keyof MemoryStoreLimits]?: number | undefined } | undefined;
  /** See {@link MemoryPluginOptions.embedding}. */
  readonly embedding?: { readonly model?: string | undefined } | undefined;
  /** See {@link MemoryPluginOptions.search}; default weights 0.6 semantic, 0.4 keyword. */
  readonly search?: { readonly weights?: { readonly semantic: number; readonly keyword: number } | undefined } | undefined;
  /** See {@link MemoryPluginOptions.shortTerm}; default capacity 1000, one hour, promotion after 3 reads. */
  readonly shortTerm?:
    | { readonly capacity?: number | undefined; readonly ttlMs?: number | undefined; readonly promoteAfterAccesses?: number | undefined }
    | undefined;
  /** See {@link MemoryPluginOptions.rest}; default on, at `/memories`, 32 MiB bodies. */
  readonly rest?:
    | {
        readonly enabled?: boolean | undefined;
        readonly prefix?: string | undefined;
        readonly bodyLimitBytes?: number | undefined;
        readonly searchBodyLimitBytes?: number | undefined;
      }
    | undefined;
  /** See {@link MemoryPluginOptions.resources}; default on, 50 recent memories. */
  readonly resources?: { readonly enabled?: boolean | undefined; readonly recentLimit?: number | undefined } | undefined;
}

const memoryPluginOptionsSchema = z
  .object({
    /** Folder of the embedded store; default `memory` under the runtime home (`resolveRuntimeHome`: `$CORTEX_HOME`, else the platform's data folder). */
    dataDir: z.string().min(1).optional(),
    /** The store: `sqlite` (embedded, default) or `postgres` (PostgreSQL + pgvector). */
    store: z
      .discriminatedUnion('kind', [
        z.object({
          kind: z.literal('sqlite'),
          vectorIndex: z.enum(['hnsw', 'exact']).default('hnsw'),
          /** `full` survives power loss; `normal` a killed process only, and is faster. */
          synchronous: z.enum(['full', 'normal']).default('full'),
          /** Open a folder another process owns, for reading. */
          readOnly: z.boolean().default(false),
          /** Data folder checks and index save retries, in ms. */
          checkEveryMs: z.number().int().min(10).default(5_000),
          /** Group commit of concurrent stores: a coalescing window and batch size, or `false` (each alone). */
          groupCommit: z
            .union([
              z.literal(false),
              z
                .object({
                  windowMs: z.number().int().min(0).max(1_000).optional(),
                  delayMs: z.number().int().min(0).max(1_000).optional(),
                  maxJobs: z.number().int().min(1).optional(),
                })
                .strict(),
            ])
            .optional(),
          /** HNSW inserts off the write path: most vectors waiting (searched exactly) and the catch-up step, or `false`. */
          indexCatchUp: z
            .union([
              z.literal(false),
              z
                .object({
                  maxPending: z.number().int().min(0).max(1_000_000).optional(),
                  step: z.number().int().min(1).max(10_000).optional(),
                })
                .strict(),
            ])
            .optional(),
          /** HNSW graph tuning: neighbours per node, build and search breadth, the graph's precision. */
          hnsw: z
            .object({
              connectivity: z.number().int().min(2).max(256).optional(),
              expansionAdd: z.number().int().min(1).max(4_096).optional(),
              expansionSearch: z.number().int().min(1).max(4_096).optional(),
              quantization: z.enum(['f16', 'f32']).optional(),
              openSaved: z.enum(['map', 'load']).optional(),
            })
            .strict()
            .optional(),
        }),
        z.object({
          kind: z.literal('postgres'),
          /** `postgres://…` connection string. */
          connectionString: z.string().min(1),
        }),
      ])
      .default({ kind: 'sqlite', vectorIndex: 'hnsw', synchronous: 'full', readOnly: false, checkEveryMs: 5_000 }),
    /** Protective limits of the store; each omitted one has its default. */
    limits: z
      .object({
        metadataBytes: z.number().int().positive().default(defaultMemoryStoreLimits.metadataBytes),
        metadataKeys: z.number().int().positive().default(defaultMemoryStoreLimits.metadataKeys),
        batchBytes: z.number().int().positive().default(defaultMemoryStoreLimits.batchBytes),
        filterTags: z.number().int().positive().default(defaultMemoryStoreLimits.filterTags),
        responseBytes: z.number().int().positive().default(defaultMemoryStoreLimits.responseBytes),
      })
      .strict()
      .default({ ...defaultMemoryStoreLimits }),
    /** The embedding model requests are pinned to; default: the model the store is indexed with, else the router's. */
    embedding: z.object({ model: z.string().min(1).optional() }).default({}),
    /** Default hybrid weights (a query's own `weights` win). */
    search: z
      .object({ weights: memorySearchWeightsSchema.default({ ...defaultMemorySearchWeights }) })
      .default({ weights: { ...defaultMemorySearchWeights } }),
    /** The short-term tier: size, lifetime since last access, and the promotion rule. */
    shortTerm: z
      .object({
        capacity: z.number().int().min(1).default(1000),
        ttlMs: z.number().int().min(1).default(3_600_000),
        /** Promote to the long-term store after this many reads (get or search hit); 0 never. */
        promoteAfterAccesses: z.number().int().min(0).default(3),
      })
      .default({ capacity: 1000, ttlMs: 3_600_000, promoteAfterAccesses: 3 }),
    /** The REST API on the runtime's HTTP server (when the http plugin is present). */
    rest: z
      .object({
        enabled: z.boolean().default(true),
        prefix: z.string().startsWith('/').default('/memories'),
        bodyLimitBytes: z
          .number()
          .int()
          .positive()
          .default(32 * 1024 * 1024),
        /** Largest body of `POST …/search` (a query is at most 10,000 characters). */
        searchBodyLimitBytes: z
          .number()
          .int()
          .positive()
          .default(256 * 1024),
      })
      .default({ enabled: true, prefix: '/memories', bodyLimitBytes: 32 * 1024 * 1024, searchBodyLimitBytes: 256 * 1024 }),
    /** The read-only resources served by transports such as MCP (`memory://memories`, `memory://memories/{id}`). */
    resources: z
      .object({
        enabled: z.boolean().default(true),
        /** How many memories `memory://memories` lists, newest first. */
        recentLimit: z.number().int().min(1).max(1000).default(50),
      })
      .default({ enabled: true, recentLimit: 50 }),
  })
  .strict();

true satisfies SchemaFits<MemoryPluginOptions, typeof memoryPluginOptionsSchema>;

/**
 * The options schema of {@link memoryPlugin} (typed by its interfaces, so the public API reads as written).
 * @public
 */
export const memoryPluginOptions: z.ZodType<MemoryPluginOptions, MemoryPluginOptionsInput> = memoryPluginOptionsSchema;

async function openStore(
  options: MemoryPluginOptions,
  embedder: RouterMemoryEmbedder | undefined,
  onWarning: (message: string) => void,
): Promise<MemoryStore> {
  switch (options.store.kind) {
    case 'sqlite':
      return createSqliteMemoryStore({
        // Never the working directory: a desktop client may start the server from `/`.
        dataDir: options.dataDir ?? join(resolveRuntimeHome({ env: process.env }).dir, 'memory'),
        vectorIndex: options.store.vectorIndex,
        synchronous: options.store.synchronous,
        readOnly: options.store.readOnly,
        checkEveryMs: options.store.checkEveryMs,
        ...(options.store.groupCommit === undefined ? {} : { groupCommit: options.store.groupCommit }),
        ...(options.store.indexCatchUp === undefined ? {} : { indexCatchUp: options.store.indexCatchUp }),
        ...(options.store.hnsw === undefined ? {} : { hnsw: options.store.hnsw }),
        limits: options.limits,
        onWarning,
        ...(embedder === undefined ? {} : { embed: embedder.embed }),
      });
    case 'postgres': {
      const { connectionString } = options.store;
      try {
        // Loaded only here: a process on the SQLite store never loads the `pg` driver.
        const { createPostgresMemoryStore } = await import('../postgres/index.js');
        return await createPostgresMemoryStore({
          connectionString,
          limits: options.limits,
          ...(embedder === undefined ? {} : { embed: embedder.embed }),
        });
      } catch (error) {
        if (CortexError.is(error)) throw error;
        throw new MemoryError(
          'MEMORY_STORE_UNAVAILABLE',
          `cannot open the PostgreSQL store at ${describeServer(connectionString)}: ${(error as Error).message}`,
          {
            cause: error,
            details: { kind: 'postgres', server: describeServer(connectionString) },
          },
        );
      }
    }
  }
}

/** `host:port/database` of a connection string — never its user or password. */
function describeServer(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'the configured server';
  }
}

/**
 * The memory plugin: opens the store (embedded SQLite by default) with a short-term tier in
 * front, provides {@link memoryServiceToken} and a critical health indicator
 * (`memory.store:count`), contributes the `memory.*` tools and read-only resources
 * (`memory://memories`, `memory://memories/{id}`, which announce their changes; see
 * {@link createMemoryResources}) on the kernel's extension points — registered once it has started,
 * removed when it stops — publishes `memory.stored` / `memory.updated` / `memory.deleted`, and
 * mounts the REST API when the http plugin is present.
 *
 * @remarks
 * Embeddings go through the policy router (optional): without one, or while the pinned model is
 * unavailable, memory is keyword-only and every answer says so (`degraded`).
 * Image and audio memories are embedded from their bytes when the pinned model's providers declare
 * that modality (`capabilities.embedding.modalities`, e.g. CLIP through MLX), otherwise from their text.
 * @throws {@link MemoryError} `MEMORY_PGVECTOR_MISSING` (from start) when the PostgreSQL server has no pgvector.
 * @example
 * ```ts
 * const kernel = createKernel({ plugins: [routerPlugin(), localEmbeddersPlugin(), memoryPlugin({ dataDir: '.data/memory' })] });
 * await kernel.start();
 * const memory = kernel.get(memoryServiceToken);
 * await memory.store({ text: 'The deploy key rotates every 90 days', tags: ['ops'] });
 * ```
 * @public
 */
export const memoryPlugin: PluginFactory<typeof memoryPluginOptions> = definePlugin({
  name: 'memory',
  version: packageVersion,
  description: 'Memories (text, image, audio, video) with hybrid search, a short-term tier, tools, events and a REST API.',
  options: memoryPluginOptions,
  requires: { router: optional(policyRouterToken), providers: optional(modelProviderToken), http: optional(httpServiceToken) },
  provides: { memory: memoryServiceToken, health: healthIndicatorToken },
  contributes: { tools: kernelExtensionPoints.tools, resources: kernelExtensionPoints.resources },
  events: [memoryStoredEvent, memoryUpdatedEvent, memoryDeletedEvent],
  async start({ options, deps, events, logger }) {
    // The providers tell which modalities the pinned model embeds (a CLIP model embeds images from their bytes).
    const embedder =
      deps.router === undefined
        ? undefined
        : createRouterMemoryEmbedder(deps.router, options.embedding.model, { providers: deps.providers ?? [] });
    if (embedder === undefined)
      logger.warn(
        'no policy router in this runtime: memory is keyword-only (add routerPlugin and an embedding provider for semantic search)',
      );
    const longTerm = await openStore(options, embedder, (message) => logger.warn(message));
    if (embedder !== undefined && options.embedding.model === undefined) embedder.pin((await longTerm.stats()).embedding?.model);
    const backend = createTieredMemoryStore({
      longTerm,
      ...(embedder === undefined ? {} : { embed: embedder.embed }),
      capacity: options.shortTerm.capacity,
      ttlMs: options.shortTerm.ttlMs,
      promoteAfterAccesses: options.shortTerm.promoteAfterAccesses,
    });
    const service = createMemoryService({
      backend,
      ...(embedder === undefined ? {} : { embedder }),
      weights: options.search.weights,
      events,
    });
    if (deps.http !== undefined && options.rest.enabled)
      mountMemoryRoutes(deps.http, service, {
        prefix: options.rest.prefix,
        bodyLimitBytes: options.rest.bodyLimitBytes,
        searchBodyLimitBytes: options.rest.searchBodyLimitBytes,
      });
    const health = createMemoryHealthIndicator(service);
    // The resources watch the same bus the service publishes on, so subscribed clients hear of changes.
    const resources = options.resources.enabled
      ? createMemoryResources(service, { recentLimit: options.resources.recentLimit, events })
      : [];
    return { memory: service, health, tools: createMemoryTools(service), resources };
  },
  async stop({ provided }) {
    await provided.memory?.backend.close();
  },
});
