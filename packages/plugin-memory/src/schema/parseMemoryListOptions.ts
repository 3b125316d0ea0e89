import type { z } from 'zod';
import { parseInput } from '../util/parseInput.js';
import { type MemoryFilter, type MemoryListOptions, memoryListOptionsSchema } from './memorySchemas.js';

declare const parsedListOptions: unique symbol;

/**
 * List options that passed {@link memoryListOptionsSchema} once, where they entered (the REST
 * query string, the tool's input, a direct call): the layers below recognise them and do not
 * parse them again.
 */
export type ParsedMemoryListOptions = Readonly<z.output<typeof memoryListOptionsSchema>> & {
  readonly [parsedListOptions]: true;
};

/** The options parsed so far (frozen, so nothing changes them after their check). */
const parsed = new WeakSet<object>();

/** Marks options already parsed by `memoryListOptionsSchema` (a tool's input, which the kernel parses before the handler runs). */
export function markParsedListOptions(options: z.output<typeof memoryListOptionsSchema>): ParsedMemoryListOptions {
  const frozen = Object.isFrozen(options) ? options : Object.freeze({ ...options });
  parsed.add(frozen);
  return frozen as ParsedMemoryListOptions;
}

/**
 * The parsed form of list options: the options themselves when they were parsed before,
 * otherwise the schema's output.
 * @throws {@link MemoryError} `MEMORY_INPUT_INVALID` listing every issue.
 */
export function parseMemoryListOptions(options: MemoryListOptions | ParsedMemoryListOptions = {}): ParsedMemoryListOptions {
  if (parsed.has(options)) return options as ParsedMemoryListOptions;
  return markParsedListOptions(parseInput(memoryListOptionsSchema, options, 'list options'));
}

/** The filter of parsed list options: the list schema is the filter schema plus `limit` and `cursor`, so it needs no parse of its own. */
export function listOptionsFilter(options: ParsedMemoryListOptions): MemoryFilter {
  const { limit: _limit, cursor: _cursor, ...filter } = options;
  return filter;
}
