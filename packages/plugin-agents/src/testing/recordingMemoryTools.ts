import { defineTool, type ToolDefinition } from '@cortex-os/kernel';
import { z } from 'zod';

/**
 * A memory a {@link recordingMemoryTools} search finds.
 * @public
 */
export interface RecordedMemoryHit {
  readonly id: string;
  readonly kind: string;
  readonly text: string;
  readonly score: number;
}

/**
 * `memory.search` and `memory.store` answering as plugin-memory's tools do, for tests of agents
 * with a `memory` option that do not need a store: every search finds `hits` and records its tag
 * filter (`searched`), every store records its memory (`stored`). A test double of the memory
 * plugin's tools, named as one; use `memoryPlugin()` where the search itself is under test.
 * @example
 * ```ts
 * const memory = recordingMemoryTools();
 * agentRuntimePlugins({ model, tools: memory.tools, agents: [concierge] });
 * // after a run for user ada: memory.searched → [['user:ada']]
 * ```
 * @public
 */
export function recordingMemoryTools(hits: readonly RecordedMemoryHit[] = []): {
  readonly searched: string[][];
  readonly stored: unknown[];
  readonly tools: readonly ToolDefinition<z.ZodType, z.ZodType>[];
} {
  const searched: string[][] = [];
  const stored: unknown[] = [];
  const search = defineTool({
    name: 'memory.search',
    description: 'Searches memories (a test double).',
    input: z.looseObject({ filter: z.looseObject({ tags: z.array(z.string()).default([]) }).default({ tags: [] }) }),
    annotations: { readOnlyHint: true },
    handler: ({ filter }) => {
      searched.push(filter.tags);
      return { hits: hits.map(({ score, ...memory }) => ({ memory, score })), mode: 'hybrid' };
    },
  });
  const store = defineTool({
    name: 'memory.store',
    description: 'Stores memories (a test double).',
    input: z.looseObject({ memory: z.unknown() }),
    handler: ({ memory }) => {
      stored.push(memory);
      return { memories: [{ id: `m${stored.length}` }] };
    },
  });
  return { searched, stored, tools: [search, store] as ToolDefinition<z.ZodType, z.ZodType>[] };
}
