import type { HttpService } from '@cortex-os/http-api';
import { z } from 'zod';
import { MemoryError } from '../errors/MemoryError.js';
import { memoryIdSchema, memoryModalitySchema, memoryPatchObject, memoryTierSchema } from '../schema/memorySchemas.js';
import type { MemoryService } from '../service/MemoryService.js';
import { fromWireInput, memorySearchQuerySchema, memoryWireInputSchema, toWireHit, toWireMemory } from '../wire/memoryWireSchemas.js';
import { parseMemoryListOptions } from '../schema/parseMemoryListOptions.js';
import { markParsedSearchQuery } from '../schema/parseMemorySearchQuery.js';

/**
 * Options of {@link mountMemoryRoutes}.
 * @public
 */
export interface MountMemoryRoutesOptions {
  /** Path under the service's REST base path (default `/memories`, so `/api/v1/memories`). */
  readonly prefix?: string;
  /** Largest JSON body of `POST` and `PATCH` (default 32 MiB; base64 makes bytes ~4/3 larger); bigger bodies get 413. */
  readonly bodyLimitBytes?: number;
  /** Largest JSON body of `POST …/search` (default 256 KiB: a query is at most 10,000 characters); bigger bodies get 413 before they are parsed. */
  readonly searchBodyLimitBytes?: number;
}

const idParams = z.object({ id: memoryIdSchema });
const csv = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : v.split(',')).filter((s) => s !== ''));
const listQuery = z
  .object({
    kinds: csv.optional(),
    tags: csv.optional(),
    modalities: csv.pipe(z.array(memoryModalitySchema)).optional(),
    tiers: csv.pipe(z.array(memoryTierSchema)).optional(),
    createdFrom: z.coerce.number().int().nonnegative().optional(),
    createdTo: z.coerce.number().int().nonnegative().optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    cursor: z.string().optional(),
  })
  .strict();
const batchBody = z.object({ memories: z.array(memoryWireInputSchema).min(1).max(100) }).strict();
// Text length is checked by the service (413 `MEMORY_CONTENT_TOO_LARGE`), not by the schema (400).
const patchBody = memoryPatchObject.extend({ text: z.string().optional() });

/** Validates a POST body as one memory, or `{ memories: [...] }`, naming each bad field. */
function parseStoreBody(body: unknown): { batch: boolean; inputs: z.output<typeof memoryWireInputSchema>[] } {
  const batch = typeof body === 'object' && body !== null && !Array.isArray(body) && Object.hasOwn(body, 'memories');
  const parsed = batch ? batchBody.safeParse(body) : memoryWireInputSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      location: 'body',
      path: issue.path.map(String).join('.') || '(root)',
      message: issue.message,
      code: issue.code,
    }));
    throw new MemoryError(
      'MEMORY_INPUT_INVALID',
      `invalid memory: ${issues.map((i) => `body${i.path === '(root)' ? '' : `.${i.path}`}: ${i.message}`).join('; ')}`,
      { details: { issues } },
    );
  }
  return batch
    ? { batch, inputs: (parsed.data as z.output<typeof batchBody>).memories }
    : { batch, inputs: [parsed.data as z.output<typeof memoryWireInputSchema>] };
}

function notFound(id: string): never {
  throw new MemoryError('MEMORY_NOT_FOUND', `no memory with id ${id}.`, { details: { id } });
}

/**
 * Adds the memory REST API to the runtime's HTTP server, under its REST base path (`/api/v1`):
 * `POST /memories`, `GET /memories`, `GET|PATCH|DELETE /memories/:id`, `POST /memories/search`,
 * `GET /memories/stats`, `GET /memories/:id/history` (zod-validated; errors as problem+json with
 * the memory codes).
 * @public
 */
export function mountMemoryRoutes(http: HttpService, service: MemoryService, options: MountMemoryRoutesOptions = {}): void {
  const prefix = `${http.restBasePath}${options.prefix ?? '/memories'}`;
  const bodyLimitBytes = options.bodyLimitBytes ?? 32 * 1024 * 1024;
  http.route({
    method: 'POST',
    path: prefix,
    body: z.unknown(),
    bodyLimitBytes,
    description: 'Stores one memory, or `{ memories: [...] }` (at most 100) in one transaction; content bytes as base64.',
    async handler({ body, signal }) {
      const { batch, inputs } = parseStoreBody(body);
      const result = await service.storeMany(inputs.map(fromWireInput), { signal });
      const degraded = result.degraded === undefined ? {} : { degraded: result.degraded };
      const memories = result.memories.map((m) => toWireMemory(m));
      return { status: 201, body: batch ? { memories, ...degraded } : { memory: memories[0], ...degraded } };
    },
  });
  http.route({
    method: 'GET',
    path: prefix,
    query: listQuery,
    description:
      'Lists memories newest first; filters kinds, tags, modalities, tiers (comma-separated), createdFrom, createdTo; limit and cursor.',
    async handler({ query }) {
      // Parsed once here (the server only split the query string); not again by the service, tier or store.
      const page = await service.list(parseMemoryListOptions(query as z.output<typeof listQuery>));
      return { items: page.items.map((m) => toWireMemory(m)), ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
    },
  });
  http.route({
    method: 'POST',
    path: `${prefix}/search`,
    body: memorySearchQuerySchema,
    bodyLimitBytes: options.searchBodyLimitBytes ?? 256 * 1024,
    description: 'Searches memories (hybrid by default); each hit has its score parts; `degraded` when keyword-only.',
    async handler({ body, signal }) {
      // The server parsed the body with memorySearchQuerySchema: it is not parsed again below.
      const result = await service.search(markParsedSearchQuery(body as z.output<typeof memorySearchQuerySchema>), { signal });
      return {
        hits: result.hits.map(toWireHit),
        mode: result.mode,
        ...(result.embeddingModel === undefined ? {} : { embeddingModel: result.embeddingModel }),
        ...(result.degraded === undefined ? {} : { degraded: result.degraded }),
      };
    },
  });
  http.route({
    method: 'GET',
    path: `${prefix}/stats`,
    description: 'Counts by kind, modality and tier, size, index state and semantic availability.',
    async handler() {
      return service.stats();
    },
  });
  http.route({
    method: 'GET',
    path: `${prefix}/:id`,
    params: idParams,
    description: 'One memory with its content bytes as base64.',
    async handler({ params }) {
      const memory = await service.get(params.id as string);
      return memory === undefined ? notFound(params.id as string) : toWireMemory(memory, true);
    },
  });
  http.route({
    method: 'PATCH',
    path: `${prefix}/:id`,
    params: idParams,
    body: patchBody,
    bodyLimitBytes,
    description: 'Changes kind, text, tags, metadata or expiry; the previous state goes to the history.',
    async handler({ params, body, signal }) {
      const result = await service.update(params.id as string, body as z.output<typeof patchBody>, { signal });
      return { memory: toWireMemory(result.memory), ...(result.degraded === undefined ? {} : { degraded: result.degraded }) };
    },
  });
  http.route({
    method: 'DELETE',
    path: `${prefix}/:id`,
    params: idParams,
    description: 'Deletes a memory and its history (204), or 404.',
    async handler({ params }) {
      return (await service.delete(params.id as string)) ? { status: 204 } : notFound(params.id as string);
    },
  });
  http.route({
    method: 'GET',
    path: `${prefix}/:id/history`,
    params: idParams,
    description: 'Earlier states of a memory, oldest first.',
    async handler({ params }) {
      const id = params.id as string;
      if ((await service.get(id)) === undefined) notFound(id);
      return { revisions: await service.history(id) };
    },
  });
}
