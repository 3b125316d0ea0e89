import { defineTool, type ToolDefinition } from '@cortex-os/kernel';
import { z } from 'zod';
import { MemoryError } from '../errors/MemoryError.js';
import type { MemoryService } from '../service/MemoryService.js';
import { markParsedListOptions } from '../schema/parseMemoryListOptions.js';
import { markParsedSearchQuery } from '../schema/parseMemorySearchQuery.js';
import {
  fromWireInput,
  memoryIdRequestSchema,
  memoryListOptionsSchema,
  memorySearchQuerySchema,
  memoryStoreRequestSchema,
  memoryUpdateRequestSchema,
  memoryWireHistorySchema,
  memoryWirePageSchema,
  memoryWireSchema,
  memoryWireSearchResultSchema,
  memoryWireStatsSchema,
  memoryWireWriteResultSchema,
  toWireHit,
  toWireMemory,
} from '../wire/memoryWireSchemas.js';

/**
 * The names of the memory tools, in the order {@link createMemoryTools} returns them.
 * @public
 */
export const memoryToolNames = [
  'memory.store',
  'memory.get',
  'memory.search',
  'memory.update',
  'memory.delete',
  'memory.list',
  'memory.stats',
  'memory.history',
] as const;

/**
 * The memory tools over a {@link MemoryService}: one definition each for in-process, REST and
 * MCP callers. Bytes travel as base64 (`content`); outputs carry `contentBytes`, and
 * `memory.get` also the base64 `content`.
 * @public
 */
export function createMemoryTools(service: MemoryService): readonly ToolDefinition<z.ZodType, z.ZodType>[] {
  const tools = [
    defineTool({
      name: 'memory.store',
      description:
        'Stores one memory (`memory`) or up to 100 in one transaction (`memories`): text, or image/audio/video bytes as base64 with their media type and a text description; kind, tags and JSON metadata. Answers `degraded` when stored without a vector (keyword-only).',
      input: memoryStoreRequestSchema,
      output: memoryWireWriteResultSchema,
      annotations: { title: 'Store memories', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
      async handler(input, ctx) {
        const inputs = input.memories ?? (input.memory === undefined ? [] : [input.memory]);
        const result = await service.storeMany(inputs.map(fromWireInput), { signal: ctx.signal });
        return {
          memories: result.memories.map((m) => toWireMemory(m)),
          ...(result.degraded === undefined ? {} : { degraded: result.degraded }),
        };
      },
    }),
    defineTool({
      name: 'memory.get',
      description: 'Returns one memory by id, with its content bytes as base64.',
      input: memoryIdRequestSchema,
      output: z.object({ memory: memoryWireSchema }),
      annotations: { title: 'Get a memory', readOnlyHint: true, openWorldHint: false },
      async handler({ id }) {
        const memory = await service.get(id);
        if (memory === undefined) throw new MemoryError('MEMORY_NOT_FOUND', `no memory with id ${id}.`, { details: { id } });
        return { memory: toWireMemory(memory, true) };
      },
    }),
    defineTool({
      name: 'memory.search',
      description:
        'Searches memories by meaning and keywords (hybrid by default; or rrf, semantic, keyword), with filters by kind, tags, modality, tier and time. Each hit carries its score parts. Answers `degraded` when it had to search by keywords only.',
      input: memorySearchQuerySchema,
      output: memoryWireSearchResultSchema,
      annotations: { title: 'Search memories', readOnlyHint: true, openWorldHint: false },
      async handler(query, ctx) {
        // The kernel parsed the input with memorySearchQuerySchema: it is not parsed again below.
        const result = await service.search(markParsedSearchQuery(query), { signal: ctx.signal });
        return {
          hits: result.hits.map(toWireHit),
          mode: result.mode,
          ...(result.embeddingModel === undefined ? {} : { embeddingModel: result.embeddingModel }),
          ...(result.degraded === undefined ? {} : { degraded: result.degraded }),
        };
      },
    }),
    defineTool({
      name: 'memory.update',
      description: 'Changes the kind, text, tags, metadata or expiry of a memory; the previous state is kept in its history.',
      input: memoryUpdateRequestSchema,
      output: memoryWireWriteResultSchema,
      annotations: { title: 'Update a memory', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
      async handler({ id, patch }, ctx) {
        const result = await service.update(id, patch, { signal: ctx.signal });
        return { memories: [toWireMemory(result.memory)], ...(result.degraded === undefined ? {} : { degraded: result.degraded }) };
      },
    }),
    defineTool({
      name: 'memory.delete',
      description: 'Deletes a memory and its history; `deleted` is false when there was none.',
      input: memoryIdRequestSchema,
      output: z.object({ deleted: z.boolean() }),
      annotations: { title: 'Delete a memory', readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
      async handler({ id }) {
        return { deleted: await service.delete(id) };
      },
    }),
    defineTool({
      name: 'memory.list',
      description:
        'Lists memories newest first, filtered by kind, tags, modality, tier and creation time, one page at a time (pass back `nextCursor`).',
      input: memoryListOptionsSchema,
      output: memoryWirePageSchema,
      annotations: { title: 'List memories', readOnlyHint: true, openWorldHint: false },
      async handler(listOptions) {
        // The kernel parsed the input with memoryListOptionsSchema: it is not parsed again below.
        const page = await service.list(markParsedListOptions(listOptions));
        return { items: page.items.map((m) => toWireMemory(m)), ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
      },
    }),
    defineTool({
      name: 'memory.stats',
      description:
        'Counts memories by kind, modality and tier; size on disk; vector index state; whether semantic search is available and with which model.',
      input: z.object({}).strict(),
      output: memoryWireStatsSchema,
      annotations: { title: 'Memory statistics', readOnlyHint: true, openWorldHint: false },
      async handler() {
        const { embedding, ...stats } = await service.stats();
        return { ...stats, ...(embedding === undefined ? {} : { embedding }) };
      },
    }),
    defineTool({
      name: 'memory.history',
      description: 'Earlier states of a memory, oldest first (empty when it was never updated).',
      input: memoryIdRequestSchema,
      output: memoryWireHistorySchema,
      annotations: { title: 'Memory history', readOnlyHint: true, openWorldHint: false },
      async handler({ id }) {
        return { revisions: [...(await service.history(id))] };
      },
    }),
  ];
  return tools as unknown as readonly ToolDefinition<z.ZodType, z.ZodType>[];
}
