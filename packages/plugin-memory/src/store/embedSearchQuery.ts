import { MemoryError } from '../errors/MemoryError.js';
import type { MemorySearchQueryParsed } from '../schema/memorySchemas.js';

/**
 * Embeds the text of a semantic, hybrid or rrf search; `undefined` for a keyword search or a
 * blank query. `embedTexts` is `undefined` when the store has no embedder.
 * @throws {@link MemoryError} `MEMORY_EMBEDDER_MISSING` when the search needs an embedder and there is none.
 */
export async function embedSearchQuery<E>(
  query: MemorySearchQueryParsed,
  embedTexts: ((texts: readonly string[], signal?: AbortSignal) => Promise<E | undefined>) | undefined,
  signal?: AbortSignal,
): Promise<E | undefined> {
  if (query.mode === 'keyword' || query.query.trim() === '') return undefined;
  if (embedTexts === undefined)
    throw new MemoryError(
      'MEMORY_EMBEDDER_MISSING',
      `a ${query.mode} search needs an embedder; open the store with \`embed\` or search with mode "keyword".`,
    );
  return embedTexts([query.query], signal);
}
