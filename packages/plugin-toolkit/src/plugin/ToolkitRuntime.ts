import type { ToolkitLinter } from '../lint/ToolkitLinter.js';
import type { SearchQuery, SearchSettings } from '../search/runSearch.js';
import type { SearchToolCommonInput } from './searchToolSchemas.js';
import type { ToolkitToolLimits } from './ToolkitToolGuard.js';

/**
 * What the toolkit's tools share once the plugin has started: the search settings (roots,
 * engine, file limits) and the per-call limits.
 * @public
 */
export interface ToolkitRuntime {
  /** Roots, engine and file limits. */
  readonly search: SearchSettings;
  /** Time limit and breaker settings of each tool. */
  readonly limits: ToolkitToolLimits;
  /** Matches per pattern when a call does not say. */
  readonly maxResults: number;
  /** Output budget of one call, in approximate tokens. */
  readonly maxOutputTokens: number;
  /** The linters `validate` may run, by name. */
  readonly linters: Readonly<Record<string, ToolkitLinter>>;
}

/** A call's input as a search query, defaults filled in. */
export function toSearchQuery(runtime: ToolkitRuntime, patterns: readonly string[], input: SearchToolCommonInput): SearchQuery {
  return {
    patterns,
    root: input.root,
    path: input.path ?? '.',
    literal: input.literal ?? false,
    ignoreCase: input.ignoreCase ?? false,
    include: input.include ?? [],
    exclude: input.exclude ?? [],
    hidden: input.hidden ?? false,
    context: input.context ?? 0,
    maxResults: input.maxResults ?? runtime.maxResults,
  };
}
