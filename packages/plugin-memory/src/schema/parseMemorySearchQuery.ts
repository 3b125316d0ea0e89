import { parseInput } from '../util/parseInput.js';
import { memorySearchQuerySchema, type MemorySearchQuery, type MemorySearchQueryParsed } from './memorySchemas.js';

declare const parsedSearchQuery: unique symbol;

/**
 * A search query that passed {@link memorySearchQuerySchema} once, where it entered (REST body,
 * tool input, a direct call): the layers below take this type, so a raw query does not
 * type-check there and is never parsed again.
 */
export type ParsedMemorySearchQuery = MemorySearchQueryParsed & { readonly [parsedSearchQuery]: true };

/** The queries parsed so far (frozen, so nothing changes them after their check). */
const parsed = new WeakSet<object>();

/**
 * Marks a query already parsed by `memorySearchQuerySchema` — a tool's input or a route's body,
 * which the kernel and the HTTP server parse with that schema before the handler runs — or
 * derived from one with checked values (a default weight filled in).
 */
export function markParsedSearchQuery(query: MemorySearchQueryParsed): ParsedMemorySearchQuery {
  const frozen = Object.isFrozen(query) ? query : Object.freeze({ ...query });
  parsed.add(frozen);
  return frozen as ParsedMemorySearchQuery;
}

/**
 * The parsed form of a search query: the query itself when it was parsed before, otherwise the
 * schema's output.
 * @throws {@link MemoryError} `MEMORY_INPUT_INVALID` listing every issue.
 */
export function parseMemorySearchQuery(query: MemorySearchQuery | ParsedMemorySearchQuery): ParsedMemorySearchQuery {
  if (parsed.has(query)) return query as ParsedMemorySearchQuery;
  return markParsedSearchQuery(parseInput(memorySearchQuerySchema, query, 'search query'));
}
