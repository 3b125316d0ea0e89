import type { ToolRegistry } from '@cortex-os/kernel';

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
  readonly memory?: { readonly text?: unknown; readonly kind?: unknown };
}

/**
 * A planner `recall` that searches the runtime's memory through its `memory.search` tool (so the
 * memory plugin's scope, interceptors and events apply as for any caller), returning the text of
 * the best memories of the planning kinds. A runtime without the tool recalls nothing.
 * @public
 */
export function recallFromMemoryTool(
  tools: Pick<ToolRegistry, 'call' | 'has'>,
  options: RecallFromMemoryToolOptions = {},
): (goal: string, signal: AbortSignal | undefined) => Promise<readonly string[]> {
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
    return hits.flatMap((hit) => (typeof hit.memory?.text === 'string' ? [`[${String(hit.memory.kind)}] ${hit.memory.text}`] : []));
  };
}
