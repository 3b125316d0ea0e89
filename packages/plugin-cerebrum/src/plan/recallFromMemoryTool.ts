import type { ToolRegistry } from '@cortex-os/kernel';
import type { RecalledContext } from './createPlanner.js';

/**
 * Options of {@link recallFromMemoryTool}.
 * @public
 */
export interface RecallFromMemoryToolOptions {
  /** Memory kinds to recall (default `planning-context` and `learning-example`). */
  readonly kinds?: readonly string[];
  /** Most memories recalled (default 5). */
  readonly limit?: number;
  /** Hits scoring below this are left out. */
  readonly minScore?: number;
}

interface SearchHit {
  readonly memory?: { readonly id?: unknown; readonly text?: unknown; readonly kind?: unknown };
}

/**
 * A planner `recall` that searches the runtime's memory through its `memory.search` tool (so the
 * memory plugin's scope, interceptors and events apply as for any caller), returning the best
 * memories of the planning kinds (text prefixed with the kind, and the memory's id). A runtime without the tool recalls nothing.
 * @public
 */
export function recallFromMemoryTool(
  tools: Pick<ToolRegistry, 'call' | 'has'>,
  options: RecallFromMemoryToolOptions = {},
): (goal: string, signal: AbortSignal | undefined) => Promise<readonly RecalledContext[]> {
  const kinds = options.kinds ?? ['planning-context', 'learning-example'];
  return async (goal, signal) => {
    if (!tools.has('memory.search')) return [];
    const result = await tools.call(
      'memory.search',
      {
        query: goal,
        limit: options.limit ?? 5,
        filter: { kinds },
        ...(options.minScore === undefined ? {} : { minScore: options.minScore }),
      },
      signal === undefined ? {} : { signal },
    );
    const hits = ((result.structured as { hits?: readonly SearchHit[] } | undefined)?.hits ?? []) as readonly SearchHit[];
    return hits.flatMap(({ memory }) =>
      typeof memory?.text === 'string' && typeof memory.id === 'string'
        ? [{ text: `[${String(memory.kind)}] ${memory.text}`, kind: String(memory.kind), id: memory.id }]
        : [],
    );
  };
}
