import type { ToolRegistry } from '@cortex-os/kernel';
import { learningExampleOwnerTag } from '../learning/learningExampleOwnerTag.js';
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
  readonly score?: unknown;
  readonly memory?: { readonly id?: unknown; readonly text?: unknown; readonly kind?: unknown };
}

const exampleKind = 'learning-example';

/**
 * A planner `recall` that searches the runtime's memory through its `memory.search` tool (so the
 * memory plugin's scope, interceptors and events apply as for any caller), returning the best
 * memories of the planning kinds (text prefixed with the kind, and the memory's id). A runtime without the tool recalls nothing.
 *
 * Learning examples are recalled only for the principal the plan is for, and only theirs (the
 * store filters by their owner tag, see {@link learningExampleOwnerTag}): one principal's runs never
 * inform another's plans. A plan for no principal recalls no examples, and an example stored
 * without an owner (before owners were recorded, say) informs nobody's plans. Other kinds
 * (`planning-context`) are the runtime's, recalled for every plan; the two searches are merged by score.
 * @public
 */
export function recallFromMemoryTool(
  tools: Pick<ToolRegistry, 'call' | 'has'>,
  options: RecallFromMemoryToolOptions = {},
): (goal: string, signal: AbortSignal | undefined, principal?: string) => Promise<readonly RecalledContext[]> {
  const kinds = options.kinds ?? ['planning-context', exampleKind];
  const shared = kinds.filter((kind) => kind !== exampleKind);
  const limit = options.limit ?? 5;
  const search = async (filter: { kinds: string[]; tags?: string[] }, goal: string, signal: AbortSignal | undefined) => {
    const result = await tools.call(
      'memory.search',
      { query: goal, limit, filter, ...(options.minScore === undefined ? {} : { minScore: options.minScore }) },
      signal === undefined ? {} : { signal },
    );
    return ((result.structured as { hits?: readonly SearchHit[] } | undefined)?.hits ?? []) as readonly SearchHit[];
  };
  return async (goal, signal, principal) => {
    if (!tools.has('memory.search')) return [];
    const searches = [
      shared.length === 0 ? [] : search({ kinds: shared }, goal, signal),
      principal === undefined || !kinds.includes(exampleKind)
        ? []
        : search({ kinds: [exampleKind], tags: [learningExampleOwnerTag(principal)] }, goal, signal),
    ];
    const hits = (await Promise.all(searches)).flat();
    // Stable sort: at equal scores the runtime's context comes before examples, as each search ranked them.
    const ranked = hits.length === 0 ? hits : [...hits].sort((a, b) => scoreOf(b) - scoreOf(a)).slice(0, limit);
    return ranked.flatMap(({ memory }) =>
      typeof memory?.text === 'string' && typeof memory.id === 'string'
        ? [{ text: `[${String(memory.kind)}] ${memory.text}`, kind: String(memory.kind), id: memory.id }]
        : [],
    );
  };
}

function scoreOf(hit: SearchHit): number {
  return typeof hit.score === 'number' ? hit.score : 0;
}
