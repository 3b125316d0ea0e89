import { defaultMemoryContentPolicy, type MemoryContentPolicy } from '../media/validateMemoryContent.js';
import { englishStopWords } from '../search/toFtsQuery.js';
import { createUuidV7 } from '../util/createUuidV7.js';
import { type MemoryStoreLimits, resolveMemoryStoreLimits } from './MemoryStoreLimits.js';

/** The options every memory store shares (clock, stop words, content policy). */
export interface MemoryStoreDefaultsOptions {
  readonly now?: () => number;
  readonly stopWords?: ReadonlySet<string>;
  readonly contentPolicy?: MemoryContentPolicy;
  readonly limits?: Partial<MemoryStoreLimits>;
}

/** The shared store options with their defaults applied, plus an id generator on the clock. */
export interface MemoryStoreDefaults {
  readonly now: () => number;
  readonly nextId: () => string;
  readonly stopWords: ReadonlySet<string>;
  readonly contentPolicy: MemoryContentPolicy;
  readonly limits: MemoryStoreLimits;
}

/** Applies the defaults of the options every memory store shares (clock `Date.now`, English stop words, default content policy). */
export function resolveMemoryStoreDefaults(options: MemoryStoreDefaultsOptions): MemoryStoreDefaults {
  const now = options.now ?? Date.now;
  return {
    now,
    nextId: createUuidV7(now),
    stopWords: options.stopWords ?? englishStopWords,
    contentPolicy: options.contentPolicy ?? defaultMemoryContentPolicy,
    limits: resolveMemoryStoreLimits(options.limits),
  };
}
