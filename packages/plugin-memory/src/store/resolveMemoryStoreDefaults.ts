import { defaultMemoryContentPolicy, type MemoryContentPolicy } from '../media/validateMemoryContent.js';
import { englishStopWords } from '../search/toFtsQuery.js';
import { defaultMemorySearchWeights, memorySearchWeightsSchema } from '../schema/memorySearchWeightsSchema.js';
import { createUuidV7 } from '../util/createUuidV7.js';
import { parseInput } from '../util/parseInput.js';
import { type MemoryStoreLimits, resolveMemoryStoreLimits } from './MemoryStoreLimits.js';

/** The options every memory store shares (clock, stop words, content policy). */
export interface MemoryStoreDefaultsOptions {
  readonly now?: () => number;
  readonly stopWords?: ReadonlySet<string>;
  readonly contentPolicy?: MemoryContentPolicy;
  readonly limits?: Partial<MemoryStoreLimits>;
  readonly searchWeights?: { readonly semantic: number; readonly keyword: number };
}

/** The shared store options with their defaults applied, plus an id generator on the clock. */
export interface MemoryStoreDefaults {
  readonly now: () => number;
  readonly nextId: () => string;
  readonly stopWords: ReadonlySet<string>;
  readonly contentPolicy: MemoryContentPolicy;
  readonly limits: MemoryStoreLimits;
  /** Hybrid weights of a query that gives none (checked). */
  readonly searchWeights: { readonly semantic: number; readonly keyword: number };
}

/**
 * Applies the defaults of the options every memory store shares (clock `Date.now`, English stop
 * words, default content policy, hybrid weights 0.6 / 0.4).
 * @throws {@link MemoryError} `MEMORY_INPUT_INVALID` for `searchWeights` that are negative, not finite or both 0.
 */
export function resolveMemoryStoreDefaults(options: MemoryStoreDefaultsOptions): MemoryStoreDefaults {
  const now = options.now ?? Date.now;
  return {
    now,
    nextId: createUuidV7(now),
    stopWords: options.stopWords ?? englishStopWords,
    contentPolicy: options.contentPolicy ?? defaultMemoryContentPolicy,
    limits: resolveMemoryStoreLimits(options.limits),
    searchWeights:
      options.searchWeights === undefined
        ? defaultMemorySearchWeights
        : Object.freeze(parseInput(memorySearchWeightsSchema, options.searchWeights, 'searchWeights option')),
  };
}
